"""Housekeeping services of the shared kernel: drop data that has outlived its use.

Each is idempotent (running it twice deletes nothing more) and is run by a periodic job in
`core.tasks`. The audit log is never purged here: it is append-only by design.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from importlib import import_module

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

logger = logging.getLogger(__name__)

LOGIN_LOG_RETENTION = timedelta(days=90)


def purge_expired_sessions() -> int:
    """Delete the sessions past their expiry date; return how many were deleted."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if issubclass(store, DatabaseSessionStore):
        count, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    else:  # cache and cookie sessions expire by themselves; file sessions need a sweep
        store.clear_expired()
        count = 0
    logger.info("Purged %d expired sessions.", count)
    return count


def purge_login_logs(*, older_than: timedelta = LOGIN_LOG_RETENTION) -> int:
    """Delete login access and failure logs older than `older_than`; return how many."""
    days = max(int(older_than.total_seconds() // 86400), 1)
    count = AxesProxyHandler.reset_logs(age_days=days)
    count += AxesProxyHandler.reset_failure_logs(age_days=days)
    logger.info("Purged %d login log rows older than %d days.", count, days)
    return int(count)
