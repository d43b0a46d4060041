"""Audit log writes: every service records who did what to which object, before and after."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from rapport.core.models import AuditEntry
from rapport.core.threadlocal import current_ip


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """Return the concrete field values of `instance` as JSON-safe data."""
    out: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password"}:
            continue
        out[field.attname] = _plain(getattr(instance, field.attname))
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return {field: [before, after]} for fields whose value changed."""
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    object_repr: str | None = None,
) -> AuditEntry:
    """Append one audit entry."""
    actor_pk = getattr(actor, "pk", None)
    label = actor.get_username() if actor_pk is not None else ""
    entry = AuditEntry(
        actor_id=actor_pk,
        actor_label=label[:150],
        action=action,
        changes=_plain(changes or {}),
        ip=current_ip(),
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(type(obj))
        entry.object_id = str(obj.pk)
        entry.object_repr = (object_repr or str(obj))[:200]
    elif object_repr:
        entry.object_repr = object_repr[:200]
    entry.save()
    return entry


def history_for(obj: models.Model) -> models.QuerySet[AuditEntry]:
    """Return the audit entries about `obj`, newest first."""
    ct = ContentType.objects.get_for_model(type(obj))
    return AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")
