"""Personal API tokens: create, revoke, authenticate, list.

Rules owned here:
- a token is shown once, at creation, as "rpt_<prefix>_<secret>"; only its prefix (to find
  it) and the SHA-256 digest of the whole token (to check it) are stored.
- a token acts as its user and carries exactly the user's rights: it is refused once it is
  revoked or expired, or when its user is deactivated.
- every token expires (at most a year ahead); a user holds at most MAX_ACTIVE_TOKENS usable
  tokens, with distinct names.
- a user creates and revokes their own tokens; an actor with the settings edit right may
  revoke the tokens of users within their settings data scope (only an administrator those
  of an administrator). Other people's tokens do not exist for anyone else (NotFound).
- creating and revoking are audited; the digest and the plaintext never reach the log.
- `last_used_at` is written at most once a minute per token, so busy clients do not turn
  every API read into a write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rapport.core import audit
from rapport.core.access import get_for
from rapport.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from rapport.core.models import Module, Right
from rapport.core.scopes import scope
from rapport.org.models import ApiToken, User
from rapport.org.services import is_administrator

TOKEN_PREFIX = "rpt"  # noqa: S105 - the public marker of Rapport tokens, not a secret
MAX_LIFETIME_DAYS = 366
MAX_ACTIVE_TOKENS = 25
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
NAME_LIMIT = ApiToken._meta.get_field("name").max_length or 80
_TOKEN_RE = re.compile(r"^rpt_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$")


def token_digest(raw: str) -> str:
    """Return the hex SHA-256 digest under which a token is stored."""
    return hashlib.sha256(raw.encode()).hexdigest()


def token_status(token: ApiToken, now: dt.datetime | None = None) -> str:
    """Return "revoked", "expired" or "active" (the user's own state is checked apart)."""
    now = now or timezone.now()
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= now:
        return "expired"
    return "active"


def _usable(user: User) -> QuerySet[ApiToken]:
    now = timezone.now()
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)


def _clean_expiry(
    errors: dict[str, str],
    expires_in_days: int | None,
    expires_at: dt.datetime | None,
    now: dt.datetime,
) -> dt.datetime:
    """Return the expiry time; put a problem into `errors` under its field."""
    if (expires_in_days is None) == (expires_at is None):
        errors["expires_in_days"] = str(_("Choose when the token expires."))
    elif expires_in_days is not None:
        if not 1 <= expires_in_days <= MAX_LIFETIME_DAYS:
            message = _("Choose between 1 and %(n)d days.") % {"n": MAX_LIFETIME_DAYS}
            errors["expires_in_days"] = str(message)
        else:
            return now + dt.timedelta(days=expires_in_days)
    elif expires_at is not None:
        if timezone.is_naive(expires_at):
            errors["expires_at"] = str(_("Give the expiry time with its time zone."))
        elif expires_at <= now:
            errors["expires_at"] = str(_("Choose a time in the future."))
        elif expires_at > now + dt.timedelta(days=MAX_LIFETIME_DAYS):
            message = _("A token may live at most %(n)d days.") % {"n": MAX_LIFETIME_DAYS}
            errors["expires_at"] = str(message)
        else:
            return expires_at
    return now


def _clean_name(errors: dict[str, str], actor: User, name: str) -> str:
    """Return the name with its spaces tidied; put a problem into `errors`."""
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = str(_("Name the token after what will use it."))
    elif len(name) > NAME_LIMIT:
        errors["name"] = str(_("Use at most %(n)d characters.") % {"n": NAME_LIMIT})
    elif _usable(actor).filter(name__iexact=name).exists():
        errors["name"] = str(_("You already have a token with this name."))
    return name


def _state(token: ApiToken) -> dict[str, Any]:
    """Return what the audit log keeps of a token: never its digest."""
    return {
        "user": token.user_id,
        "name": token.name,
        "prefix": token.prefix,
        "expires_at": token.expires_at,
        "revoked_at": token.revoked_at,
    }


@transaction.atomic
def create_token(
    *,
    actor: User,
    name: str,
    expires_in_days: int | None = None,
    expires_at: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Create a token for the actor; return it and its plaintext, which is shown only once."""
    if not actor.is_active:
        raise PermissionDenied()
    # Lock the user's row so two concurrent creations cannot pass the limits together.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    errors: dict[str, str] = {}
    clean_name = _clean_name(errors, actor, name)
    expiry = _clean_expiry(errors, expires_in_days, expires_at, timezone.now())
    if errors:
        raise ValidationFailed(errors)
    if _usable(actor).count() >= MAX_ACTIVE_TOKENS:
        message = _("You already have %(n)d active tokens; revoke one you no longer use.") % {
            "n": MAX_ACTIVE_TOKENS
        }
        raise DomainError("too_many_tokens", str(message))
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=actor,
        name=clean_name,
        prefix=prefix,
        digest=token_digest(raw),
        expires_at=expiry,
        created_by=actor,
    )
    audit.record(actor=actor, action="create", obj=token, changes=_state(token))
    return token, raw


def _fetch_for_revoke(actor: User, pk: int) -> ApiToken:
    own = ApiToken.objects.select_for_update().filter(pk=pk, user=actor).first()
    if own is not None:
        return own
    if not actor.has_right(Module.SETTINGS, Right.EDIT):
        raise NotFound()
    token = get_for(
        actor, ApiToken.objects.select_related("user"), Module.SETTINGS, pk, "user", for_update=True
    )
    if is_administrator(token.user) and not is_administrator(actor):
        raise PermissionDenied(str(_("Only an administrator may revoke an administrator's token.")))
    return token


@transaction.atomic
def revoke_token(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token at once; revoking a revoked token changes nothing."""
    if not actor.is_active:
        raise NotFound()
    token = _fetch_for_revoke(actor, token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.updated_by = actor
    token.save(update_fields=["revoked_at", "updated_by", "updated_at"])
    audit.record(
        actor=actor, action="revoke", obj=token, changes={"revoked_at": [None, token.revoked_at]}
    )
    return token


def find_usable_token(raw: str | None) -> ApiToken | None:
    """Return the usable token matching `raw` (with its user), or None.

    The row is found by its public prefix and checked by comparing digests in constant time,
    so a wrong secret takes as long to refuse as a right one takes to accept.
    """
    match = _TOKEN_RE.match((raw or "").strip())
    if match is None:
        return None
    digest = token_digest(match.group(0))
    found = None
    for candidate in ApiToken.objects.select_related("user").filter(prefix=match.group(1)):
        if hmac.compare_digest(candidate.digest, digest):
            found = candidate
    if found is None or token_status(found) != "active" or not found.user.is_active:
        return None
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        found.last_used_at = now
    return found


def authenticate_token(raw: str | None) -> User | None:
    """Return the user a raw API token acts as, or None if it is not usable."""
    token = find_usable_token(raw)
    return token.user if token is not None else None


# --- reads ---------------------------------------------------------------------------------


def list_own_tokens(*, actor: User) -> QuerySet[ApiToken]:
    """Return the actor's tokens, newest first."""
    return ApiToken.objects.filter(user=actor).order_by("-created_at", "-id")


def can_manage_all_tokens(actor: User) -> bool:
    """Return True if the actor may see and revoke other users' tokens."""
    return bool(actor.is_active and actor.has_right(Module.SETTINGS, Right.EDIT))


def list_all_tokens(*, actor: User) -> QuerySet[ApiToken]:
    """Return every token of the users within the actor's settings scope (needs edit)."""
    qs = ApiToken.objects.select_related("user", "user__unit")
    if not can_manage_all_tokens(actor):
        return qs.none()
    return scope(actor, qs, Module.SETTINGS, owner_field="user")


def get_token(*, actor: User, pk: int) -> ApiToken:
    """Return one of the actor's tokens, or one they may manage; otherwise raise NotFound."""
    own = ApiToken.objects.filter(pk=pk, user=actor).first()
    if own is not None:
        return own
    found = list_all_tokens(actor=actor).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found
