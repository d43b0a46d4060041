"""Housekeeping services of org: warn the owners of API tokens that are about to expire.

Rules owned here: a usable token (not revoked, owner active) that expires within a week
earns its owner one in-app notification, in the owner's language and time zone; running
the service again notifies nobody twice (the notification itself is the record).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from rapport.core.models import Notification
from rapport.core.services import notify
from rapport.org.models import ApiToken

logger = logging.getLogger(__name__)

TOKEN_EXPIRY_NOTICE = timedelta(days=7)
TOKEN_EXPIRING_VERB = "api_token.expiring"  # noqa: S105 - an event name, not a secret


def notify_expiring_api_tokens(
    *, within: timedelta = TOKEN_EXPIRY_NOTICE, now: datetime | None = None
) -> int:
    """Notify the owner of each usable token expiring within `within`, once; return how many."""
    now = now or timezone.now()
    tokens = list(
        ApiToken.objects.filter(
            revoked_at__isnull=True,
            expires_at__gt=now,
            expires_at__lte=now + within,
            user__is_active=True,
        ).select_related("user")
    )
    links = {token.pk: _token_link(token) for token in tokens}
    already = set(
        Notification.objects.filter(verb=TOKEN_EXPIRING_VERB, url__in=links.values()).values_list(
            "recipient_id", "url"
        )
    )
    sent = 0
    for token in tokens:
        if (token.user_id, links[token.pk]) in already:
            continue
        _notify_owner(token, links[token.pk])
        sent += 1
    logger.info("Notified %d owners of API tokens expiring within %s days.", sent, within.days)
    return sent


def _token_link(token: ApiToken) -> str:
    return f"{reverse('apitokens:token-list')}#token-{token.pk}"


def _notify_owner(token: ApiToken, link: str) -> None:
    user = token.user
    try:
        zone = ZoneInfo(user.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    assert token.expires_at is not None
    with translation.override(user.language):
        when = formats.date_format(timezone.localtime(token.expires_at, zone), "DATE_FORMAT")
        notify(
            recipient=user,
            verb=TOKEN_EXPIRING_VERB,
            title=gettext("Your API token “%(name)s” expires on %(date)s")
            % {"name": token.name, "date": when},
            body=gettext(
                "Create a new token and switch the integrations that use this one before then."
            ),
            url=link,
        )
