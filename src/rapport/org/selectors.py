"""Org reads: users, units and roles, within the settings module's scope.

Users are scoped by the actor's settings data scope (a user "owns" their own row); the
unit tree and the roles are organisation-wide and need the settings view right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from rapport.core import audit
from rapport.core.access import get_for
from rapport.core.errors import NotFound
from rapport.core.models import AuditEntry, DataScope, Module, Right
from rapport.core.pagination import Page, paginate
from rapport.core.scopes import scope
from rapport.core.selectors import SearchGroup, SearchHit
from rapport.org.models import OrgUnit, Role, User
from rapport.org.services import RIGHTS, GrantInput

USER_PAGE_SIZE = 50


def _can_view(actor: Any) -> bool:
    return bool(actor.is_active and actor.has_right(Module.SETTINGS, Right.VIEW))


def list_users(*, actor: Any) -> QuerySet[User]:
    """Return the users the actor may see in settings (a user "owns" their own row)."""
    qs = User.objects.select_related("unit", "manager").prefetch_related("roles")
    return scope(actor, qs, Module.SETTINGS, owner_field="self")


@dataclass
class UserFilter:
    q: str = ""
    unit: int | None = None
    role: int | None = None
    active: bool | None = None

    @classmethod
    def from_query(cls, params: Any) -> UserFilter:
        """Return the filter named by a query string; ignore values that do not parse."""

        def number(key: str) -> int | None:
            value = params.get(key, "")
            return int(value) if value.isdigit() else None

        active = {"1": True, "0": False}.get(params.get("active", ""))
        return cls(
            q=params.get("q", "").strip()[:100],
            unit=number("unit"),
            role=number("role"),
            active=active,
        )

    @property
    def is_set(self) -> bool:
        return bool(self.q or self.unit or self.role or self.active is not None)


def filter_users(*, actor: Any, filters: UserFilter, cursor: str | None = None) -> Page[User]:
    """Return one page of the actor's users matching `filters`, by username."""
    qs = list_users(actor=actor)
    if filters.q:
        q = filters.q
        qs = qs.filter(
            Q(username__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(display_name__icontains=q)
            | Q(email__icontains=q)
            | Q(title__icontains=q)
        )
    if filters.unit:
        unit = OrgUnit.objects.filter(pk=filters.unit).first()
        qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
    if filters.role:
        qs = qs.filter(roles=filters.role)
    if filters.active is not None:
        qs = qs.filter(is_active=filters.active)
    return paginate(qs.distinct(), ["username"], cursor, USER_PAGE_SIZE)


def get_user(*, actor: Any, pk: int) -> User:
    """Return the user `pk` if the actor may see them in settings, else raise NotFound."""
    return get_for(actor, list_users(actor=actor), Module.SETTINGS, pk, "self")


def manager_choices(*, actor: Any, keep: User | None = None) -> QuerySet[User]:
    """Return the active users the actor may pick as a manager (plus the current one)."""
    visible = list_users(actor=actor).filter(is_active=True).values("pk")
    return User.objects.filter(Q(pk__in=visible) | Q(pk=keep.pk if keep else None)).order_by(
        "username"
    )


def search_users(*, actor: Any, q: str, limit: int = 10) -> SearchGroup:
    """Return users whose name, username or email matches `q` (people directory: every user)."""
    group = SearchGroup(kind="users", label=_("Users"))
    qs = list_users(actor=actor).filter(
        Q(username__istartswith=q)
        | Q(first_name__istartswith=q)
        | Q(last_name__istartswith=q)
        | Q(display_name__icontains=q)
        | Q(email__istartswith=q)
    )[:limit]
    for user in qs:
        group.hits.append(
            SearchHit(
                "user", str(user), user.email or user.username, user.get_absolute_url(), "user"
            )
        )
    return group


# --- units ---------------------------------------------------------------------------------


@dataclass
class UnitNode:
    unit: OrgUnit
    members: int = 0
    inactive_members: int = 0
    subtree_members: int = 0
    children: list[UnitNode] = field(default_factory=list)

    @property
    def can_delete(self) -> bool:
        return not self.children and not (self.members or self.inactive_members)


def unit_tree(*, actor: Any) -> list[UnitNode]:
    """Return every unit in tree order (siblings by name), with member counts."""
    if not _can_view(actor):
        return []
    units = OrgUnit.objects.annotate(
        n_active=Count("members", filter=Q(members__is_active=True)),
        n_inactive=Count("members", filter=Q(members__is_active=False)),
    )
    nodes = {u.pk: UnitNode(u, u.n_active, u.n_inactive) for u in units}  # type: ignore[attr-defined]
    roots: list[UnitNode] = []
    for node in sorted(nodes.values(), key=lambda n: n.unit.name.lower()):
        parent = nodes.get(node.unit.parent_id) if node.unit.parent_id else None
        (parent.children if parent else roots).append(node)
    ordered: list[UnitNode] = []

    def walk(node: UnitNode) -> int:
        ordered.append(node)
        node.subtree_members = node.members + sum(walk(child) for child in node.children)
        return node.subtree_members

    for root in roots:
        walk(root)
    return ordered


def unit_labels() -> dict[int, str]:
    """Return each unit's breadcrumb label ("Acme › Branch A › Sales"), for pickers."""
    units = {u.pk: u for u in OrgUnit.objects.only("id", "name", "path")}
    labels = {}
    for pk, unit in units.items():
        ids = [int(x) for x in unit.path.strip("/").split("/") if x.isdigit()]
        labels[pk] = " › ".join(units[i].name for i in ids if i in units) or unit.name
    return labels


def unit_choices(
    *, keep: int | None = None, exclude_subtree_of: OrgUnit | None = None
) -> QuerySet[OrgUnit]:
    """Return the active units offered in a picker (plus `keep`), minus a moving subtree."""
    qs = OrgUnit.objects.filter(Q(active=True) | Q(pk=keep))
    if exclude_subtree_of is not None:
        qs = qs.exclude(path__startswith=exclude_subtree_of.path)
    return qs.order_by("path")


def get_unit(*, actor: Any, pk: int) -> OrgUnit:
    """Return the unit `pk` for a settings viewer, else raise NotFound."""
    unit = (
        OrgUnit.objects.select_related("parent").filter(pk=pk).first() if _can_view(actor) else None
    )
    if unit is None:
        raise NotFound()
    return unit


# --- roles ---------------------------------------------------------------------------------


@dataclass
class GrantSummary:
    scope_label: str
    rights_label: str


@dataclass
class RoleRow:
    role: Role
    holders: int
    grants: dict[str, GrantInput]

    @property
    def summary(self) -> list[tuple[str, GrantSummary]]:
        """Return (module label, scope and rights labels) for each module the role reaches."""
        out = []
        for module, label in Module.choices:
            grant = self.grants.get(module)
            if grant is not None:
                rights = ", ".join(str(Right(r).label) for r in RIGHTS if r in grant.rights)
                out.append((str(label), GrantSummary(str(DataScope(grant.scope).label), rights)))
        return out


def list_roles(*, actor: Any) -> list[RoleRow]:
    """Return every role with how many users hold it and its grants, by name."""
    if not _can_view(actor):
        return []
    roles = (
        Role.objects.annotate(holders=Count("users")).prefetch_related("grants").order_by("name")
    )
    return [RoleRow(r, r.holders, grants_of(r)) for r in roles]  # type: ignore[attr-defined]


def role_choices() -> QuerySet[Role]:
    return Role.objects.order_by("name")


def get_role(*, actor: Any, pk: int) -> Role:
    """Return the role `pk` for a settings viewer, else raise NotFound."""
    role = (
        Role.objects.prefetch_related("grants").filter(pk=pk).first() if _can_view(actor) else None
    )
    if role is None:
        raise NotFound()
    return role


def grants_of(role: Role) -> dict[str, GrantInput]:
    """Return the role's grants keyed by module."""
    return {
        g.module: GrantInput(g.scope, frozenset(r for r in RIGHTS if getattr(g, f"can_{r}")))
        for g in role.grants.all()
    }


# --- settings home -------------------------------------------------------------------------


@dataclass
class SettingsOverview:
    users: int
    inactive_users: int
    units: int
    roles: int


def get_settings_overview(*, actor: Any) -> SettingsOverview | None:
    """Return the counts shown on the settings home, or None without the settings right."""
    if not _can_view(actor):
        return None
    counts = list_users(actor=actor).aggregate(
        users=Count("id", filter=Q(is_active=True)), inactive=Count("id", filter=Q(is_active=False))
    )
    return SettingsOverview(
        users=counts["users"],
        inactive_users=counts["inactive"],
        units=OrgUnit.objects.count(),
        roles=Role.objects.count(),
    )


def user_history(*, user: User, limit: int = 8) -> list[AuditEntry]:
    """Return the latest audit entries about a user (shown on their settings page)."""
    return list(audit.history_for(user)[:limit])


def unit_summary(*, unit: OrgUnit) -> UnitNode:
    """Return a unit's member and sub-unit counts (for its edit page)."""
    counts = unit.members.aggregate(
        active=Count("id", filter=Q(is_active=True)),
        inactive=Count("id", filter=Q(is_active=False)),
    )
    node = UnitNode(unit, counts["active"], counts["inactive"])
    node.children = [UnitNode(child) for child in unit.children.order_by("name")]
    return node


def role_holders(*, role: Role, limit: int = 12) -> tuple[list[User], int]:
    """Return some users holding a role, and how many hold it."""
    qs = role.users.order_by("username")
    return list(qs[:limit]), qs.count()
