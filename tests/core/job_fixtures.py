"""Jobs that exist only for the job tests; the test consumer (job_worker.py) imports them.

Each writes lines to a file named in its arguments (or, for the periodic one, in the
consumer's environment), so the test can see what the consumer process did.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from rapport.core.jobs import Retry, crontab, job, periodic


def append_line(path: str, text: str) -> None:
    with Path(path).open("a") as out:
        out.write(f"{text}\n")


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


@job()
def write_line_task(path: str, text: str) -> None:
    append_line(path, text)


@job(retry=Retry(times=3, delay=1.0, backoff=2.0))
def flaky_task(path: str, failures: int) -> None:
    """Fail the first `failures` tries, then succeed; one line per try: "<time> fail|ok"."""
    tried = len(lines(Path(path)))
    outcome = "fail" if tried < failures else "ok"
    append_line(path, f"{time.time()} {outcome}")
    if outcome == "fail":
        raise RuntimeError("failing on purpose")


@job(retry=Retry(times=1, delay=1.0))
def hopeless_task(path: str) -> None:
    """Always fail, one line per try."""
    append_line(path, f"{time.time()} fail")
    raise RuntimeError("failing on purpose")


@periodic(crontab())  # every minute, and at once when a consumer starts
def heartbeat_task() -> None:
    if path := os.environ.get("RAPPORT_TEST_HEARTBEAT"):
        append_line(path, f"{os.getpid()} {time.time()}")
