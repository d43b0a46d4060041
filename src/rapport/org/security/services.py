"""Sign-in security writes: the second factor, backup codes, password change, lockouts.

Rules owned here:
- a user turns their own second factor on and off; turning it off needs their password.
- turning it on takes two steps: an unconfirmed authenticator app, then a code from that
  app to confirm it. Only a confirmed app makes login ask for a code, and confirming it
  issues ten single-use backup codes (a new set replaces the old one whole).
- a login's second step accepts a current code from the app or one unused backup code;
  wrong codes slow down (django-otp's throttling) and count towards the login lockout.
- resetting another user's second factor and lifting a lockout need the settings edit
  right, and the user must be within the actor's settings scope (else: not found); only
  an administrator resets an administrator's second factor or lifts a lockout of a name
  that is no account.
- every change is written to the audit log.
"""

from __future__ import annotations

import re
from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapport.core import audit
from rapport.core.access import get_for
from rapport.core.errors import DomainError, PermissionDenied, ValidationFailed
from rapport.core.models import Module, Right
from rapport.core.scopes import require_right
from rapport.org.models import User
from rapport.org.security import selectors
from rapport.org.security.lockout import find_account
from rapport.org.services import is_administrator

BACKUP_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"

_SEPARATORS = re.compile(r"[\s\-]+")
_TOTP_CODE = re.compile(r"\d{6}")


def normalise_code(code: str) -> str:
    """Return a typed code without spaces or dashes, lower-cased ("123 456" → "123456")."""
    return _SEPARATORS.sub("", code or "").lower()


def _check_device(device: Device, code: str) -> bool:
    """Verify `code` on `device`; raise DomainError while the device is throttled."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        wait = 0
        until = (info or {}).get("locked_until")
        if until is not None:
            wait = max(1, int((until - timezone.now()).total_seconds()) + 1)
        message = ngettext(
            "Too many wrong codes. Wait %(n)d second, then try again.",
            "Too many wrong codes. Wait %(n)d seconds, then try again.",
            wait or 1,
        ) % {"n": wait or 1}
        raise DomainError("throttled", message, "code")
    return bool(device.verify_token(code))


def _wrong_code() -> DomainError:
    return DomainError(
        "invalid_code",
        _(
            "That code is not right. Enter the current 6-digit code from your authenticator "
            "app, or one of your backup codes."
        ),
        "code",
    )


def verify_second_factor(*, user: User, code: str) -> Device:
    """Return the device that accepts `code` for `user` (a backup code is used up)."""
    code = normalise_code(code)
    if not code:
        raise ValidationFailed({"code": _("Enter the 6-digit code from your authenticator app.")})
    model: type[Device] = TOTPDevice if _TOTP_CODE.fullmatch(code) else StaticDevice
    accepted = None
    throttled: DomainError | None = None
    # The row lock makes one backup code good for one login, even if it is sent twice at once.
    with transaction.atomic():
        devices = model.objects.filter(user_id=user.pk, confirmed=True).select_for_update()
        for device in devices.order_by("pk"):
            try:
                if _check_device(device, code):
                    accepted = device
                    break
            except DomainError as exc:
                throttled = exc
    if accepted is not None:
        return accepted
    raise throttled or _wrong_code()


# --- the user's own second factor ------------------------------------------------------------


def _own_row(actor: User) -> User:
    """Return the actor's own user row, locked (request.user is a lazy stand-in)."""
    return User.objects.select_for_update().get(pk=actor.pk)


def _new_backup_codes(user: User) -> list[str]:
    """Replace the user's backup codes with a fresh set and return it."""
    StaticDevice.objects.filter(user_id=user.pk).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes: list[str] = []
    while len(codes) < BACKUP_CODE_COUNT:
        token = StaticToken.random_token()
        if token not in codes:
            codes.append(token)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=t) for t in codes])
    return codes


@transaction.atomic
def start_two_factor(*, actor: User) -> TOTPDevice:
    """Create (or return) the actor's unconfirmed authenticator app, with a new secret key."""
    user = _own_row(actor)
    if selectors.has_two_factor(user=user):
        raise DomainError("two_factor_on", _("Two-factor sign-in is already on."))
    device = selectors.pending_totp_device(user=user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def confirm_two_factor(*, actor: User, code: str) -> list[str]:
    """Turn the second factor on with a code from the new app; return the backup codes."""
    device = selectors.pending_totp_device(user=actor)
    if device is None or selectors.has_two_factor(user=actor):
        raise DomainError(
            "no_pending_app", _("Start the set-up again: no authenticator app is waiting.")
        )
    code = normalise_code(code)
    if not _TOTP_CODE.fullmatch(code):
        raise ValidationFailed({"code": _("Enter the 6 digits your authenticator app shows.")})
    # Verified outside the transaction below, so a wrong code's throttling is kept.
    if not _check_device(device, code):
        raise DomainError(
            "invalid_code",
            _(
                "That code is not right. Check that the app shows Rapport and the time on your "
                "phone is correct, then enter the current code."
            ),
            "code",
        )
    with transaction.atomic():
        user = _own_row(actor)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).delete()
        codes = _new_backup_codes(user)
        audit.record(
            actor=actor, action="2fa_enabled", obj=user, changes={"method": "authenticator app"}
        )
    return codes


@transaction.atomic
def regenerate_backup_codes(*, actor: User) -> list[str]:
    """Replace the actor's backup codes with ten new ones; the old ones stop working."""
    user = _own_row(actor)
    if not selectors.has_two_factor(user=user):
        raise DomainError("two_factor_off", _("Turn on two-factor sign-in first."))
    codes = _new_backup_codes(user)
    audit.record(actor=actor, action="backup_codes_regenerated", obj=user)
    return codes


def _remove_devices(user: User) -> int:
    removed = TOTPDevice.objects.filter(user_id=user.pk).delete()[0]
    return removed + StaticDevice.objects.filter(user_id=user.pk).delete()[0]


@transaction.atomic
def disable_two_factor(*, actor: User, password: str) -> None:
    """Turn the actor's second factor off, after checking their password."""
    if not actor.check_password(password or ""):
        raise ValidationFailed({"password": _("That is not your current password.")})
    user = _own_row(actor)
    if not selectors.has_two_factor(user=user):
        raise DomainError("two_factor_off", _("Two-factor sign-in is already off."))
    _remove_devices(user)
    audit.record(actor=actor, action="2fa_disabled", obj=user)


@transaction.atomic
def change_password(*, actor: User, old_password: str, new_password: str) -> User:
    """Change the actor's own password, after checking the current one."""
    errors: dict[str, str] = {}
    if not actor.check_password(old_password or ""):
        errors["old_password"] = _("That is not your current password.")
    try:
        password_validation.validate_password(new_password, user=actor)
    except ValidationError as exc:
        errors["new_password"] = " ".join(exc.messages)
    if errors:
        raise ValidationFailed(errors)
    user = _own_row(actor)
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])
    actor.password = user.password
    audit.record(actor=actor, action="password_change", obj=user)
    return user


# --- administration -----------------------------------------------------------------------


def _fetch_user(actor: Any, pk: int) -> User:
    return get_for(actor, User.objects.all(), Module.SETTINGS, pk, "self", for_update=True)


@transaction.atomic
def reset_two_factor(*, actor: Any, user: User) -> None:
    """Remove another user's second factor (a lost phone); they log in with a password."""
    require_right(actor, Module.SETTINGS, Right.EDIT)
    user = _fetch_user(actor, user.pk)
    if is_administrator(user) and not is_administrator(actor):
        raise PermissionDenied(_("Only an administrator may reset an administrator's sign-in."))
    if not selectors.has_two_factor(user=user):
        raise DomainError(
            "two_factor_off", _("%(name)s does not use two-factor sign-in.") % {"name": user}
        )
    _remove_devices(user)
    audit.record(actor=actor, action="2fa_reset", obj=user)


@transaction.atomic
def unlock_login(*, actor: Any, username: str, ip_address: str | None = None) -> int:
    """Lift the lockout of `username` (from `ip_address`, or from everywhere); return rows."""
    require_right(actor, Module.SETTINGS, Right.EDIT)
    username = (username or "").strip()
    if not username:
        raise ValidationFailed({"username": _("Name the username to unlock.")})
    user = find_account(username)
    if user is not None:
        user = _fetch_user(actor, user.pk)
        username = user.get_username()
    elif not is_administrator(actor):
        raise PermissionDenied(_("Only an administrator may unlock a name that is no account."))
    count = axes_reset(ip=ip_address or None, username=username)
    if count:
        changes = {"username": username, "ip_address": ip_address or ""}
        if user is not None:
            audit.record(actor=actor, action="unlock", obj=user, changes=changes)
        else:
            audit.record(actor=actor, action="unlock", object_repr=username, changes=changes)
    return int(count)
