"""Tags: one shared vocabulary of coloured labels that any record may carry.

Rules owned here:
- only a user with the settings module's edit right creates, renames, recolours or deletes
  tags (`actor=None` is the system); everyone may pick existing tags on records they edit.
- tag names are unique ignoring case, at most 60 characters, without commas (imports and
  filters list several tags separated by commas).
- deleting a tag takes it off every record that carries it; the audit entry says how many.
- records carry tags through a plain many-to-many field to Tag (e.g. Account.tags); usage
  is counted over every such field found in the model registry, so core names no CRM app.
- an app's own service applies a record's tags with `apply_tags` (after its access check)
  and records the returned change in its audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from rapport.core import audit
from rapport.core.access import save_versioned
from rapport.core.errors import NotFound, ValidationFailed
from rapport.core.models import Module, Right, Tag
from rapport.core.scopes import require_right

MAX_NAME = 60


@dataclass
class TagUsage:
    """Where one tag is used: {model verbose name (plural): count}."""

    tag: Tag
    by_model: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_model.values())


def tagged_relations() -> list[models.ManyToManyField[Any, Any]]:
    """Return every many-to-many field that points at Tag, across installed apps."""
    found = []
    for model in apps.get_models():
        for f in model._meta.local_many_to_many:
            if f.remote_field.model is Tag:
                found.append(f)
    return found


def usage_counts() -> dict[int, dict[str, int]]:
    """Return {tag id: {records label: count}} in one grouped query per tagged relation."""
    counts: dict[int, dict[str, int]] = {}
    for rel in tagged_relations():
        through = rel.remote_field.through
        assert through is not None
        tag_column = rel.m2m_reverse_field_name()
        label = str(rel.model._meta.verbose_name_plural)
        rows = through._default_manager.values(tag_column).annotate(n=Count("pk"))
        for row in rows:
            counts.setdefault(row[tag_column], {})[label] = row["n"]
    return counts


def list_tags(*, actor: Any) -> list[TagUsage]:
    """Return every tag with its usage, by name (settings view right required)."""
    require_right(actor, Module.SETTINGS, Right.VIEW)
    counts = usage_counts()
    return [TagUsage(tag, counts.get(tag.pk, {})) for tag in Tag.objects.order_by("name")]


def get_tag(*, actor: Any, pk: Any) -> Tag:
    require_right(actor, Module.SETTINGS, Right.VIEW)
    try:
        return Tag.objects.get(pk=pk)
    except (Tag.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def tag_choices() -> models.QuerySet[Tag]:
    """Return the tags a record may carry (for pickers and filters)."""
    return Tag.objects.order_by("name")


def _require(actor: Any) -> None:
    if actor is not None:
        require_right(actor, Module.SETTINGS, Right.EDIT)


def _clean(name: str, color: str, tag: Tag | None) -> tuple[str, str]:
    errors: dict[str, str] = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = _("Give the tag a name.")
    elif len(name) > MAX_NAME:
        errors["name"] = _("Use at most %(n)d characters.") % {"n": MAX_NAME}
    elif "," in name:
        errors["name"] = _("A tag name cannot contain a comma.")
    else:
        clash = Tag.objects.filter(name__iexact=name)
        if tag is not None:
            clash = clash.exclude(pk=tag.pk)
        if clash.exists():
            errors["name"] = _("A tag named “%(name)s” already exists.") % {"name": name}
    if color not in Tag.Color.values:
        errors["color"] = _("Choose one of the offered colours.")
    if errors:
        raise ValidationFailed(errors)
    return name, color


def _state(tag: Tag) -> dict[str, Any]:
    return audit.snapshot(tag, ["name", "color"])


@transaction.atomic
def create_tag(*, actor: Any, name: str, color: str = Tag.Color.BLUE) -> Tag:
    """Create a tag."""
    _require(actor)
    name, color = _clean(name, color, None)
    tag = Tag.objects.create(name=name, color=color, created_by=actor, updated_by=actor)
    audit.record(actor=actor, action="create", obj=tag, changes=_state(tag))
    return tag


@transaction.atomic
def update_tag(*, actor: Any, tag: Tag, version: int, name: str, color: str) -> Tag:
    """Rename or recolour a tag; every record carrying it shows the change."""
    _require(actor)
    try:
        tag = Tag.objects.select_for_update().get(pk=tag.pk)
    except Tag.DoesNotExist:
        raise NotFound() from None
    name, color = _clean(name, color, tag)
    before = _state(tag)
    tag.name, tag.color, tag.updated_by = name, color, actor
    save_versioned(tag, version, ["name", "color", "updated_by"])
    audit.record(actor=actor, action="update", obj=tag, changes=audit.diff(before, _state(tag)))
    return tag


@transaction.atomic
def delete_tag(*, actor: Any, tag: Tag) -> int:
    """Delete a tag and take it off every record; return how many records carried it."""
    _require(actor)
    try:
        tag = Tag.objects.select_for_update().get(pk=tag.pk)
    except Tag.DoesNotExist:
        raise NotFound() from None
    usage = usage_counts().get(tag.pk, {})
    removed = sum(usage.values())
    audit.record(actor=actor, action="delete", obj=tag, changes={**_state(tag), "used_on": usage})
    tag.delete()  # the many-to-many rows go with it
    return removed


def resolve_tags(ids: Iterable[Any]) -> list[Tag]:
    """Return the tags with `ids`; raise ValidationFailed (field "tags") for unknown ones."""
    try:
        wanted = {int(i) for i in ids if str(i).strip()}
    except (TypeError, ValueError):
        raise ValidationFailed({"tags": _("Choose tags from the list.")}) from None
    found = list(Tag.objects.filter(pk__in=wanted).order_by("name"))
    if len(found) != len(wanted):
        raise ValidationFailed({"tags": _("Some of the chosen tags no longer exist.")})
    return found


def apply_tags(obj: models.Model, tags: Iterable[Tag | int], *, attr: str = "tags") -> Any:
    """Set the tags of `obj` (already access-checked); return [before, after] names or None."""
    chosen = resolve_tags(t.pk if isinstance(t, Tag) else t for t in tags)
    manager = getattr(obj, attr)
    before = sorted(t.name for t in manager.all())
    manager.set(chosen)
    after = sorted(t.name for t in chosen)
    return None if before == after else [before, after]
