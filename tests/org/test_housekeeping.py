"""Expiring API tokens: their owners hear about it once, a week ahead."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from django.utils import timezone

from rapport.core.models import Notification
from rapport.org.housekeeping import TOKEN_EXPIRING_VERB, notify_expiring_api_tokens
from rapport.org.models import ApiToken, User
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _token(user: User, expires_in: timedelta | None, **extra: object) -> ApiToken:
    return ApiToken.objects.create(
        user=user,
        name="CI sync",
        prefix=secrets.token_hex(4),
        digest=secrets.token_hex(32),
        expires_at=None if expires_in is None else timezone.now() + expires_in,
        **extra,
    )


def _notices(user: User) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, verb=TOKEN_EXPIRING_VERB))


def test_the_owner_of_a_token_expiring_within_a_week_is_notified_once() -> None:
    owner = make_user()
    token = _token(owner, timedelta(days=3))
    assert notify_expiring_api_tokens() == 1
    assert notify_expiring_api_tokens() == 0
    [notice] = _notices(owner)
    assert "CI sync" in notice.title
    assert notice.url.endswith(f"#token-{token.pk}")


def test_each_expiring_token_earns_its_own_notice() -> None:
    owner = make_user()
    _token(owner, timedelta(days=1))
    _token(owner, timedelta(days=6))
    assert notify_expiring_api_tokens() == 2
    assert len(_notices(owner)) == 2


@pytest.mark.parametrize(
    ("expires_in", "extra", "active"),
    [
        (timedelta(days=10), {}, True),  # not yet within the week
        (None, {}, True),  # never expires
        (-timedelta(hours=1), {}, True),  # already expired
        (timedelta(days=2), {"revoked_at": timezone.now()}, True),  # revoked
        (timedelta(days=2), {}, False),  # owner deactivated
    ],
)
def test_tokens_that_will_not_expire_soon_or_cannot_be_used_earn_no_notice(
    expires_in: timedelta | None, extra: dict[str, object], active: bool
) -> None:
    owner = make_user(is_active=active)
    _token(owner, expires_in, **extra)
    assert notify_expiring_api_tokens() == 0
    assert _notices(owner) == []
