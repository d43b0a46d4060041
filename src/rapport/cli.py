"""The `rapport` command: serve, worker, start, demo, createadmin, check, manage.

`serve` is the production web server: gunicorn with several workers, static files served by
whitenoise from the data folder, DEBUG off unless the environment turns it on. `worker` runs
the Huey consumer. `start` runs both and stops both when either stops or on Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from types import FrameType

_PREFIX = "rapport:"


def say(message: str) -> None:
    """Print one clear log line of the `rapport` command itself."""
    print(f"{_PREFIX} {message}", file=sys.stderr, flush=True)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapport.settings")
    import django

    django.setup()


def _manage(*args: str) -> None:
    _django()
    from django.core.management import call_command

    call_command(*args)


def prepare() -> None:
    """Apply migrations, create the cache table and collect static files (idempotent)."""
    _manage("migrate", "--no-input", "-v", "0")
    _manage("createcachetable", "-v", "0")
    from django.conf import settings

    if not settings.DEBUG and not settings.TESTING:
        _manage("collectstatic", "--no-input", "-v", "0")


def _web_workers(requested: int | None) -> int:
    """Return the gunicorn worker count: asked for, WEB_CONCURRENCY, or 2 per CPU (2 to 8)."""
    if requested:
        return requested
    if env := os.environ.get("WEB_CONCURRENCY", "").strip():
        return max(1, int(env))
    return min(8, max(2, (os.cpu_count() or 1) * 2))


def cmd_serve(ns: argparse.Namespace) -> int:
    """Replace this process with gunicorn, so signals reach the server itself."""
    if not ns.skip_prepare:
        prepare()
    import gunicorn

    argv = [
        sys.executable, "-m", "gunicorn", "rapport.wsgi:application",
        "--bind", ns.bind, "--workers", str(_web_workers(ns.workers)), "--threads", "4",
        "--access-logfile", "-", "--timeout", "120", "--graceful-timeout", "20",
    ]  # fmt: skip
    if gunicorn.version_info >= (27,):
        # One control socket per user's home would clash between servers; we do not use it.
        argv.append("--no-control-socket")
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, argv)  # noqa: S606 - our own interpreter and fixed arguments


def _worker_logging(quiet: bool) -> None:
    """Give the consumer's log one handler with times (else it repeats through the root)."""
    logger = logging.getLogger("huey")
    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("[%(asctime)s] %(levelname)s %(threadName)s: %(message)s")
    )
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.WARNING if quiet else logging.INFO)


def cmd_worker(ns: argparse.Namespace) -> int:
    _django()
    from huey.contrib.djhuey import HUEY

    # A consumer never runs jobs inline: that mode is for tests without one.
    HUEY.immediate = False
    _worker_logging(ns.quiet)
    options = ["--workers", str(ns.workers)] if ns.workers else []
    if ns.no_periodic:
        options.append("--no-periodic")
    _manage("run_huey", *options)
    return 0


# --- start: the web server and the job consumer as one service ------------------------


def _die_with_parent() -> None:
    """Ask Linux to stop this child if `rapport start` itself is killed."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _spawn(args: list[str]) -> subprocess.Popen[bytes]:
    """Start `rapport <args>` in its own process group: only `start` decides when it stops."""
    return subprocess.Popen(
        [sys.executable, "-m", "rapport.cli", *args],
        process_group=0,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )


def _listening(bind: str) -> bool:
    host, _, port = bind.rpartition(":")
    try:
        with socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout=0.5):
            return True
    except (OSError, ValueError):
        return False


class _Stop(Exception):
    """Raised by the signal handler when `start` is asked to stop (SIGTERM, SIGHUP)."""


def _raise_stop(signum: int, _frame: FrameType | None) -> None:
    raise _Stop(signal.Signals(signum).name)


def _stop_children(children: Mapping[str, tuple[subprocess.Popen[bytes], int]]) -> None:
    """Ask each running child to finish its work, then wait; kill what does not stop."""
    for name, (proc, sig) in children.items():
        if proc.poll() is None:
            say(f"stopping the {name} (pid {proc.pid})…")
            proc.send_signal(sig)
    deadline = time.monotonic() + 30
    for name, (proc, _sig) in children.items():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            say(f"killing the {name}: it did not stop in time, or Ctrl-C was pressed again")
            proc.kill()
            proc.wait()
        say(f"{name} stopped (exit code {proc.returncode}).")


def cmd_start(ns: argparse.Namespace) -> int:
    """Run the web server and the job consumer together until Ctrl-C or either one stops."""
    say("preparing the database and static files…")
    prepare()
    from django.conf import settings

    queue = "Redis" if settings.REDIS_URL else f"SQLite ({settings.HUEY['filename']})"
    # gunicorn stops gracefully on SIGTERM, the Huey consumer on SIGINT.
    children = {
        "web server": (_spawn(["serve", "--bind", ns.bind, "--skip-prepare"]), signal.SIGTERM),
        "job consumer": (_spawn(["worker"]), signal.SIGINT),
    }
    for name, (proc, _sig) in children.items():
        say(f"{name} started (pid {proc.pid}).")
    say(f"job queue: {queue}.")
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even when started with &
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_stop)
    reason, code, announced = "", 0, False
    try:
        while not reason:
            for name, (proc, _sig) in children.items():
                if proc.poll() is not None:
                    reason, code = f"the {name} exited with code {proc.returncode}", 1
            if not reason and not announced and _listening(ns.bind):
                announced = True
                say(f"Rapport is running on http://{ns.bind}/ — press Ctrl-C to stop.")
            time.sleep(0.3)
    except KeyboardInterrupt:
        reason = "Ctrl-C"
    except _Stop as stop:
        reason = f"{stop} received"
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        say(f"shutting down: {reason or 'error'}.")
        _stop_children(children)
    return code


def cmd_demo(ns: argparse.Namespace) -> int:
    prepare()
    from rapport.demo import build_all

    print("\n".join(build_all(seed=ns.seed)))
    return 0


def cmd_createadmin(ns: argparse.Namespace) -> int:
    prepare()
    _manage("createadmin", "--username", ns.username, "--email", ns.email)
    return 0


def cmd_check(ns: argparse.Namespace) -> int:
    _manage("check", *(["--deploy"] if ns.deploy else []), "--fail-level", ns.fail_level)
    return 0


def cmd_manage(ns: argparse.Namespace) -> int:
    _manage(*ns.args)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rapport", description="Rapport CRM")
    sub = parser.add_subparsers(dest="command", required=True)
    bind = os.environ.get("RAPPORT_BIND", "127.0.0.1:8000")
    p = sub.add_parser("serve", help="run the production web server (gunicorn)")
    p.add_argument("--bind", default=bind, help="host:port (default %(default)s)")
    p.add_argument("--workers", type=int, default=None, help="web worker processes")
    p.add_argument("--skip-prepare", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("worker", help="run the background job consumer (Huey)")
    p.add_argument("--workers", type=int, default=None, help="worker threads")
    p.add_argument(
        "--no-periodic",
        action="store_true",
        help="do not schedule periodic jobs (give every consumer but one this flag)",
    )
    p.add_argument("--quiet", action="store_true", help="log warnings and errors only")
    p.set_defaults(func=cmd_worker)
    p = sub.add_parser("start", help="run the web server and the job consumer together")
    p.add_argument("--bind", default=bind, help="host:port (default %(default)s)")
    p.set_defaults(func=cmd_start)
    p = sub.add_parser("demo", help="create the database and load demo data (idempotent)")
    p.add_argument("--seed", type=int, default=2026)
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("createadmin", help="create an administrator (asks for a password)")
    p.add_argument("--username", default="admin")
    p.add_argument("--email", default="admin@example.com")
    p.set_defaults(func=cmd_createadmin)
    p = sub.add_parser("check", help="run Django's system checks")
    p.add_argument("--deploy", action="store_true", help="include the production checks")
    p.add_argument("--fail-level", default="ERROR", choices=["CRITICAL", "ERROR", "WARNING"])
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("manage", help="run a Django management command", add_help=False)
    p.add_argument("args", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    ns = build_parser().parse_args(argv)
    return int(ns.func(ns))


if __name__ == "__main__":
    sys.exit(main())
