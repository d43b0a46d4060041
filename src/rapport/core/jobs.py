"""Background jobs: declare them here, call them from services, run them with `rapport worker`.

Rules this module owns:

- A job is declared with `@job(...)` (or `@periodic(crontab(...))`) in an app's `tasks.py`;
  it is idempotent and calls one service. The consumer (`manage.py run_huey`) imports every
  app's `tasks` module, so declaring a job is all the registration there is.
- Calling a job enqueues it **after the current transaction commits** (`core.events`): a
  rolled-back write never starts its job, and the worker always sees the committed rows.
  Outside a transaction the call enqueues at once. Pass ids and plain values, not model
  instances (arguments are pickled into the queue).
- `job.call_local(...)` runs the function here and now, inside the caller's transaction
  (tests, the CLI); with `settings.HUEY["immediate"]` (the default under RAPPORT_TESTING)
  an enqueued job runs inline at commit, and its failure is logged, never raised.
- A job that may fail (network, mail, a locked database) declares a `Retry`: Huey retries
  it `times` more, waiting `delay` seconds and then `backoff` times longer before each next
  try. `MAY_FAIL` is the house policy.
- Periodic jobs use Huey's `crontab` in UTC; the consumer's scheduler checks them every
  minute (and once at start-up).

Queue storage is settings.HUEY: SQLite in the data folder, or Redis when REDIS_URL is set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from huey import crontab
from huey.api import PeriodicTask, TaskWrapper
from huey.contrib.djhuey import HUEY, close_db
from huey.utils import normalize_time

from rapport.core.events import after_commit

__all__ = ["HUEY", "MAY_FAIL", "NEVER", "Job", "Retry", "crontab", "job", "periodic"]


@dataclass(frozen=True)
class Retry:
    """How a failing job is retried: `times` more tries, the waits growing by `backoff`."""

    times: int = 0
    delay: float = 0.0  # seconds before the first retry
    backoff: float = 1.0  # each next wait is this many times the previous one

    def waits(self) -> list[float]:
        """Return the wait before each retry, in seconds."""
        return [self.delay * self.backoff**n for n in range(self.times)]


NEVER = Retry()
# 30 s, 1 min, 2 min, 4 min, 8 min: about a quarter of an hour before a job gives up.
MAY_FAIL = Retry(times=5, delay=30.0, backoff=2.0)


class Job(TaskWrapper):  # type: ignore[misc]
    """A Huey task whose call enqueues it once the current transaction has committed."""

    def __init__(self, huey: Any, func: Callable[..., Any], **options: Any) -> None:
        super().__init__(huey, close_db(func), **options)
        self.local = func

    @property
    def task_name(self) -> str:
        """Return the name the queue knows this job by (module.function)."""
        return str(self.huey._registry.task_to_string(self.task_class))

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        """Enqueue the job after the current transaction commits (at once outside one)."""
        self._enqueue_after_commit(self.task_class(args, kwargs))

    def schedule(
        self,
        args: tuple[Any, ...] = (),
        kwargs: dict[str, Any] | None = None,
        *,
        delay: float | dt.timedelta | None = None,
        eta: dt.datetime | None = None,
    ) -> None:
        """Enqueue the job, after commit, to run `delay` seconds from now or at `eta`."""
        when = normalize_time(eta, delay, self.huey.utc)
        self._enqueue_after_commit(self.task_class(args, kwargs or {}, eta=when))

    def call_local(self, *args: Any, **kwargs: Any) -> Any:
        """Run the job's function here and now, in the caller's transaction."""
        return self.local(*args, **kwargs)

    def _enqueue_after_commit(self, task: Any) -> None:
        after_commit(lambda: self.huey.enqueue(task), label=f"enqueue {self.task_name}")


def _options(retry: Retry, priority: int | None, name: str | None) -> dict[str, Any]:
    return {
        "name": name,
        "default_retries": retry.times,
        "default_retry_delay": retry.delay,
        "default_retry_backoff": retry.backoff if retry.backoff != 1 else 0,
        "default_priority": priority,
        "default_expires": None,
        "default_timeout": None,
    }


def job(
    *, retry: Retry = NEVER, priority: int | None = None, name: str | None = None
) -> Callable[[Callable[..., Any]], Job]:
    """Declare a background job; calling it enqueues it after the transaction commits."""

    def decorate(func: Callable[..., Any]) -> Job:
        return Job(HUEY, func, **_options(retry, priority, name))

    return decorate


def periodic(
    schedule: Callable[[dt.datetime], bool],
    *,
    retry: Retry = NEVER,
    priority: int | None = None,
    name: str | None = None,
) -> Callable[[Callable[[], Any]], Job]:
    """Declare a job that the consumer starts whenever `schedule` (a UTC crontab) matches."""

    def validate_datetime(_task: Any, timestamp: dt.datetime) -> bool:
        return bool(schedule(timestamp))

    def decorate(func: Callable[[], Any]) -> Job:
        return Job(
            HUEY,
            func,
            task_base=PeriodicTask,
            validate_datetime=validate_datetime,
            **_options(retry, priority, name),
        )

    return decorate
