"""Sign-in security reads: a user's second factor, their sign-in history, current lockouts.

Lockouts and second factors of other users are read within the actor's settings scope: a
lockout of an account outside it does not exist for the actor, and a lockout of a name that
is no account (someone guessing) is shown to administrators only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from axes.conf import settings as axes_settings
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Min, Q, QuerySet, Sum
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapport.core.models import AuditEntry, Module, Right
from rapport.core.pagination import Page, paginate
from rapport.core.scopes import require_right, scope
from rapport.org.models import User
from rapport.org.services import is_administrator

# Audit actions about signing in, shown on the user's security page.
SIGN_IN_ACTIONS = (
    "login",
    "login_failed",
    "logout",
    "lockout",
    "unlock",
    "2fa_enabled",
    "2fa_disabled",
    "2fa_reset",
    "backup_codes_regenerated",
    "password_change",
    "password_reset",
)
TWO_FACTOR_PAGE_SIZE = 50


@dataclass(frozen=True)
class TwoFactorStatus:
    """What a user's second factor looks like: on or off, since when, codes left."""

    enabled: bool
    enabled_at: dt.datetime | None = None
    last_used_at: dt.datetime | None = None
    backup_codes_left: int = 0


def has_two_factor(*, user: Any) -> bool:
    """Return True if login asks `user` for a code (a confirmed authenticator app)."""
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def two_factor_status(*, user: Any) -> TwoFactorStatus:
    """Return the state of the user's authenticator app and backup codes."""
    device = confirmed_totp_device(user=user)
    if device is None:
        return TwoFactorStatus(enabled=False)
    return TwoFactorStatus(
        enabled=True,
        enabled_at=device.created_at,
        last_used_at=device.last_used_at,
        backup_codes_left=StaticToken.objects.filter(device__user_id=user.pk).count(),
    )


def pending_totp_device(*, user: Any) -> TOTPDevice | None:
    """Return the authenticator app the user has started but not yet confirmed."""
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("-pk").first()


def confirmed_totp_device(*, user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()


def backup_codes(*, user: Any) -> list[str]:
    """Return the user's unused backup codes."""
    return list(
        StaticToken.objects.filter(device__user_id=user.pk)
        .order_by("pk")
        .values_list("token", flat=True)
    )


def backup_devices(*, user: Any) -> QuerySet[StaticDevice]:
    return StaticDevice.objects.filter(user_id=user.pk)


def pending_login_user(*, pk: Any) -> User | None:
    """Return the active user whose login waits for a second factor."""
    try:
        return User.objects.filter(pk=int(pk), is_active=True).first()
    except (TypeError, ValueError):
        return None


def sign_in_history(*, user: Any, limit: int = 10) -> list[AuditEntry]:
    """Return the latest sign-in events about `user` (logins, failures, 2FA changes)."""
    ct = ContentType.objects.get_for_model(User)
    return list(
        AuditEntry.objects.filter(
            content_type=ct, object_id=str(user.pk), action__in=SIGN_IN_ACTIONS
        ).order_by("-at", "-id")[:limit]
    )


# --- administration ------------------------------------------------------------------------


@dataclass(frozen=True)
class Lockout:
    """A username and address that may not log in until `unlocks_at` (or an unlock)."""

    username: str
    ip_address: str | None
    failures: int
    last_attempt: dt.datetime
    unlocks_at: dt.datetime | None
    user: User | None


def failure_limit() -> int:
    limit = axes_settings.AXES_FAILURE_LIMIT
    return int(limit) if isinstance(limit, int) else 5


def list_lockouts(*, actor: Any) -> list[Lockout]:
    """Return the locked-out sign-ins the actor may lift, newest first."""
    require_right(actor, Module.SETTINGS, Right.EDIT)
    cool_off = get_cool_off()
    attempts = AccessAttempt.objects.all()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    rows = (
        attempts.values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=failure_limit())
        .order_by("-last")
    )
    rows = list(rows[:500])
    # axes stores the account's own username (see lockout.py), or the typed name lower-cased.
    names = {r["username"] for r in rows if r["username"]}
    visible = {
        u.get_username(): u
        for u in scope(actor, User.objects.all(), Module.SETTINGS, owner_field="self").filter(
            username__in=names
        )
    }
    known = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    admin = is_administrator(actor)
    out = []
    for row in rows:
        name = row["username"] or ""
        user = visible.get(name)
        if user is None and (name in known or not admin):
            continue
        out.append(
            Lockout(
                username=name,
                ip_address=row["ip_address"],
                failures=int(row["failures"]),
                last_attempt=row["last"],
                unlocks_at=row["last"] + cool_off if cool_off is not None else None,
                user=user,
            )
        )
    return out


def two_factor_users(*, actor: Any, cursor: str | None = None) -> Page[User]:
    """Return the users in the actor's settings scope who sign in with a second factor."""
    require_right(actor, Module.SETTINGS, Right.EDIT)
    confirmed = Q(totpdevice__confirmed=True)
    users = (
        User.objects.filter(confirmed)
        .annotate(two_factor_since=Min("totpdevice__created_at", filter=confirmed))
        .select_related("unit")
    )
    qs = scope(
        actor,
        users,
        Module.SETTINGS,
        owner_field="self",
    )
    return paginate(qs, ["username"], cursor, TWO_FACTOR_PAGE_SIZE)
