"""Custom-field definitions: create, edit, reorder, deactivate and reactivate.

Rules owned here:
- only a user with the settings module's edit right manages definitions (`actor=None` is
  the system: demo data, fixtures).
- a field's key is a lower-case identifier, unique per entity (among deactivated fields
  too, since records keep their values); the key and the type never change after creation,
  so stored values always match their field.
- a choice field needs at least one choice; choice values are unique within the field.
- "unique" is offered only for types that can identify a record (text, number, date, URL,
  email, phone), is refused while records already share a value, and excludes a default.
- a default must be a valid value of the field's type.
- a field is deactivated, never deleted: records keep its values, which come back when the
  field is reactivated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from rapport.core import audit
from rapport.core.access import save_versioned
from rapport.core.customfields import ENTITIES, entity_label, entity_model
from rapport.core.customfields import values as v
from rapport.core.customfields.query import value_expression
from rapport.core.errors import DomainError, NotFound, ValidationFailed
from rapport.core.models import CustomField, Module, Right
from rapport.core.scopes import require_right

T = CustomField.Type
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
RESERVED_KEYS = frozenset({"id", "pk", "custom", "in", "gte", "lte", "empty", "currency"})
MAX_CHOICES = 200


def _require(actor: Any) -> None:
    if actor is not None:
        require_right(actor, Module.SETTINGS, Right.EDIT)


def parse_choices(raw: Any) -> list[dict[str, str]]:
    """Return choices as [{"value", "label"}] from dicts, strings or "value | label" lines."""
    if isinstance(raw, str):
        raw = [line for line in raw.splitlines() if line.strip()]
    out: list[dict[str, str]] = []
    for item in raw or []:
        if isinstance(item, Mapping):
            value, label = str(item.get("value", "")).strip(), str(item.get("label", "")).strip()
        else:
            text = str(item)
            value, _sep, label = (part.strip() for part in text.partition("|"))
            if not _sep:
                label = value
        out.append({"value": value, "label": label or value})
    return out


def _clean_choices(kind: str, raw: Any, errors: dict[str, str]) -> list[dict[str, str]]:
    if kind not in v.CHOICE_TYPES:
        return []
    choices = parse_choices(raw)
    if not choices:
        errors["choices"] = _("Give at least one choice, one per line.")
        return choices
    seen: set[str] = set()
    for choice in choices:
        value = choice["value"]
        if not value:
            errors["choices"] = _("Every choice needs a value.")
        elif len(value) > 100 or len(choice["label"]) > 100:
            errors["choices"] = _("Keep each choice to 100 characters.")
        elif "," in value:
            errors["choices"] = _("A choice value cannot contain a comma: “%(v)s”.") % {"v": value}
        elif value.casefold() in seen:
            errors["choices"] = _("The choice “%(v)s” is listed twice.") % {"v": value}
        seen.add(value.casefold())
    if len(choices) > MAX_CHOICES:
        errors["choices"] = _("Offer at most %(n)d choices.") % {"n": MAX_CHOICES}
    return choices


def _clean_label(entity: str, label: str, field: CustomField | None, errors: dict[str, str]) -> str:
    label = " ".join((label or "").split())
    if not label:
        errors["label"] = _("Give the field a label.")
    elif len(label) > 100:
        errors["label"] = _("Use at most 100 characters.")
    else:
        others = CustomField.objects.filter(entity=entity, active=True, label__iexact=label)
        if field is not None:
            others = others.exclude(pk=field.pk)
        if others.exists():
            errors["label"] = _("Another field of this entity is already labelled “%(l)s”.") % {
                "l": label
            }
    return label


def _clean_key(entity: str, key: str, errors: dict[str, str]) -> str:
    key = (key or "").strip()
    if not key:
        errors["key"] = _("Give the field a key.")
    elif len(key) > 50:
        errors["key"] = _("Use at most 50 characters.")
    elif not KEY_RE.match(key) or "__" in key or key.endswith("_"):
        errors["key"] = _(
            "Use lower-case letters, digits and single underscores, starting with a letter "
            "(for example annual_budget)."
        )
    elif key in RESERVED_KEYS:
        errors["key"] = _("“%(k)s” is reserved; choose another key.") % {"k": key}
    elif CustomField.objects.filter(entity=entity, key=key).exists():
        errors["key"] = _("This entity already has a field with the key “%(k)s”.") % {"k": key}
    return key


def _has_duplicates(entity: str, field: CustomField) -> bool:
    """Return True if two records of `entity` share a value of `field`."""
    model = entity_model(entity)
    expr = value_expression(field)
    if field.type in v.TEXT_TYPES:
        expr = Lower(expr)
    return (
        model._default_manager.order_by()
        .annotate(_cf=expr)
        .filter(_cf__isnull=False)
        .values("_cf")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .exists()
    )


def _clean_rest(
    entity: str,
    probe: CustomField,
    *,
    default: Any,
    unique: bool,
    help_text: str,
    errors: dict[str, str],
    existing: CustomField | None,
) -> Any:
    """Check unique, default and help text; return the default in its stored form."""
    if len(help_text) > 200:
        errors["help_text"] = _("Use at most 200 characters.")
    if unique and probe.type not in v.UNIQUE_TYPES:
        errors["unique"] = _("Only text, number, date, URL, email and phone fields can be unique.")
    elif unique and existing is not None and not existing.unique and _has_duplicates(entity, probe):
        errors["unique"] = _(
            "Some records already share a value of this field; make them distinct first."
        )
    stored = None
    if not v.is_empty(default, probe.type) and "choices" not in errors:
        if unique:
            errors["default"] = _("A unique field cannot have a default value.")
        else:
            try:
                stored = v.parse_value(probe, default)
            except v.ValueProblem as exc:
                errors["default"] = str(exc)
    return stored


@transaction.atomic
def create_field(
    *,
    actor: Any,
    entity: str,
    key: str,
    label: str,
    type: str,
    required: bool = False,
    unique: bool = False,
    default: Any = None,
    choices: Any = None,
    help_text: str = "",
) -> CustomField:
    """Define a new custom field on `entity`, placed after the existing ones."""
    _require(actor)
    errors: dict[str, str] = {}
    if entity not in ENTITIES:
        raise ValidationFailed({"entity": _("Choose one of the entities that have fields.")})
    if type not in T.values:
        errors["type"] = _("Choose one of the offered types.")
    key = _clean_key(entity, key, errors)
    label = _clean_label(entity, label, None, errors)
    probe = CustomField(entity=entity, key=key or "x", label=label, type=type)
    probe.choices = _clean_choices(type, choices, errors)
    help_text = (help_text or "").strip()
    stored_default = None
    if "type" not in errors:
        stored_default = _clean_rest(
            entity, probe, default=default, unique=unique, help_text=help_text,
            errors=errors, existing=None,
        )  # fmt: skip
    if errors:
        raise ValidationFailed(errors)
    last = CustomField.objects.filter(entity=entity).aggregate(m=Max("position"))["m"]
    field = CustomField.objects.create(
        entity=entity, key=key, label=label, type=type, required=required, unique=unique,
        default=stored_default, choices=probe.choices, help_text=help_text,
        position=(last or 0) + 1, created_by=actor, updated_by=actor,
    )  # fmt: skip
    audit.record(
        actor=actor, action="create", obj=field, object_repr=_repr(field), changes=_state(field)
    )
    return field


def _repr(field: CustomField) -> str:
    """Name a field in the audit log as people know it: "Budget (Company)"."""
    return f"{field.label} ({entity_label(field.entity)})"


def _state(field: CustomField) -> dict[str, Any]:
    return audit.snapshot(
        field,
        ["entity", "key", "label", "type", "required", "unique", "default", "choices",
         "help_text", "position", "active"],
    )  # fmt: skip


def _fetch(field: CustomField | int) -> CustomField:
    pk = field.pk if isinstance(field, CustomField) else field
    try:
        return CustomField.objects.select_for_update().get(pk=pk)
    except CustomField.DoesNotExist:
        raise NotFound() from None


@transaction.atomic
def update_field(
    *,
    actor: Any,
    field: CustomField,
    version: int,
    label: str,
    required: bool = False,
    unique: bool = False,
    default: Any = None,
    choices: Any = None,
    help_text: str = "",
) -> CustomField:
    """Change a field's label, rules, default, choices or help text (not its key or type)."""
    _require(actor)
    field = _fetch(field)
    errors: dict[str, str] = {}
    label = _clean_label(field.entity, label, field, errors)
    probe = CustomField(entity=field.entity, key=field.key, label=label, type=field.type)
    probe.choices = _clean_choices(field.type, choices, errors)
    help_text = (help_text or "").strip()
    stored_default = _clean_rest(
        field.entity, probe, default=default, unique=unique, help_text=help_text,
        errors=errors, existing=field,
    )  # fmt: skip
    if errors:
        raise ValidationFailed(errors)
    before = _state(field)
    field.label, field.required, field.unique = label, required, unique
    field.default, field.choices, field.help_text = stored_default, probe.choices, help_text
    field.updated_by = actor
    save_versioned(
        field,
        version,
        ["label", "required", "unique", "default", "choices", "help_text", "updated_by"],
    )
    audit.record(
        actor=actor, action="update", obj=field, object_repr=_repr(field),
        changes=audit.diff(before, _state(field)),
    )  # fmt: skip
    return field


@transaction.atomic
def set_field_active(*, actor: Any, field: CustomField, active: bool) -> CustomField:
    """Deactivate a field (hidden everywhere, values kept) or bring it back."""
    _require(actor)
    field = _fetch(field)
    if field.active == active:
        return field
    if active:
        clash = CustomField.objects.filter(
            entity=field.entity, active=True, label__iexact=field.label
        ).exclude(pk=field.pk)
        if clash.exists():
            raise DomainError(
                "label_taken",
                _("Another active field is labelled “%(l)s”; rename one of them first.")
                % {"l": field.label},
                "label",
            )
    field.active = active
    field.updated_by = actor
    save_versioned(field, field.version, ["active", "updated_by"])
    audit.record(
        actor=actor,
        action="reactivate" if active else "deactivate",
        obj=field,
        object_repr=_repr(field),
        changes={"active": [not active, active]},
    )
    return field


@transaction.atomic
def reorder_fields(*, actor: Any, entity: str, ids: Iterable[int | str]) -> list[CustomField]:
    """Put the fields of `entity` in the order of `ids` (fields not listed keep their place after)."""
    _require(actor)
    if entity not in ENTITIES:
        raise ValidationFailed({"entity": _("Choose one of the entities that have fields.")})
    fields = {f.pk: f for f in CustomField.objects.select_for_update().filter(entity=entity)}
    try:
        wanted = [int(i) for i in ids]
    except (TypeError, ValueError):
        raise ValidationFailed({"order": _("The new order is not readable.")}) from None
    if any(pk not in fields for pk in wanted) or len(set(wanted)) != len(wanted):
        raise ValidationFailed({"order": _("The new order names fields that are not here.")})
    rest = sorted(
        (f for pk, f in fields.items() if pk not in set(wanted)),
        key=lambda f: (f.position, f.pk),
    )
    ordered = [fields[pk] for pk in wanted] + rest
    before = {f.key: f.position for f in fields.values()}
    for position, field in enumerate(ordered, start=1):
        field.position = position
    CustomField.objects.bulk_update(ordered, ["position"])
    after = {f.key: f.position for f in ordered}
    if before != after:
        audit.record(
            actor=actor,
            action="reorder",
            object_repr=_("Custom fields of %(e)s") % {"e": str(ENTITIES[entity][0])},
            changes={"order": [sorted(before, key=before.__getitem__), [f.key for f in ordered]]},
        )
    return ordered
