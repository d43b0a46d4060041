"""Every sign-in event leaves an audit entry: who, what, from where."""

from __future__ import annotations

import pytest
from django.test import Client

from rapport.core.models import AuditEntry
from rapport.org.security import services
from tests.factories import PASSWORD
from tests.org.security.conftest import code_for, enable_two_factor, post_code, post_password

pytestmark = pytest.mark.django_db


def entries(action: str, user=None):  # type: ignore[no-untyped-def]
    qs = AuditEntry.objects.filter(action=action)
    if user is not None:
        qs = qs.filter(object_id=str(user.pk))
    return list(qs.order_by("id"))


def test_a_login_is_audited_with_the_address(org, anonymous):
    post_password(anonymous, "rep")

    [entry] = entries("login", org.rep)
    assert entry.actor_id == org.rep.pk
    assert entry.ip == "127.0.0.1"
    assert entry.changes == {}


def test_a_login_with_a_second_factor_records_which(two_factor_rep, anonymous):
    user, device, codes = two_factor_rep
    post_password(anonymous, "rep")
    assert entries("login", user) == []  # not yet: the code is still missing

    post_code(anonymous, code_for(device))
    other = Client()
    post_password(other, "rep")
    post_code(other, codes[1])

    methods = [e.changes["second_factor"] for e in entries("login", user)]
    assert methods == ["authenticator app", "backup code"]


def test_a_failed_login_is_audited_without_the_password(org, anonymous):
    post_password(anonymous, "REP", "secret guess")

    [entry] = entries("login_failed", org.rep)
    assert entry.actor_id is None
    assert entry.changes == {"username": "REP", "reason": "wrong username or password"}
    assert "secret guess" not in str(entry.changes)


def test_a_failed_login_for_an_unknown_name_is_audited_by_name(org, anonymous):
    post_password(anonymous, "ghost", "x")

    [entry] = entries("login_failed")
    assert entry.object_repr == "ghost" and entry.object_id == ""


def test_a_wrong_code_is_audited_as_a_failed_login(two_factor_rep, anonymous):
    user, device, _ = two_factor_rep
    post_password(anonymous, "rep")

    post_code(anonymous, f"{(int(code_for(device)) + 1) % 1_000_000:06d}")

    [entry] = entries("login_failed", user)
    assert entry.changes["reason"] == "wrong code"


def test_a_logout_is_audited(org, anonymous):
    post_password(anonymous, "rep")

    anonymous.post("/accounts/logout/")

    [entry] = entries("logout", org.rep)
    assert entry.actor_id == org.rep.pk


def test_a_lockout_is_audited_once(org, anonymous, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(4):
        post_password(anonymous, "rep", "wrong")

    [entry] = entries("lockout", org.rep)
    assert entry.changes == {"username": "rep", "ip_address": "127.0.0.1"}
    reasons = [e.changes["reason"] for e in entries("login_failed", org.rep)]
    assert reasons[-1] == "locked out"


def test_an_unlock_is_audited_with_the_administrator(org, anonymous, settings):
    settings.AXES_FAILURE_LIMIT = 2
    post_password(anonymous, "rep", "wrong")
    post_password(anonymous, "rep", "wrong")

    services.unlock_login(actor=org.admin, username="rep", ip_address="127.0.0.1")

    [entry] = entries("unlock", org.rep)
    assert entry.actor_id == org.admin.pk
    assert entry.changes == {"username": "rep", "ip_address": "127.0.0.1"}


def test_two_factor_changes_are_audited(org):
    enable_two_factor(org.rep)
    services.regenerate_backup_codes(actor=org.rep)
    services.disable_two_factor(actor=org.rep, password=PASSWORD)
    enable_two_factor(org.rep)
    services.reset_two_factor(actor=org.admin, user=org.rep)

    actions = [
        (e.action, e.actor_id)
        for e in AuditEntry.objects.filter(object_id=str(org.rep.pk)).order_by("id")
    ]
    assert actions == [
        ("2fa_enabled", org.rep.pk),
        ("backup_codes_regenerated", org.rep.pk),
        ("2fa_disabled", org.rep.pk),
        ("2fa_enabled", org.rep.pk),
        ("2fa_reset", org.admin.pk),
    ]


def test_a_password_change_is_audited(org):
    services.change_password(
        actor=org.rep, old_password=PASSWORD, new_password="another fine passphrase"
    )

    assert entries("password_change", org.rep)


def test_the_security_page_shows_recent_sign_in_activity(org, anonymous):
    post_password(anonymous, "rep", "wrong")
    post_password(anonymous, "rep")

    page = anonymous.get("/settings/security/").content.decode()

    assert 'data-testid="sign-in-history"' in page
    assert "Failed log-in" in page and "Logged in" in page
