"""Shell reads: the home page summary, global search across the apps' search providers.

Search providers are listed in settings.RAPPORT_SEARCH_PROVIDERS (dotted paths), so core
imports no CRM app; each provider applies the actor's data scope itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from rapport.core.models import AuditEntry


@dataclass
class SearchHit:
    kind: str
    title: str
    subtitle: str
    url: str
    icon: str = "file"


@dataclass
class SearchGroup:
    kind: str
    label: str
    hits: list[SearchHit] = field(default_factory=list)


def global_search(*, actor: Any, q: str, limit: int = 10) -> list[SearchGroup]:
    """Return hits per provider, each within the actor's data scope."""
    groups = []
    for dotted in settings.RAPPORT_SEARCH_PROVIDERS:
        group = import_string(dotted)(actor=actor, q=q, limit=limit)
        if group.hits:
            groups.append(group)
    return groups


@dataclass
class HomeSummary:
    greeting_name: str
    today: Any
    recent_activity: list[AuditEntry]
    unread: int


def get_home(*, actor: Any) -> HomeSummary:
    """Return what the home page shows the actor."""
    recent = list(AuditEntry.objects.filter(actor=actor).select_related("content_type")[:8])
    return HomeSummary(
        greeting_name=str(actor),
        today=timezone.localdate(),
        recent_activity=recent,
        unread=actor.notifications.filter(read_at__isnull=True).count(),
    )
