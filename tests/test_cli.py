"""The `rapport` command as an operator runs it: production settings, a fresh data folder."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The operator's environment: no test mode, no DEBUG, SQLite in the data folder, plain HTTP.
DROPPED = {"DEBUG", "RAPPORT_TESTING", "DATABASE_URL", "REDIS_URL", "RAPPORT_QUEUE_FILE"}


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DROPPED}
    return {**env, "RAPPORT_DATA_DIR": str(data_dir), "RAPPORT_INSECURE": "1"}


def _rapport(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rapport.cli", *args],
        cwd=ROOT,
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )


def _row_counts(data_dir: Path) -> dict[str, int]:
    with sqlite3.connect(data_dir / "rapport.sqlite3") as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int], str]:
    """A data folder after one `rapport demo`: its path, row counts and the printed text."""
    data_dir = tmp_path_factory.mktemp("rapport-data")
    output = _rapport(data_dir, "demo").stdout
    return data_dir, _row_counts(data_dir), output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http://127.0.0.1 only
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@dataclass
class Server:
    url: str
    log: Path


@pytest.fixture(scope="module")
def server(demo: tuple[Path, dict[str, int], str], tmp_path_factory) -> Iterator[Server]:
    """`rapport serve` on a free port over the demo data folder."""
    data_dir = demo[0]
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "rapport.cli", "serve", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=_env(data_dir),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"rapport serve did not come up:\n{log.read_text()}")
            time.sleep(0.2)
        yield Server(base, log)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_demo_prints_the_logins(demo: tuple[Path, dict[str, int], str]) -> None:
    output = demo[2]
    assert "Demo logins" in output
    assert "admin" in output
    assert "rapport-demo" in output


def test_demo_twice_creates_nothing_new(demo: tuple[Path, dict[str, int], str]) -> None:
    data_dir, first, _ = demo
    _rapport(data_dir, "demo")
    assert first["org_user"] > 0
    assert _row_counts(data_dir) == first


def test_serve_answers_the_health_check(server: Server) -> None:
    status, _headers, body = _get(f"{server.url}/healthz")
    assert status == 200
    assert b'"ok"' in body


def test_serve_runs_gunicorn_with_several_workers(server: Server) -> None:
    log = server.log.read_text()
    assert "Starting gunicorn" in log
    assert log.count("Booting worker") >= 2


def test_serve_serves_hashed_static_files_compressed_and_cached_for_good(server: Server) -> None:
    status, _headers, page = _get(f"{server.url}/accounts/login/")
    assert status == 200
    css = re.search(rb'href="(/static/rapport/app\.[0-9a-f]{12}\.css)"', page)
    assert css, "the login page links the hashed stylesheet"
    status, headers, _body = _get(
        f"{server.url}{css.group(1).decode()}", **{"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert "max-age=315360000" in headers["Cache-Control"]


def test_serve_runs_with_debug_off(server: Server) -> None:
    status, _headers, body = _get(f"{server.url}/static/rapport/no-such-file.css")
    assert status == 404
    assert b"URLconf" not in body  # Django's debug page would name it
