"""Background jobs against a real consumer (`rapport worker` in a subprocess).

The queue is the one the settings choose: a SQLite file (here a fresh one per test) or, when
REDIS_URL is set, Redis (here a fresh queue name per test). The jobs write to files, so the
test sees what the consumer process did without sharing the test database with it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from huey import RedisHuey, SqliteHuey
from huey.contrib.djhuey import HUEY

from rapport.core.jobs import MAY_FAIL, Retry
from rapport.core.tasks import purge_expired_sessions_task, purge_login_logs_task
from rapport.org.tasks import notify_expiring_api_tokens_task
from tests.core.job_fixtures import (
    flaky_task,
    heartbeat_task,
    hopeless_task,
    lines,
    write_line_task,
)

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Consumer:
    proc: subprocess.Popen[bytes]
    log: Path
    heartbeat: Path

    def wait_for(self, what: str, condition: Callable[[], bool], timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                pytest.fail(
                    f"{what}: not seen in {timeout} s. Consumer log:\n{self.log.read_text()}"
                )
            time.sleep(0.1)


@pytest.fixture
def consumer(tmp_path: Path) -> Iterator[Consumer]:
    """Point this process's queue at a fresh one and run `rapport worker` on it."""
    saved = (HUEY.name, HUEY.immediate, dict(HUEY.storage_kwargs), HUEY.storage)
    name = f"rapport-test-{uuid.uuid4().hex[:12]}"
    queue_file = tmp_path / "jobs.sqlite3"
    HUEY.immediate = False
    HUEY.name = name
    if "filename" in HUEY.storage_kwargs:
        HUEY.storage_kwargs["filename"] = str(queue_file)
    HUEY.storage = HUEY.create_storage()
    log, heartbeat = tmp_path / "consumer.log", tmp_path / "heartbeat.txt"
    env = {
        **os.environ,
        "RAPPORT_QUEUE_NAME": name,
        "RAPPORT_QUEUE_FILE": str(queue_file),
        "RAPPORT_JOBS_IMMEDIATE": "0",
        "RAPPORT_TEST_HEARTBEAT": str(heartbeat),
        "PYTHONUNBUFFERED": "1",
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.core.job_worker"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    running = Consumer(proc, log, heartbeat)
    try:
        running.wait_for("consumer start-up", lambda: "Huey consumer started" in log.read_text())
        yield running
    finally:
        proc.send_signal(signal.SIGINT)  # graceful: finish the job in hand, then exit
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        HUEY.storage.flush_all()
        HUEY.name, HUEY.immediate, HUEY.storage_kwargs, HUEY.storage = saved


def test_the_queue_is_sqlite_by_default_and_redis_when_redis_url_is_set() -> None:
    expected = RedisHuey if settings.REDIS_URL else SqliteHuey
    assert isinstance(HUEY, expected)


@pytest.mark.django_db
def test_jobs_run_inline_at_commit_in_tests_without_a_consumer(
    tmp_path: Path, django_capture_on_commit_callbacks
) -> None:
    out = tmp_path / "inline.txt"
    with django_capture_on_commit_callbacks(execute=True):
        write_line_task(str(out), "inline")
        assert lines(out) == []
    assert lines(out) == ["inline"]


def test_call_local_runs_the_job_here_and_now(tmp_path: Path) -> None:
    out = tmp_path / "local.txt"
    write_line_task.call_local(str(out), "now")
    assert lines(out) == ["now"]


def test_a_retry_policy_waits_longer_before_each_retry() -> None:
    assert MAY_FAIL.waits() == [30.0, 60.0, 120.0, 240.0, 480.0]
    assert Retry(times=2, delay=5.0).waits() == [5.0, 5.0]
    task = flaky_task.s("x", 1)
    assert (task.retries, task.retry_delay, task.retry_backoff) == (3, 1.0, 2.0)


def test_housekeeping_jobs_are_due_daily_at_their_utc_times() -> None:
    def due(at: datetime) -> set[str]:
        return {type(t).__name__ for t in HUEY.read_periodic(at)}

    assert "purge_expired_sessions_task" in due(datetime(2026, 3, 1, 3, 10))
    assert "purge_login_logs_task" in due(datetime(2026, 3, 1, 3, 20))
    assert "notify_expiring_api_tokens_task" in due(datetime(2026, 3, 1, 6, 0))
    assert due(datetime(2026, 3, 1, 3, 11)) == {"heartbeat_task"}


@pytest.mark.django_db
def test_housekeeping_jobs_call_their_services() -> None:
    assert purge_expired_sessions_task.call_local() is None
    assert purge_login_logs_task.call_local() is None
    assert notify_expiring_api_tokens_task.call_local() is None


@pytest.mark.jobs
@pytest.mark.django_db(transaction=True)
def test_a_job_called_in_a_transaction_runs_only_after_commit(
    consumer: Consumer, tmp_path: Path
) -> None:
    out = tmp_path / "committed.txt"
    with transaction.atomic():
        write_line_task(str(out), "after commit")
        with transaction.atomic():  # a savepoint's release is not the commit
            write_line_task(str(out), "after commit too")
        time.sleep(0.5)
        assert HUEY.pending_count() == 0
        assert lines(out) == []
    consumer.wait_for("the committed jobs", lambda: len(lines(out)) == 2)
    assert sorted(lines(out)) == ["after commit", "after commit too"]


@pytest.mark.jobs
@pytest.mark.django_db(transaction=True)
def test_a_job_called_in_a_rolled_back_transaction_never_runs(
    consumer: Consumer, tmp_path: Path
) -> None:
    dropped, sentinel = tmp_path / "dropped.txt", tmp_path / "sentinel.txt"
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        write_line_task(str(dropped), "must not run")
        _ = 1 / 0
    with transaction.atomic():
        write_line_task(str(sentinel), "ran")
        try:
            with transaction.atomic():  # a rolled-back savepoint drops its jobs only
                write_line_task(str(dropped), "must not run either")
                raise ValueError
        except ValueError:
            pass
    consumer.wait_for("the sentinel job", lambda: lines(sentinel) == ["ran"])
    assert HUEY.pending_count() == 0
    assert lines(dropped) == []


@pytest.mark.jobs
@pytest.mark.django_db(transaction=True)
def test_a_scheduled_job_waits_for_its_delay(consumer: Consumer, tmp_path: Path) -> None:
    out = tmp_path / "scheduled.txt"
    with transaction.atomic():
        write_line_task.schedule((str(out), "later"), delay=2)
    started = time.monotonic()
    consumer.wait_for("the scheduled job", lambda: lines(out) == ["later"])
    assert time.monotonic() - started >= 1.5


@pytest.mark.jobs
@pytest.mark.django_db(transaction=True)
def test_a_failing_job_is_retried_with_growing_waits_until_it_succeeds(
    consumer: Consumer, tmp_path: Path
) -> None:
    out = tmp_path / "flaky.txt"
    flaky_task(str(out), 2)  # outside a transaction: enqueued at once
    consumer.wait_for("the third try", lambda: len(lines(out)) == 3, timeout=25)
    tries = [line.split() for line in lines(out)]
    assert [outcome for _, outcome in tries] == ["fail", "fail", "ok"]
    first_wait = float(tries[1][0]) - float(tries[0][0])
    second_wait = float(tries[2][0]) - float(tries[1][0])
    assert first_wait >= 0.9  # Retry(delay=1.0, backoff=2.0): 1 s, then 2 s
    assert second_wait >= 1.9
    assert second_wait > first_wait


@pytest.mark.jobs
@pytest.mark.django_db(transaction=True)
def test_a_job_that_keeps_failing_gives_up_after_its_retries(
    consumer: Consumer, tmp_path: Path
) -> None:
    out = tmp_path / "hopeless.txt"
    hopeless_task(str(out))
    consumer.wait_for("the retry", lambda: len(lines(out)) == 2)
    time.sleep(2.5)  # a third try would have come after 1 s
    assert len(lines(out)) == 2
    assert "failing on purpose" in consumer.log.read_text()


@pytest.mark.jobs
def test_the_consumer_fires_a_periodic_job_on_its_schedule(consumer: Consumer) -> None:
    consumer.wait_for("the heartbeat", lambda: bool(lines(consumer.heartbeat)))
    pid, _at = lines(consumer.heartbeat)[0].split()
    assert int(pid) == consumer.proc.pid
    log = consumer.log.read_text()
    assert f"Enqueueing periodic task {heartbeat_task.task_name}" in log
