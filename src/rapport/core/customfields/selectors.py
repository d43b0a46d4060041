"""Custom-field definition reads for the settings pages (settings view right required)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapport.core.customfields import ENTITIES, display_value, user_labels
from rapport.core.customfields.values import choice_labels
from rapport.core.errors import NotFound
from rapport.core.models import CustomField, Module, Right
from rapport.core.scopes import require_right


@dataclass
class FieldRow:
    field: CustomField
    default: str  # the default value as people read it ("" for none)
    choices: list[str]  # choice labels


@dataclass
class EntityFields:
    entity: str
    label: str
    active: list[FieldRow] = field(default_factory=list)
    inactive: list[FieldRow] = field(default_factory=list)


def list_field_groups(*, actor: Any) -> list[EntityFields]:
    """Return every entity that carries custom fields, with its fields in display order."""
    require_right(actor, Module.SETTINGS, Right.VIEW)
    groups = {key: EntityFields(key, str(label)) for key, (label, _model) in ENTITIES.items()}
    rows = list(CustomField.objects.order_by("entity", "position", "id"))
    users = user_labels(r.default for r in rows if r.type == CustomField.Type.USER and r.default)
    for row in rows:
        group = groups.get(row.entity)
        if group is not None:
            item = FieldRow(
                row,
                display_value(row, row.default, users=users),
                list(choice_labels(row).values()),
            )
            (group.active if row.active else group.inactive).append(item)
    return list(groups.values())


def get_field(*, actor: Any, pk: int) -> CustomField:
    """Return one field definition, or NotFound."""
    require_right(actor, Module.SETTINGS, Right.VIEW)
    try:
        return CustomField.objects.get(pk=pk, entity__in=list(ENTITIES))
    except (CustomField.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
