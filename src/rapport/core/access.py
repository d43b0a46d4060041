"""get_for: fetch a record through the actor's scope; missing and forbidden are one 404."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone

from rapport.core.errors import NotFound, StaleEdit
from rapport.core.scopes import Actor, scope

M = TypeVar("M", bound=models.Model)


def get_for(
    actor: Actor,
    queryset: models.QuerySet[M],
    module: str,
    pk: Any,
    owner_field: str = "owner",
    *,
    for_update: bool = False,
) -> M:
    """Return the record `pk` if the actor may see it, else raise NotFound."""
    qs = scope(actor, queryset, module, owner_field)
    if for_update:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def check_version(instance: models.Model, seen_version: int | None) -> None:
    """Refuse an edit whose version is not the stored one (optimistic locking)."""
    current = getattr(instance, "version", None)
    if seen_version is None or current is None or int(seen_version) != int(current):
        raise StaleEdit()


def save_versioned(instance: models.Model, seen_version: int, fields: list[str]) -> None:
    """Save `fields` only if the stored version is still `seen_version`; bump the version.

    The compare-and-set runs in one UPDATE so two concurrent edits cannot both win.
    """
    model = type(instance)
    if hasattr(instance, "updated_at"):
        instance.updated_at = timezone.now()  # type: ignore[attr-defined]
        fields = [*fields, "updated_at"]
    values = {f: getattr(instance, f) for f in fields}
    updated = model._default_manager.filter(pk=instance.pk, version=seen_version).update(
        version=models.F("version") + 1, **values
    )
    if updated != 1:
        raise StaleEdit()
    instance.version = int(seen_version) + 1  # type: ignore[attr-defined]
