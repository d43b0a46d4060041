"""org.tokens: creating, authenticating, expiring and revoking personal API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from rapport.core.audit import history_for
from rapport.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from rapport.core.models import AuditEntry
from rapport.org.models import ApiToken
from rapport.org.tokens import (
    MAX_ACTIVE_TOKENS,
    authenticate_token,
    create_token,
    get_token,
    list_all_tokens,
    list_own_tokens,
    revoke_token,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_created_token_is_shown_once_and_only_its_hash_is_stored(org):
    token, raw = create_token(actor=org.rep, name="Nightly export", expires_in_days=30)

    assert raw.startswith(f"rpt_{token.prefix}_")
    assert len(raw) == len("rpt_") + 8 + 1 + 43
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == hashlib.sha256(raw.encode()).hexdigest()
    secret = raw[len(f"rpt_{token.prefix}_") :]
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert not any(secret in str(value) for value in row.values())
    assert stored.user == org.rep
    assert stored.name == "Nightly export"
    assert dt.timedelta(days=29) < stored.expires_at - timezone.now() <= dt.timedelta(days=30)


def test_creating_a_token_is_audited_without_its_secret(org):
    token, raw = create_token(actor=org.rep, name="CI", expires_in_days=7)

    entry = history_for(token).get(action="create")
    assert entry.actor == org.rep
    assert entry.changes["prefix"] == token.prefix
    assert token.digest not in str(entry.changes)
    assert raw not in str(entry.changes)


def test_token_authenticates_as_its_user(org):
    _token, raw = create_token(actor=org.rep, name="CI", expires_in_days=7)

    assert authenticate_token(raw) == org.rep


@pytest.mark.parametrize(
    "mangle",
    [
        lambda raw: raw[:-1] + ("A" if raw[-1] != "A" else "B"),  # wrong secret
        lambda raw: raw.replace("rpt_", "xyz_"),  # not our format
        lambda raw: "",
        lambda raw: "rpt_00000000_" + "a" * 43,  # unknown prefix
    ],
)
def test_wrong_token_authenticates_nobody(org, mangle):
    _token, raw = create_token(actor=org.rep, name="CI", expires_in_days=7)

    assert authenticate_token(mangle(raw)) is None


def test_expired_token_is_refused(org):
    token, raw = create_token(actor=org.rep, name="CI", expires_in_days=7)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    assert authenticate_token(raw) is None


def test_revoked_token_is_refused(org):
    token, raw = create_token(actor=org.rep, name="CI", expires_in_days=7)
    revoke_token(actor=org.rep, token=token)

    assert authenticate_token(raw) is None


def test_token_of_a_deactivated_user_is_refused(org):
    _token, raw = create_token(actor=org.rep, name="CI", expires_in_days=7)
    org.rep.is_active = False
    org.rep.save(update_fields=["is_active"])

    assert authenticate_token(raw) is None


def test_last_use_is_written_at_most_once_a_minute(org):
    token, raw = create_token(actor=org.rep, name="CI", expires_in_days=7)

    authenticate_token(raw)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    authenticate_token(raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first

    earlier = timezone.now() - dt.timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    authenticate_token(raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > earlier


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": "  ", "expires_in_days": 7}, "name"),
        ({"name": "x" * 81, "expires_in_days": 7}, "name"),
        ({"name": "CI"}, "expires_in_days"),
        ({"name": "CI", "expires_in_days": 0}, "expires_in_days"),
        ({"name": "CI", "expires_in_days": 367}, "expires_in_days"),
        ({"name": "CI", "expires_in_days": 7, "expires_at": timezone.now()}, "expires_in_days"),
        ({"name": "CI", "expires_at": timezone.now() - dt.timedelta(hours=1)}, "expires_at"),
        ({"name": "CI", "expires_at": timezone.now() + dt.timedelta(days=400)}, "expires_at"),
        ({"name": "CI", "expires_at": dt.datetime(2099, 1, 1)}, "expires_at"),  # naive
    ],
)
def test_bad_token_input_is_refused_at_its_field_and_nothing_is_saved(org, kwargs, field):
    with pytest.raises(ValidationFailed) as caught:
        create_token(actor=org.rep, **kwargs)

    assert field in caught.value.errors
    assert not ApiToken.objects.exists()
    assert not AuditEntry.objects.filter(object_repr__contains="CI").exists()


def test_token_names_are_distinct_among_a_users_usable_tokens(org):
    token, _raw = create_token(actor=org.rep, name="CI", expires_in_days=7)

    with pytest.raises(ValidationFailed) as caught:
        create_token(actor=org.rep, name="ci", expires_in_days=7)
    assert "name" in caught.value.errors

    revoke_token(actor=org.rep, token=token)
    create_token(actor=org.rep, name="CI", expires_in_days=7)  # the old one is gone
    create_token(actor=org.manager, name="CI", expires_in_days=7)  # another user's name


def test_exact_expiry_time_is_accepted(org):
    when = timezone.now() + dt.timedelta(days=3)

    token, _raw = create_token(actor=org.rep, name="CI", expires_at=when)

    assert token.expires_at == when


def test_a_user_holds_a_limited_number_of_usable_tokens(org):
    for i in range(MAX_ACTIVE_TOKENS):
        create_token(actor=org.rep, name=f"T{i}", expires_in_days=1)

    with pytest.raises(DomainError) as caught:
        create_token(actor=org.rep, name="One more", expires_in_days=1)
    assert caught.value.code == "too_many_tokens"
    assert ApiToken.objects.filter(user=org.rep).count() == MAX_ACTIVE_TOKENS


def test_a_deactivated_user_cannot_create_tokens(org):
    org.rep.is_active = False

    with pytest.raises(PermissionDenied):
        create_token(actor=org.rep, name="CI", expires_in_days=7)


def test_revoking_is_audited_and_repeating_it_changes_nothing(org):
    token, _raw = create_token(actor=org.rep, name="CI", expires_in_days=7)

    revoked = revoke_token(actor=org.rep, token=token)
    again = revoke_token(actor=org.rep, token=token)

    assert revoked.revoked_at is not None
    assert again.revoked_at == revoked.revoked_at
    assert history_for(token).filter(action="revoke").count() == 1


def test_a_user_cannot_revoke_someone_elses_token(org):
    token, raw = create_token(actor=org.rep, name="CI", expires_in_days=7)

    with pytest.raises(NotFound):
        revoke_token(actor=org.teammate, token=token)
    with pytest.raises(NotFound):
        revoke_token(actor=org.viewer, token=token)  # no settings right at all
    assert authenticate_token(raw) == org.rep


def test_settings_editor_revokes_tokens_within_their_scope_only(org):
    inside, _ = create_token(actor=org.rep, name="CI", expires_in_days=7)
    outside, raw = create_token(actor=org.outsider, name="CI", expires_in_days=7)

    revoke_token(actor=org.users["unit"], token=inside)
    with pytest.raises(NotFound):
        revoke_token(actor=org.users["unit"], token=outside)

    assert ApiToken.objects.get(pk=inside.pk).revoked_at is not None
    assert authenticate_token(raw) == org.outsider


def test_only_an_administrator_revokes_an_administrators_token(org):
    token, raw = create_token(actor=org.admin, name="CI", expires_in_days=7)

    with pytest.raises(PermissionDenied):
        revoke_token(actor=org.users["all"], token=token)
    assert authenticate_token(raw) == org.admin

    other_admin = make_user("admin2", unit=org.company, roles=tuple(org.admin.roles.all()))
    revoke_token(actor=other_admin, token=token)
    assert authenticate_token(raw) is None


def test_listing_everyones_tokens_needs_the_settings_edit_right_and_keeps_to_scope(org):
    mine, _ = create_token(actor=org.rep, name="CI", expires_in_days=7)
    theirs, _ = create_token(actor=org.outsider, name="CI", expires_in_days=7)

    assert set(list_all_tokens(actor=org.admin)) == {mine, theirs}
    assert set(list_all_tokens(actor=org.users["unit"])) == {mine}
    assert list(list_all_tokens(actor=org.rep)) == [mine]  # settings scope "own"
    assert list(list_all_tokens(actor=org.viewer)) == []
    assert list(list_own_tokens(actor=org.rep)) == [mine]


def test_get_token_finds_own_and_managed_tokens_only(org):
    token, _ = create_token(actor=org.rep, name="CI", expires_in_days=7)

    assert get_token(actor=org.rep, pk=token.pk) == token
    assert get_token(actor=org.admin, pk=token.pk) == token
    with pytest.raises(NotFound):
        get_token(actor=org.outsider, pk=token.pk)
    with pytest.raises(NotFound):
        get_token(actor=org.rep, pk=token.pk + 1000)
