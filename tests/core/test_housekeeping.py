"""Housekeeping services: expired sessions and old login logs go; nothing else does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from rapport.core.housekeeping import purge_expired_sessions, purge_login_logs

pytestmark = pytest.mark.django_db


def _session(expires_in: timedelta) -> str:
    store = SessionStore()
    store["who"] = "someone"
    store.create()
    Session.objects.filter(pk=store.session_key).update(expire_date=timezone.now() + expires_in)
    assert store.session_key is not None
    return store.session_key


def test_purging_sessions_deletes_the_expired_ones_only_and_twice_is_harmless() -> None:
    expired, live = _session(-timedelta(minutes=1)), _session(timedelta(hours=1))
    assert purge_expired_sessions() == 1
    assert purge_expired_sessions() == 0
    assert list(Session.objects.values_list("pk", flat=True)) == [live]
    assert expired != live


def test_purging_login_logs_keeps_the_last_90_days() -> None:
    old, recent = timezone.now() - timedelta(days=91), timezone.now() - timedelta(days=89)
    for when in (old, recent):
        log = AccessLog.objects.create(username="rep", ip_address="10.0.0.1", user_agent="t")
        AccessLog.objects.filter(pk=log.pk).update(attempt_time=when)
        failure = AccessFailureLog.objects.create(
            username="rep", ip_address="10.0.0.1", user_agent="t"
        )
        AccessFailureLog.objects.filter(pk=failure.pk).update(attempt_time=when)
    assert purge_login_logs() == 2
    assert purge_login_logs() == 0
    assert AccessLog.objects.count() == 1
    assert AccessFailureLog.objects.count() == 1
