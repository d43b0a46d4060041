"""Custom fields: admin-defined fields per entity, values kept in the entity's `custom` JSON.

Interface used by every app:
- ENTITIES: entity key → (label, model label) for entities that carry custom fields
- fields_for(entity) → the active CustomField rows, in display order
- clean_values(entity, data, instance_pk=None, *, existing=None, partial=False, strict=False)
  → the record's new `custom` dict, JSON-safe. `data` maps "cf_<key>" or "<key>" to raw
  input (strings from the API/imports, or the Python values the form fields clean to).
  Checks type, required and unique-per-entity (`instance_pk` excluded); applies each
  field's default on create for keys absent from `data`; keeps values of deactivated
  fields found in `existing`. Raises ValidationFailed with errors keyed "cf_<key>".
  `partial=True` (API PATCH) keeps existing values of keys absent from `data`;
  `strict=True` also refuses keys that name no active field.
- form_fields(entity, *, instance=None) → {"cf_<key>": django form field} with initials
  (the instance's values, or each field's default for a new record)
- filter_queryset(qs, entity, params, *, strict=False) → qs narrowed by "cf_<key>" params
  (see core/customfields/query.py for the operators)
- order_field(entity, key) → an ORM expression for order_by (numbers sort numerically;
  use `.asc(nulls_last=True)` / `.desc(nulls_last=True)` to put empty values last)
- display_value(field, raw, *, users=None) → text for lists and detail pages
  (pass `users=user_labels(ids)` to show user fields in a list without a query per row)
- api_values(entity, custom) → {key: value or None} for every active field, for the API

Values are stored by type as described in core/customfields/values.py.
Managing definitions (create, edit, reorder, deactivate) is in core/customfields/services.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.apps import apps
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rapport.core.customfields import values as _values
from rapport.core.customfields.formfields import form_field, initial_for
from rapport.core.customfields.query import filter_by_fields, order_expression, value_expression
from rapport.core.customfields.values import ValueProblem, user_labels
from rapport.core.errors import DomainError, ValidationFailed
from rapport.core.models import CustomField

__all__ = [
    "ENTITIES",
    "api_values",
    "clean_values",
    "display_value",
    "entity_label",
    "fields_for",
    "filter_queryset",
    "form_fields",
    "order_field",
    "user_labels",
]

M = TypeVar("M", bound=models.Model)

ENTITIES: dict[str, tuple[Any, str]] = {
    "account": (gettext_lazy("Company"), "customers.Account"),
    "user": (gettext_lazy("User"), "org.User"),
}

PREFIX = "cf_"


def _check_entity(entity: str) -> None:
    if entity not in ENTITIES:
        raise DomainError("unknown_entity", _("Unknown entity: %(e)s.") % {"e": entity}, "entity")


def entity_label(entity: str) -> str:
    return str(ENTITIES[entity][0]) if entity in ENTITIES else entity


def entity_model(entity: str) -> type[models.Model]:
    _check_entity(entity)
    return apps.get_model(ENTITIES[entity][1])


def fields_for(entity: str) -> list[CustomField]:
    """Return the active custom fields of `entity`, in display order."""
    _check_entity(entity)
    return list(CustomField.objects.filter(entity=entity, active=True).order_by("position", "id"))


def _input(data: Mapping[str, Any], key: str) -> tuple[bool, Any]:
    for name in (PREFIX + key, key):
        if name in data:
            return True, data[name]
    return False, None


def _taken(entity: str, field: CustomField, value: Any, instance_pk: Any) -> bool:
    """Return True if another record of `entity` already holds `value` in `field`."""
    model = entity_model(entity)
    expr = value_expression(field)
    if field.type in _values.TEXT_TYPES:
        expr, value = Lower(expr), str(value).lower()
    qs = model._default_manager.alias(_cf_unique=expr).filter(_cf_unique=value)
    if instance_pk is not None:
        qs = qs.exclude(pk=instance_pk)
    return qs.exists()


def clean_values(
    entity: str,
    data: Mapping[str, Any],
    instance_pk: Any = None,
    *,
    existing: Mapping[str, Any] | None = None,
    partial: bool = False,
    strict: bool = False,
) -> dict[str, Any]:
    """Return the validated `custom` dict for a record of `entity`; raise ValidationFailed."""
    fields = fields_for(entity)
    existing = dict(existing or {})
    active_keys = {f.key for f in fields}
    # Values of deactivated (or removed) fields stay on the record untouched.
    out: dict[str, Any] = {k: val for k, val in existing.items() if k not in active_keys}
    errors: dict[str, str] = {}
    if strict:
        for name in data:
            key = name[len(PREFIX) :] if name.startswith(PREFIX) else name
            if key not in active_keys:
                errors[PREFIX + key] = _("There is no custom field “%(key)s”.") % {"key": key}
    for field in fields:
        present, raw = _input(data, field.key)
        if not present:
            if partial or instance_pk is not None:
                raw = existing.get(field.key)
            elif field.default is not None:
                raw = field.default
        name = PREFIX + field.key
        if _values.is_empty(raw, field.type):
            if field.required:
                errors[name] = _("%(label)s is required.") % {"label": field.label}
            continue
        try:
            value = _values.parse_value(field, raw, existing=existing.get(field.key))
        except ValueProblem as exc:
            errors[name] = f"{field.label}: {exc}"
            continue
        if value is None:
            if field.required:
                errors[name] = _("%(label)s is required.") % {"label": field.label}
            continue
        if field.unique and _taken(entity, field, value, instance_pk):
            errors[name] = _("Another record already has %(label)s “%(value)s”.") % {
                "label": field.label,
                "value": _values.display(field, value),
            }
            continue
        out[field.key] = value
    if errors:
        raise ValidationFailed(errors)
    return out


def form_fields(entity: str, *, instance: Any = None) -> dict[str, Any]:
    """Return {"cf_<key>": form field} for the active fields, with initial values."""
    custom = getattr(instance, "custom", None) or {}
    out: dict[str, Any] = {}
    for field in fields_for(entity):
        stored = custom.get(field.key) if instance is not None else field.default
        out[PREFIX + field.key] = form_field(field, initial=initial_for(field, stored))
    return out


def filter_queryset(
    qs: models.QuerySet[M], entity: str, params: Mapping[str, str], *, strict: bool = False
) -> models.QuerySet[M]:
    """Return `qs` narrowed by the "cf_<key>" parameters among `params`."""
    if not any(name.startswith(PREFIX) for name in params):
        return qs
    return filter_by_fields(qs, fields_for(entity), params, strict=strict)


def order_field(entity: str, key: str) -> Any:
    """Return an ORM expression to sort `entity` records by custom field `key`."""
    field = CustomField.objects.filter(entity=entity, key=key).first()
    if field is None:
        raise DomainError("unknown_field", _("There is no custom field “%(key)s”.") % {"key": key})
    return order_expression(field)


def display_value(field: CustomField, raw: Any, *, users: Mapping[int, str] | None = None) -> str:
    """Return a stored value as text for lists and detail pages ("" when empty)."""
    return _values.display(field, raw, users=users)


def api_values(entity: str, custom: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return {key: value or None} for every active field of `entity`."""
    custom = custom or {}
    return {f.key: _values.api_value(f, custom.get(f.key)) for f in fields_for(entity)}
