"""Periodic housekeeping jobs of the shared kernel (times are UTC)."""

from __future__ import annotations

from rapport.core import housekeeping
from rapport.core.jobs import Retry, crontab, periodic

# A housekeeping run that meets a locked or unreachable database tries again a little later.
HOUSEKEEPING_RETRY = Retry(times=3, delay=60.0, backoff=2.0)


@periodic(crontab(minute="10", hour="3"), retry=HOUSEKEEPING_RETRY)
def purge_expired_sessions_task() -> None:
    housekeeping.purge_expired_sessions()


@periodic(crontab(minute="20", hour="3"), retry=HOUSEKEEPING_RETRY)
def purge_login_logs_task() -> None:
    housekeeping.purge_login_logs()
