"""Custom fields: admin-defined fields per entity, values kept in the entity's `custom` JSON.

Interface used by every app (implemented in full by the custom-fields work):
- ENTITIES: entity key → (label, model dotted label) for entities that carry custom fields
- fields_for(entity) → the active CustomField rows, ordered
- clean_values(entity, data, instance_pk=None) → validated, JSON-safe dict; raises
  ValidationFailed naming each bad field
- form_fields(entity) → {"cf_<key>": django form field} for HTML forms
- filter_queryset(qs, entity, params) → qs filtered by "cf_<key>" query params
- order_field(entity, key) → an ORM expression to sort by a custom field
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from rapport.core.models import CustomField

ENTITIES: dict[str, tuple[Any, str]] = {
    "account": (_("Company"), "customers.Account"),
    "user": (_("User"), "org.User"),
}


def fields_for(entity: str) -> list[CustomField]:
    """Return the active custom fields of `entity`, in display order."""
    return list(CustomField.objects.filter(entity=entity, active=True).order_by("position", "id"))
