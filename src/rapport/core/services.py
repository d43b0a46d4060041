"""Shell writes: notifications."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from rapport.core.models import Notification


def notify(*, recipient: Any, verb: str, title: str, body: str = "", url: str = "") -> Notification:
    """Create an in-app notification for `recipient`."""
    return Notification.objects.create(
        recipient=recipient, verb=verb, title=title, body=body, url=url
    )


def mark_notifications_read(*, actor: Any) -> int:
    """Mark every unread notification of the actor as read."""
    return int(actor.notifications.filter(read_at__isnull=True).update(read_at=timezone.now()))
