"""Org API router (mounted under /api/v1/org/): users, units and roles, read-only.

Users come from org.selectors.list_users, the settings module's data scope: a user outside
it is absent from lists and answers 404. Units and roles are the organisation's structure,
readable by whoever may view settings at all. Writes stay in the pages for now.
"""

import datetime as dt
from typing import Any, Literal

from django.db.models import Q, QuerySet
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from rapport.core.http import AuthedRequest
from rapport.core.models import Module, Right
from rapport.org import selectors
from rapport.org.models import OrgUnit, Role, RoleGrant, User

router = Router(tags=["organisation"])

RIGHTS = tuple(Right.values)


# --- schemas -------------------------------------------------------------------------------


class UnitRef(Schema):
    id: int
    name: str


class RoleRef(Schema):
    id: int
    name: str


class UserRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj: User) -> str:
        return str(obj)


class UserOut(Schema):
    id: int
    username: str
    name: str = Field(description="The name shown in Rapport (display name or full name).")
    first_name: str
    last_name: str
    display_name: str
    email: str
    title: str
    phone: str
    unit: UnitRef | None
    manager: UserRef | None
    roles: list[RoleRef]
    is_active: bool
    language: str
    time_zone: str
    date_joined: dt.datetime
    updated_at: dt.datetime
    version: int
    custom: dict[str, Any]

    @staticmethod
    def resolve_name(obj: User) -> str:
        return str(obj)


class ModuleRights(Schema):
    scope: str = Field(description="Data scope: own, subordinates, unit, unit_tree or all.")
    rights: list[str]


class MeOut(UserOut):
    rights: dict[str, ModuleRights] = Field(
        description="What this user (and so this token) may do, per module."
    )

    @staticmethod
    def resolve_rights(obj: User) -> dict[str, dict[str, Any]]:
        out = {}
        for module in Module.values:
            scope = obj.data_scope(module)
            rights = [r for r in RIGHTS if obj.has_right(module, r)]
            if scope and rights:
                out[module] = {"scope": scope, "rights": rights}
        return out


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None
    depth: int
    active: bool
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class GrantOut(Schema):
    module: str
    scope: str
    rights: list[str]

    @staticmethod
    def resolve_rights(obj: RoleGrant) -> list[str]:
        return [r for r in RIGHTS if getattr(obj, f"can_{r}")]


class RoleOut(Schema):
    id: int
    name: str
    description: str
    is_admin: bool
    grants: list[GrantOut]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


# --- filters -------------------------------------------------------------------------------


def _subtree(unit_id: int) -> Q:
    """Return a filter for rows whose unit is `unit_id` or below it."""
    path = OrgUnit.objects.filter(pk=unit_id).values_list("path", flat=True).first()
    return Q(unit__path__startswith=path) if path else Q(pk__in=[])


class UserFilter(FilterSchema):
    q: str | None = Field(None, max_length=100, description="Part of the name, username or email.")
    unit: int | None = Field(None, description="Only members of this unit.")
    include_subunits: bool = Field(False, description="With `unit`: members of its sub-units too.")
    role: int | None = Field(None, description="Only holders of this role.")
    manager: int | None = Field(None, description="Only direct reports of this user.")
    active: bool | None = Field(
        None, description="Only active (true) or deactivated (false) users."
    )

    def custom_expression(self) -> Q:
        q = Q()
        if self.q:
            text = self.q.strip()
            q &= (
                Q(username__icontains=text)
                | Q(first_name__icontains=text)
                | Q(last_name__icontains=text)
                | Q(display_name__icontains=text)
                | Q(email__icontains=text)
            )
        if self.unit is not None:
            q &= _subtree(self.unit) if self.include_subunits else Q(unit_id=self.unit)
        if self.role is not None:
            q &= Q(roles__id=self.role)
        if self.manager is not None:
            q &= Q(manager_id=self.manager)
        if self.active is not None:
            q &= Q(is_active=self.active)
        return q


class UnitFilter(FilterSchema):
    q: str | None = Field(None, max_length=100, description="Part of the name.")
    kind: Literal["company", "branch", "department", "team"] | None = None
    parent: int | None = Field(None, description="Only the direct sub-units of this unit.")
    within: int | None = Field(None, description="This unit and every unit below it.")
    active: bool | None = None

    def custom_expression(self) -> Q:
        q = Q()
        if self.q:
            q &= Q(name__icontains=self.q.strip())
        if self.kind:
            q &= Q(kind=self.kind)
        if self.parent is not None:
            q &= Q(parent_id=self.parent)
        if self.within is not None:
            path = OrgUnit.objects.filter(pk=self.within).values_list("path", flat=True).first()
            q &= Q(path__startswith=path) if path else Q(pk__in=[])
        if self.active is not None:
            q &= Q(active=self.active)
        return q


class RoleFilter(FilterSchema):
    q: str | None = Field(None, max_length=100, description="Part of the name.")
    is_admin: bool | None = None

    def custom_expression(self) -> Q:
        q = Q()
        if self.q:
            q &= Q(name__icontains=self.q.strip())
        if self.is_admin is not None:
            q &= Q(is_admin=self.is_admin)
        return q


# --- reads ---------------------------------------------------------------------------------


def _structure(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return units or roles if the actor may view settings at all, else nothing.

    The same rule as org.selectors.get_unit / get_role, for querysets that page.
    """
    if not actor.is_active or not actor.has_right(Module.SETTINGS, Right.VIEW):
        return queryset.none()
    return queryset


@router.get("/me", response=MeOut, summary="The user this request acts as")
def get_me(request: AuthedRequest) -> Any:
    """Return the authenticated user with their rights per module (a token's exact reach)."""
    return request.user


@router.get("/users", response=list[UserOut], summary="List users")
@paginate(ordering=("username",))
def list_users(request: AuthedRequest, filters: Query[UserFilter]) -> Any:
    """Return the users within your settings data scope, by username."""
    return filters.filter(selectors.list_users(actor=request.user))


@router.get("/users/{user_id}", response=UserOut, summary="Get a user")
def get_user(request: AuthedRequest, user_id: int) -> Any:
    """Return one user; a user outside your settings data scope answers 404."""
    return selectors.get_user(actor=request.user, pk=user_id)


@router.get("/units", response=list[UnitOut], summary="List units")
@paginate(ordering=("path",))
def list_units(request: AuthedRequest, filters: Query[UnitFilter]) -> Any:
    """Return the org units in tree order (each parent before its sub-units)."""
    return filters.filter(_structure(request.user, OrgUnit.objects.all()))


@router.get("/units/{unit_id}", response=UnitOut, summary="Get a unit")
def get_unit(request: AuthedRequest, unit_id: int) -> Any:
    return selectors.get_unit(actor=request.user, pk=unit_id)


@router.get("/roles", response=list[RoleOut], summary="List roles")
@paginate(ordering=("name",))
def list_roles(request: AuthedRequest, filters: Query[RoleFilter]) -> Any:
    """Return the roles with their grants per module, by name."""
    roles = Role.objects.prefetch_related("grants")
    return filters.filter(_structure(request.user, roles))


@router.get("/roles/{role_id}", response=RoleOut, summary="Get a role")
def get_role(request: AuthedRequest, role_id: int) -> Any:
    return selectors.get_role(actor=request.user, pk=role_id)
