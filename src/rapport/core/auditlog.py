"""Audit log reads: the settings viewer (filters, keyset pages) and one record's history.

Rules owned here:
- the whole log is for users with the settings module's view right (administrators);
  anyone else is refused.
- one record's history (`audit_for`) is shown to settings viewers, and to a user who may
  see the record itself in its module (the caller names the module and the owner field).
- pages are keyset pages, newest first; no COUNT(*) over the log.
- changes are shown as before → after lines with the model's field names where known.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rapport.core.errors import NotFound, PermissionDenied
from rapport.core.models import AuditEntry, Module, Right
from rapport.core.pagination import paginate
from rapport.core.scopes import can_see_owner, require_right

PAGE_SIZE = 50
MAX_SHOWN = 300


@dataclass
class AuditFilter:
    actor: int | None = None
    action: str = ""
    object_type: int | None = None
    object_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> AuditFilter:
        """Read filters from a query string; unreadable values are dropped and reported."""
        out = cls(action=query.get("action", "").strip()[:40])
        out.object_id = query.get("object_id", "").strip()[:64]
        for name in ("actor", "object_type"):
            raw = query.get(name, "").strip()
            if raw:
                try:
                    setattr(out, name, int(raw))
                except ValueError:
                    out.errors[name] = _("Choose from the list.")
        for name in ("date_from", "date_to"):
            raw = query.get(name, "").strip()
            if raw:
                try:
                    setattr(out, name, dt.date.fromisoformat(raw))
                except ValueError:
                    out.errors[name] = _("Enter a date as YYYY-MM-DD.")
        if out.date_from and out.date_to and out.date_from > out.date_to:
            out.errors["date_to"] = _("The end date is before the start date.")
        return out

    @property
    def is_set(self) -> bool:
        return bool(self.actor or self.action or self.object_type or self.object_id) or bool(
            self.date_from or self.date_to
        )


@dataclass
class AuditPage:
    items: list[AuditRow]
    next_cursor: str | None
    has_next: bool


@dataclass
class ChangeLine:
    name: str
    label: str
    before: str
    after: str


@dataclass
class AuditRow:
    entry: AuditEntry
    mode: str  # "diff": before → after; "values": the values at the time; "none"
    lines: list[ChangeLine]

    @property
    def field_labels(self) -> list[str]:
        return [line.label for line in self.lines]


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _apply(qs: models.QuerySet[AuditEntry], f: AuditFilter) -> models.QuerySet[AuditEntry]:
    if f.actor:
        qs = qs.filter(actor_id=f.actor)
    if f.action:
        qs = qs.filter(action=f.action)
    if f.object_type:
        qs = qs.filter(content_type_id=f.object_type)
    if f.object_id:
        qs = qs.filter(object_id=f.object_id)
    if f.date_from:
        qs = qs.filter(at__gte=_day_start(f.date_from))
    if f.date_to and "date_to" not in f.errors:
        qs = qs.filter(at__lt=_day_start(f.date_to + dt.timedelta(days=1)))
    return qs


def filter_audit(
    *, actor: Any, filters: AuditFilter, cursor: str | None = None, size: int = PAGE_SIZE
) -> AuditPage:
    """Return one page of the audit log, newest first (settings view right required)."""
    require_right(actor, Module.SETTINGS, Right.VIEW)
    qs = _apply(AuditEntry.objects.select_related("actor", "content_type"), filters)
    page = paginate(qs, ["-at", "-id"], cursor, size)
    rows = [describe(e) for e in page.items]
    return AuditPage(items=rows, next_cursor=page.next_cursor, has_next=page.has_next)


def get_entry(*, actor: Any, pk: Any) -> AuditRow:
    require_right(actor, Module.SETTINGS, Right.VIEW)
    try:
        entry = AuditEntry.objects.select_related("actor", "content_type").get(pk=pk)
    except (AuditEntry.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    return describe(entry)


def audit_for(
    actor: Any,
    obj: models.Model,
    *,
    module: str | None = None,
    owner_field: str = "owner",
    limit: int = PAGE_SIZE,
) -> list[AuditRow]:
    """Return the history of `obj`, newest first, if the actor may see it.

    Settings viewers see every record's history; others see a record's history when the
    record is within their data scope in `module` (`owner_field="self"` for user rows).
    """
    if not _may_see_history(actor, obj, module, owner_field):
        raise PermissionDenied()
    ct = ContentType.objects.get_for_model(type(obj))
    qs = AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk))
    return [describe(e) for e in qs.select_related("actor", "content_type")[:limit]]


def _may_see_history(actor: Any, obj: models.Model, module: str | None, owner_field: str) -> bool:
    if not getattr(actor, "is_active", False):
        return False
    if actor.has_right(Module.SETTINGS, Right.VIEW):
        return True
    if module is None:
        return False
    owner_id = obj.pk if owner_field == "self" else getattr(obj, f"{owner_field}_id", None)
    return owner_id is not None and can_see_owner(actor, module, owner_id)


# --- presenting changes ------------------------------------------------------------------


def _label(model: type[models.Model] | None, name: str) -> str:
    if model is not None:
        for candidate in (name, name.removesuffix("_id")):
            try:
                found = model._meta.get_field(candidate)
            except FieldDoesNotExist:
                continue
            return str(getattr(found, "verbose_name", candidate)).capitalize()
    return name.replace("_", " ").capitalize()


def show(value: Any) -> str:
    """Return a stored audit value as short text."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if isinstance(value, dict) and set(value) == {"amount", "currency"}:
        text = f"{value['amount']} {value['currency']}"
    elif isinstance(value, list) and all(isinstance(v, dict) and "label" in v for v in value):
        text = ", ".join(str(v["label"]) for v in value)  # choices
    elif isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        text = ", ".join(show(v) for v in value)
    elif isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    else:
        text = str(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _is_diff(entry: AuditEntry) -> bool:
    changes = entry.changes
    if entry.action in {"create", "delete"} or not isinstance(changes, dict) or not changes:
        return False
    return all(isinstance(v, list) and len(v) == 2 for v in changes.values())


def describe(entry: AuditEntry) -> AuditRow:
    """Return the entry with its changes as lines ready to show."""
    model = entry.content_type.model_class() if entry.content_type is not None else None
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    if not changes:
        return AuditRow(entry, "none", [])
    if _is_diff(entry):
        lines = [
            ChangeLine(k, _label(model, k), show(v[0]), show(v[1])) for k, v in changes.items()
        ]
        return AuditRow(entry, "diff", lines)
    lines = [ChangeLine(k, _label(model, k), "", show(v)) for k, v in changes.items()]
    return AuditRow(entry, "values", lines)


# --- filter options ----------------------------------------------------------------------


ACTION_LABELS = {
    "create": gettext_lazy("Created"),
    "update": gettext_lazy("Edited"),
    "delete": gettext_lazy("Deleted"),
    "deactivate": gettext_lazy("Deactivated"),
    "reactivate": gettext_lazy("Reactivated"),
    "reorder": gettext_lazy("Reordered"),
    "assign": gettext_lazy("Assigned"),
    "merge": gettext_lazy("Merged"),
    "export": gettext_lazy("Exported"),
    "import": gettext_lazy("Imported"),
    "login": gettext_lazy("Logged in"),
    "logout": gettext_lazy("Logged out"),
    "login_failed": gettext_lazy("Login failed"),
    "lockout": gettext_lazy("Locked out"),
    "password_reset": gettext_lazy("Password reset"),
}


def action_choices() -> list[tuple[str, str]]:
    """Return (action, label) for the actions the log holds (the action column is indexed)."""
    actions = AuditEntry.objects.values_list("action", flat=True).distinct()
    rows = [(a, str(ACTION_LABELS.get(a, a.replace("_", " ").capitalize()))) for a in actions]
    return sorted(rows, key=lambda row: row[1].casefold())


def object_type_choices() -> list[tuple[int, str]]:
    """Return (content type id, name) for Rapport's own models, by name."""
    rapport_labels = {c.label for c in apps.get_app_configs() if c.name.startswith("rapport.")}
    types = ContentType.objects.filter(app_label__in=rapport_labels)
    out = []
    for ct in types:
        model = ct.model_class()
        if model is not None:
            out.append((ct.pk, str(model._meta.verbose_name).capitalize()))
    return sorted(out, key=lambda row: row[1].casefold())


def actor_choices() -> list[tuple[int, str]]:
    """Return every user (active or not) as (id, name), by name."""
    from django.contrib.auth import get_user_model

    users = get_user_model()._default_manager.all()
    return sorted(((u.pk, str(u)) for u in users), key=lambda row: row[1].casefold())
