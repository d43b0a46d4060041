"""The one data-scope filter: (actor, module) → which owners' records the actor may see.

Every list, detail, search, export, report, API call and job that acts for a user starts
from `scope()`. A scope resolves to a set of owner ids (or everything), because users are
few and records many: `owner_id IN (...)` uses the owner index on any table.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from django.db import models

from rapport.core.errors import PermissionDenied
from rapport.core.models import Module, Right

M = TypeVar("M", bound=models.Model)


class Actor(Protocol):
    pk: int
    is_active: bool

    def visible_owner_ids(self, module: str) -> frozenset[int] | None:
        """Return the owner ids whose records are visible in `module`; None means all."""

    def has_right(self, module: str, right: str) -> bool:
        """Return True if a role grants `right` in `module`."""


def scope(
    actor: Actor,
    queryset: models.QuerySet[M],
    module: Module | str,
    owner_field: str = "owner",
) -> models.QuerySet[M]:
    """Return `queryset` narrowed to the records the actor may see in `module`.

    `owner_field="self"` scopes rows that are users themselves (a user owns their row).
    """
    if not actor.is_active or not actor.has_right(str(module), Right.VIEW):
        return queryset.none()
    owner_ids = actor.visible_owner_ids(str(module))
    if owner_ids is None:
        return queryset
    lookup = "pk__in" if owner_field == "self" else f"{owner_field}_id__in"
    return queryset.filter(**{lookup: sorted(owner_ids)})


def require_right(actor: Actor, module: Module | str, right: Right | str) -> None:
    """Raise PermissionDenied unless the actor holds `right` in `module`."""
    if not actor.is_active or not actor.has_right(str(module), str(right)):
        raise PermissionDenied()


def can_see_owner(actor: Actor, module: Module | str, owner_id: int) -> bool:
    """Return True if a record owned by `owner_id` is within the actor's scope."""
    if not actor.is_active or not actor.has_right(str(module), Right.VIEW):
        return False
    owner_ids = actor.visible_owner_ids(str(module))
    return owner_ids is None or owner_id in owner_ids
