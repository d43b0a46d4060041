"""Org writes: users, the unit tree, roles with their grants, the user's own profile.

Rules owned here:
- every write needs the settings module's right for its action (create, edit, delete);
  `actor=None` is the system (demo data, fixtures) and skips the check. One's own
  profile needs no right.
- a user is changed only within the actor's settings data scope (a user owns their row);
  outside it the user does not exist (NotFound).
- usernames and emails are unique ignoring case, and no username equals another user's
  email, because login accepts either.
- only an administrator grants administrator rights or changes an administrator's account
  (otherwise a password reset would be a way to become one).
- deactivating keeps every record the user owns; nobody deactivates themselves.
- a unit's path is its ancestors' ids; a unit cannot move under itself or a descendant;
  a unit with members or sub-units is not deleted; sibling units have distinct names.
- a role that users hold is not deleted.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import BaseUserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rapport.core import audit
from rapport.core.access import get_for, save_versioned
from rapport.core.errors import DomainError, PermissionDenied, ValidationFailed
from rapport.core.models import DataScope, Module, Right
from rapport.core.scopes import require_right
from rapport.org.models import OrgUnit, Role, RoleGrant, User

RIGHTS = tuple(Right.values)


def _max_length(model: type[models.Model], name: str) -> int:
    return int(getattr(model._meta.get_field(name), "max_length", 0) or 0)


PATH_LIMIT = _max_length(OrgUnit, "path") or 500


@cache
def time_zones() -> frozenset[str]:
    """Return every IANA time zone name this machine knows."""
    return frozenset(zoneinfo.available_timezones())


def _require(actor: Any, right: str) -> None:
    if actor is not None:
        require_right(actor, Module.SETTINGS, right)


def is_administrator(user: Any) -> bool:
    """Return True for the system (None), superusers and holders of an administrator role."""
    if user is None:
        return True
    return bool(user.is_superuser or user.roles.filter(is_admin=True).exists())


def _guard_admin_target(actor: Any, user: User) -> None:
    if is_administrator(user) and not is_administrator(actor):
        raise PermissionDenied(str(_("Only an administrator may change an administrator.")))


# --- users ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserInput:
    """A user's editable fields; `update_user` replaces them all (build it with `of`)."""

    username: str
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    display_name: str = ""
    title: str = ""
    phone: str = ""
    unit: OrgUnit | None = None
    manager: User | None = None
    roles: tuple[Role, ...] = ()
    language: str = "en"
    time_zone: str = "UTC"
    is_active: bool = True

    @classmethod
    def of(cls, user: User, **changes: Any) -> UserInput:
        """Return the user's current values with `changes` applied."""
        current = {f.name: getattr(user, f.name) for f in fields(cls) if f.name != "roles"}
        current["roles"] = tuple(user.roles.all())
        return replace(cls(**current), **changes)


TEXT_FIELDS = ("username", "email", "first_name", "last_name", "display_name", "title", "phone")


def _check_identity(errors: dict[str, str], username: str, email: str, user: User | None) -> None:
    """Check that the username and email are well formed and nobody else logs in with them."""
    others = User.objects.exclude(pk=user.pk) if user else User.objects.all()
    if not username:
        errors["username"] = str(_("Enter a username."))
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            errors["username"] = str(
                _("Use only letters, digits and the characters @ . + - _ in a username.")
            )
        else:
            if others.filter(username__iexact=username).exists():
                errors["username"] = str(_("Another user already has this username."))
            elif others.filter(email__iexact=username).exists():
                errors["username"] = str(_("Another user logs in with this as their email."))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = str(_("Enter a valid email address."))
            return
        if others.filter(email__iexact=email).exists():
            errors["email"] = str(_("Another user already has this email address."))
        elif others.filter(username__iexact=email).exists():
            errors["email"] = str(_("Another user logs in with this as their username."))


def _check_preferences(errors: dict[str, str], language: str, time_zone: str) -> None:
    if language not in dict(settings.LANGUAGES):
        errors["language"] = str(_("Choose one of the offered languages."))
    if time_zone not in time_zones():
        errors["time_zone"] = str(_("Choose a time zone from the list, such as Europe/London."))


def _check_manager(errors: dict[str, str], manager: User | None, user: User | None) -> None:
    """Check that the manager chain stays a tree and the manager can still log in."""
    if manager is None:
        return
    if user is not None and manager.pk == user.pk:
        errors["manager"] = str(_("A user cannot be their own manager."))
    elif user is not None and manager.pk in user.subordinate_ids():
        errors["manager"] = str(_("This person reports to the user; choose someone above."))
    elif not manager.is_active and manager.pk != getattr(user, "manager_id", 0):
        errors["manager"] = str(_("This person is deactivated; choose an active manager."))


def _clean_user(
    actor: Any, data: UserInput, user: User | None, password: str | None = None
) -> UserInput:
    """Return `data` normalised, or raise ValidationFailed naming each bad field."""
    texts: dict[str, Any] = {name: str(getattr(data, name) or "").strip() for name in TEXT_FIELDS}
    texts["email"] = BaseUserManager.normalize_email(texts["email"])
    data = replace(data, **texts)
    errors: dict[str, str] = {}
    for name in TEXT_FIELDS:
        limit = _max_length(User, name)
        if len(getattr(data, name)) > limit:
            errors[name] = str(_("Use at most %(n)d characters.") % {"n": limit})
    _check_identity(errors, data.username, data.email, user)
    _check_preferences(errors, data.language, data.time_zone)
    if (
        data.unit is not None
        and not data.unit.active
        and data.unit.pk != getattr(user, "unit_id", 0)
    ):
        errors["unit"] = str(_("This unit is inactive; choose an active one."))
    _check_manager(errors, data.manager, user)
    current = set(user.roles.values_list("pk", flat=True)) if user else set()
    added = [r for r in data.roles if r.pk not in current]
    if any(r.is_admin for r in added) and not is_administrator(actor):
        errors["roles"] = str(_("Only an administrator may grant an administrator role."))
    if password is not None:
        candidate = User()
        _apply(candidate, data)
        _check_password(errors, password, candidate)
    if errors:
        raise ValidationFailed(errors)
    return data


def _check_password(errors: dict[str, str], password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        errors["password"] = " ".join(exc.messages)


def _user_state(user: User) -> dict[str, Any]:
    state = audit.snapshot(user)
    for noisy in ("updated_at", "last_login", "version"):
        state.pop(noisy, None)
    state["roles"] = sorted(user.roles.values_list("pk", flat=True))
    return state


def _fetch_user(actor: Any, pk: int) -> User:
    """Return the user row locked for update, if the actor may see it in settings."""
    if actor is None:
        return User.objects.select_for_update().get(pk=pk)
    return get_for(actor, User.objects.all(), Module.SETTINGS, pk, "self", for_update=True)


def _apply(user: User, data: UserInput) -> None:
    for f in fields(UserInput):
        if f.name != "roles":
            setattr(user, f.name, getattr(data, f.name))


@transaction.atomic
def create_user(*, actor: Any, data: UserInput, password: str) -> User:
    """Create a user with a validated password and their roles."""
    _require(actor, Right.CREATE)
    data = _clean_user(actor, data, None, password)
    user = User()
    _apply(user, data)
    user.set_password(password)
    user.save()
    user.roles.set(data.roles)
    audit.record(actor=actor, action="create", obj=user, changes=_user_state(user))
    return user


@transaction.atomic
def update_user(*, actor: Any, user: User, version: int, data: UserInput) -> User:
    """Replace a user's fields and roles, refusing an edit made on a stale version."""
    _require(actor, Right.EDIT)
    user = _fetch_user(actor, user.pk)
    _guard_admin_target(actor, user)
    if actor is not None and user.pk == actor.pk and not data.is_active:
        raise DomainError("deactivate_self", str(_("You cannot deactivate yourself.")), "is_active")
    data = _clean_user(actor, data, user)
    before = _user_state(user)
    _apply(user, data)
    names = [f.name for f in fields(UserInput) if f.name not in {"roles", "unit", "manager"}]
    save_versioned(user, version, [*names, "unit", "manager"])
    user.roles.set(data.roles)
    user.forget_rights()
    if actor is not None and actor.pk == user.pk:
        actor.forget_rights()
    audit.record(
        actor=actor, action="update", obj=user, changes=audit.diff(before, _user_state(user))
    )
    return user


def _set_active(actor: Any, user: User, active: bool) -> User:
    _require(actor, Right.EDIT)
    user = _fetch_user(actor, user.pk)
    _guard_admin_target(actor, user)
    if not active and actor is not None and user.pk == actor.pk:
        raise DomainError("deactivate_self", str(_("You cannot deactivate yourself.")), "is_active")
    if user.is_active != active:
        user.is_active = active
        user.version += 1
        user.save(update_fields=["is_active", "version", "updated_at"])
        changes = {"is_active": [not active, active]}
        audit.record(
            actor=actor, action="reactivate" if active else "deactivate", obj=user, changes=changes
        )
    return user


@transaction.atomic
def deactivate_user(*, actor: Any, user: User) -> User:
    """Stop a user logging in; every record they own stays theirs."""
    return _set_active(actor, user, False)


@transaction.atomic
def reactivate_user(*, actor: Any, user: User) -> User:
    """Let a deactivated user log in again."""
    return _set_active(actor, user, True)


@transaction.atomic
def set_user_password(*, actor: Any, user: User, password: str) -> User:
    """Give a user a new password (an administrator's reset); their sessions end."""
    _require(actor, Right.EDIT)
    user = _fetch_user(actor, user.pk)
    _guard_admin_target(actor, user)
    errors: dict[str, str] = {}
    _check_password(errors, password, user)
    if errors:
        raise ValidationFailed(errors)
    user.set_password(password)
    user.save(update_fields=["password", "updated_at"])
    audit.record(actor=actor, action="password_reset", obj=user)
    return user


@transaction.atomic
def update_profile(
    *,
    actor: User,
    version: int,
    first_name: str,
    last_name: str,
    display_name: str,
    email: str,
    language: str,
    time_zone: str,
) -> User:
    """Change the actor's own name, email, language and time zone."""
    user = User.objects.select_for_update().get(pk=actor.pk)
    data = UserInput.of(
        user, first_name=first_name, last_name=last_name, display_name=display_name,
        email=email, language=language, time_zone=time_zone,
    )  # fmt: skip
    data = _clean_user(None, data, user)
    before = _user_state(user)
    _apply(user, data)
    names = ["first_name", "last_name", "display_name", "email", "language", "time_zone"]
    save_versioned(user, version, names)
    audit.record(
        actor=actor, action="update", obj=user, changes=audit.diff(before, _user_state(user))
    )
    for name in names:
        setattr(actor, name, getattr(user, name))
    actor.version = user.version
    return user


def set_language(*, actor: User, language: str) -> User:
    """Remember the actor's interface language, so every later login starts in it."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationFailed({"language": str(_("Choose one of the offered languages."))})
    user = User.objects.get(pk=actor.pk)
    if user.language != language:
        before = {"language": user.language}
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = actor.language = language
        audit.record(
            actor=actor,
            action="update",
            obj=user,
            changes=audit.diff(before, {"language": language}),
        )
    return user


# --- units ---------------------------------------------------------------------------------


def _clean_unit(name: str, kind: str, parent: OrgUnit | None, unit: OrgUnit | None) -> str:
    name = (name or "").strip()
    errors: dict[str, str] = {}
    limit = _max_length(OrgUnit, "name")
    if not name:
        errors["name"] = str(_("Enter a name."))
    elif len(name) > limit:
        errors["name"] = str(_("Use at most %(n)d characters.") % {"n": limit})
    else:
        siblings = OrgUnit.objects.filter(parent=parent, name__iexact=name)
        if unit is not None:
            siblings = siblings.exclude(pk=unit.pk)
        if siblings.exists():
            errors["name"] = str(_("A unit with this name already exists there."))
    if kind not in OrgUnit.Kind.values:
        errors["kind"] = str(_("Choose a kind: company, branch, department or team."))
    if parent is not None and unit is not None and parent.path.startswith(unit.path):
        errors["parent"] = str(_("A unit cannot move under itself or one of its sub-units."))
    if errors:
        raise ValidationFailed(errors)
    return name


@transaction.atomic
def create_unit(*, actor: Any, name: str, kind: str, parent: OrgUnit | None) -> OrgUnit:
    """Create a unit under `parent` and set its tree path."""
    _require(actor, Right.CREATE)
    name = _clean_unit(name, kind, parent, None)
    if parent is not None and len(parent.path) + 21 > PATH_LIMIT:
        raise DomainError("tree_too_deep", str(_("The tree is too deep here.")), "parent")
    unit = OrgUnit.objects.create(name=name, kind=kind, parent=parent, created_by=actor)
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = (parent.depth + 1) if parent else 0
    unit.save(update_fields=["path", "depth"])
    audit.record(actor=actor, action="create", obj=unit, changes=audit.snapshot(unit))
    return unit


def _rewrite_subtree(unit: OrgUnit, parent: OrgUnit | None) -> None:
    """Move `unit` under `parent`: rewrite the path and depth of it and every descendant."""
    old_path, old_depth = unit.path, unit.depth
    new_path = f"{parent.path if parent else '/'}{unit.pk}/"
    new_depth = parent.depth + 1 if parent else 0
    subtree = list(OrgUnit.objects.select_for_update().filter(path__startswith=old_path))
    for node in subtree:
        node.path = new_path + node.path[len(old_path) :]
        node.depth = node.depth - old_depth + new_depth
        if len(node.path) > PATH_LIMIT:
            raise DomainError("tree_too_deep", str(_("The tree would be too deep.")), "parent")
    OrgUnit.objects.bulk_update(subtree, ["path", "depth"])
    unit.path, unit.depth = new_path, new_depth


def _fetch_unit(pk: int) -> OrgUnit:
    return OrgUnit.objects.select_for_update().get(pk=pk)


@transaction.atomic
def update_unit(
    *, actor: Any, unit: OrgUnit, version: int, name: str, kind: str, parent: OrgUnit | None
) -> OrgUnit:
    """Rename a unit, change its kind, or move it (with its sub-units) under `parent`."""
    _require(actor, Right.EDIT)
    unit = _fetch_unit(unit.pk)
    name = _clean_unit(name, kind, parent, unit)
    before = audit.snapshot(unit)
    moved = unit.parent_id != (parent.pk if parent else None)
    unit.name, unit.kind, unit.parent, unit.updated_by = name, kind, parent, actor
    save_versioned(unit, version, ["name", "kind", "parent", "updated_by"])
    if moved:
        _rewrite_subtree(unit, parent)
    audit.record(
        actor=actor, action="update", obj=unit, changes=audit.diff(before, audit.snapshot(unit))
    )
    return unit


@transaction.atomic
def move_unit(*, actor: Any, unit: OrgUnit, version: int, parent: OrgUnit | None) -> OrgUnit:
    """Move a unit and its sub-units under `parent` (None: to the top)."""
    current = _fetch_unit(unit.pk)
    return update_unit(
        actor=actor,
        unit=current,
        version=version,
        name=current.name,
        kind=current.kind,
        parent=parent,
    )


@transaction.atomic
def delete_unit(*, actor: Any, unit: OrgUnit) -> None:
    """Delete an empty unit: one without members (active or not) and without sub-units."""
    _require(actor, Right.DELETE)
    unit = _fetch_unit(unit.pk)
    members = unit.members.count()
    if members:
        message = ngettext(
            "%(n)d user belongs to this unit; move them to another unit first.",
            "%(n)d users belong to this unit; move them to another unit first.",
            members,
        ) % {"n": members}
        raise DomainError("unit_has_members", message)
    if unit.children.exists():
        raise DomainError(
            "unit_has_children", str(_("This unit has sub-units; move or delete them first."))
        )
    before = audit.snapshot(unit)
    audit.record(actor=actor, action="delete", obj=unit, changes=before)
    unit.delete()


# --- roles ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GrantInput:
    """What a role may do in one module: a data scope and a set of rights."""

    scope: str = DataScope.OWN
    rights: frozenset[str] = field(default_factory=frozenset)


def _clean_role(
    actor: Any, name: str, grants: Mapping[str, GrantInput], role: Role | None
) -> tuple[str, dict[str, GrantInput]]:
    name = (name or "").strip()
    errors: dict[str, str] = {}
    limit = _max_length(Role, "name")
    if not name:
        errors["name"] = str(_("Enter a name."))
    elif len(name) > limit:
        errors["name"] = str(_("Use at most %(n)d characters.") % {"n": limit})
    else:
        same = Role.objects.filter(name__iexact=name)
        if role is not None:
            same = same.exclude(pk=role.pk)
        if same.exists():
            errors["name"] = str(_("Another role already has this name."))
    clean: dict[str, GrantInput] = {}
    for module, grant in grants.items():
        if module not in Module.values:
            errors[f"{module}_scope"] = str(_("Unknown module."))
        elif grant.scope not in DataScope.values:
            errors[f"{module}_scope"] = str(_("Choose a data scope from the list."))
        elif not set(grant.rights) <= set(RIGHTS):
            errors[f"{module}_view"] = str(_("Unknown right."))
        elif grant.rights and Right.VIEW not in grant.rights:
            errors[f"{module}_view"] = str(_("Other rights need the view right too."))
        elif grant.rights:
            clean[module] = GrantInput(grant.scope, frozenset(grant.rights))
    if errors:
        raise ValidationFailed(errors)
    return name, clean


def _role_state(role: Role) -> dict[str, Any]:
    state = audit.snapshot(role, ["name", "description", "is_admin"])
    state["grants"] = {
        g.module: {"scope": g.scope, "rights": [r for r in RIGHTS if getattr(g, f"can_{r}")]}
        for g in role.grants.order_by("module")
    }
    return state


def _write_grants(role: Role, grants: Mapping[str, GrantInput]) -> None:
    role.grants.exclude(module__in=list(grants)).delete()
    for module, grant in grants.items():
        RoleGrant.objects.update_or_create(
            role=role,
            module=module,
            defaults={"scope": grant.scope, **{f"can_{r}": r in grant.rights for r in RIGHTS}},
        )


def _guard_admin_role(actor: Any, *is_admin: bool) -> None:
    if any(is_admin) and not is_administrator(actor):
        raise PermissionDenied(str(_("Only an administrator may manage administrator roles.")))


@transaction.atomic
def create_role(
    *,
    actor: Any,
    name: str,
    description: str = "",
    is_admin: bool = False,
    grants: Mapping[str, GrantInput] | None = None,
) -> Role:
    """Create a role with one grant per module that has any right."""
    _require(actor, Right.CREATE)
    _guard_admin_role(actor, is_admin)
    name, clean = _clean_role(actor, name, grants or {}, None)
    role = Role.objects.create(
        name=name,
        description=(description or "").strip()[:200],
        is_admin=is_admin,
        created_by=actor,
    )
    _write_grants(role, clean)
    audit.record(actor=actor, action="create", obj=role, changes=_role_state(role))
    return role


@transaction.atomic
def update_role(
    *,
    actor: Any,
    role: Role,
    version: int,
    name: str,
    description: str,
    is_admin: bool,
    grants: Mapping[str, GrantInput],
) -> Role:
    """Replace a role's name, description and grants, refusing a stale edit."""
    _require(actor, Right.EDIT)
    role = Role.objects.select_for_update().get(pk=role.pk)
    _guard_admin_role(actor, is_admin, role.is_admin)
    name, clean = _clean_role(actor, name, grants, role)
    before = _role_state(role)
    role.name, role.description, role.is_admin = name, (description or "").strip()[:200], is_admin
    role.updated_by = actor
    save_versioned(role, version, ["name", "description", "is_admin", "updated_by"])
    _write_grants(role, clean)
    if actor is not None:
        actor.forget_rights()
    audit.record(
        actor=actor, action="update", obj=role, changes=audit.diff(before, _role_state(role))
    )
    return role


@transaction.atomic
def delete_role(*, actor: Any, role: Role) -> None:
    """Delete a role that nobody holds."""
    _require(actor, Right.DELETE)
    role = Role.objects.select_for_update().get(pk=role.pk)
    _guard_admin_role(actor, role.is_admin)
    holders = role.users.count()
    if holders:
        message = ngettext(
            "%(n)d user holds this role; take it away from them first.",
            "%(n)d users hold this role; take it away from them first.",
            holders,
        ) % {"n": holders}
        raise DomainError("role_in_use", message)
    audit.record(actor=actor, action="delete", obj=role, changes=_role_state(role))
    role.delete()
