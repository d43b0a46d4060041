"""Audit entries for sign-in events that the framework announces: login, failure, logout,
lockout.

These are Django's and django-axes's own events (no business logic hangs on them), so
listening is the one way to see every login, whichever view or test client made it.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.utils.functional import SimpleLazyObject, empty
from django_otp.plugins.otp_static.models import StaticDevice

from rapport.core import audit
from rapport.org.security.lockout import find_account
from rapport.org.security.selectors import failure_limit

# Set in the credentials of a failure that happened at the second step (a wrong code).
SECOND_STEP = "second_factor"


def _second_factor(user: Any) -> str:
    device = getattr(user, "otp_device", None)
    if device is None:
        return ""
    return "backup code" if isinstance(device, StaticDevice) else "authenticator app"


def _unwrap(user: Any) -> Any:
    """Return the user itself, not the lazy wrappers (auth, django-otp) of request.user."""
    while isinstance(user, SimpleLazyObject):
        if user._wrapped is empty:  # type: ignore[attr-defined]
            user._setup()  # type: ignore[attr-defined]
        user = user._wrapped  # type: ignore[attr-defined]
    return user


def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    user = _unwrap(user)
    method = _second_factor(user)
    changes = {"second_factor": method} if method else {}
    audit.record(actor=user, action="login", obj=user, changes=changes)


def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    user = _unwrap(user)
    if user is not None and getattr(user, "pk", None) is not None:
        audit.record(actor=user, action="logout", obj=user)


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    typed = str(credentials.get("username") or "")[:150]
    failures = getattr(request, "axes_failures_since_start", None) or 0
    if failures > failure_limit():
        reason = "locked out"
    elif credentials.get(SECOND_STEP):
        reason = "wrong code"
    else:
        reason = "wrong username or password"
    changes = {"username": typed, "reason": reason}
    user = find_account(typed)
    if user is not None:
        audit.record(actor=None, action="login_failed", obj=user, changes=changes)
    else:
        audit.record(actor=None, action="login_failed", object_repr=typed, changes=changes)


def on_locked_out(
    sender: Any, request: Any = None, username: Any = None, ip_address: Any = None, **kwargs: Any
) -> None:
    # axes announces a lockout again at every attempt while it lasts; record its start only.
    if getattr(request, "axes_failures_since_start", None) != failure_limit():
        return
    name = str(username or "")[:150]
    changes = {"username": name, "ip_address": ip_address or ""}
    user = find_account(name)
    if user is not None:
        audit.record(actor=None, action="lockout", obj=user, changes=changes)
    else:
        audit.record(actor=None, action="lockout", object_repr=name, changes=changes)


def connect() -> None:
    """Listen to the sign-in events (called once from OrgConfig.ready)."""
    user_logged_in.connect(on_logged_in, dispatch_uid="rapport.security.logged_in")
    user_logged_out.connect(on_logged_out, dispatch_uid="rapport.security.logged_out")
    user_login_failed.connect(on_login_failed, dispatch_uid="rapport.security.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="rapport.security.locked_out")
