"""Periodic jobs of org (times are UTC)."""

from __future__ import annotations

from rapport.core.jobs import MAY_FAIL, crontab, periodic
from rapport.org import housekeeping


@periodic(crontab(minute="0", hour="6"), retry=MAY_FAIL)
def notify_expiring_api_tokens_task() -> None:
    housekeeping.notify_expiring_api_tokens()
