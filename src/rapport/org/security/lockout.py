"""Lockout bookkeeping shared with django-axes: which account a login attempt is for.

Login accepts a username or an email in any case, so axes counts failures per account:
"REP", "rep" and "rep@example.com" are one account, and cycling through them buys an
attacker no extra tries.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest

from rapport.org.models import User

_CACHE_ATTR = "_rapport_login_accounts"


def find_account(typed: str) -> User | None:
    """Return the one user who logs in as `typed` (username or email, any case), if any."""
    typed = (typed or "").strip()
    if not typed:
        return None
    matches = list(
        User.objects.filter(Q(username__iexact=typed) | Q(email__iexact=typed)).order_by("pk")[:2]
    )
    return matches[0] if len(matches) == 1 else None


def canonical_username(typed: str) -> str:
    """Return the account's username for `typed`, or `typed` lower-cased if no account has it."""
    user = find_account(typed)
    return user.get_username() if user is not None else (typed or "").strip().lower()


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> Any:
    """Return the username axes counts an attempt against (AXES_USERNAME_CALLABLE)."""
    if credentials:
        typed = credentials.get("username")
    else:
        typed = getattr(request, "POST", {}).get("username") if request is not None else None
    if typed is None:
        return None
    cache: dict[str, str] = {}
    if request is not None:
        cache = getattr(request, _CACHE_ATTR, None) or {}
        setattr(request, _CACHE_ATTR, cache)
    if typed not in cache:
        cache[typed] = canonical_username(str(typed))
    return cache[typed]
