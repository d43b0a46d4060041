"""Test data built through the services, so tests see what users would create."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count

from rapport.core.models import DataScope, Module
from rapport.customers.models import Account
from rapport.org.models import OrgUnit, Role, RoleGrant, User
from rapport.org.services import create_unit

_seq = count(1)
PASSWORD = "correct horse battery staple"
ALL_RIGHTS = ("view", "create", "edit", "delete", "export", "assign")


def make_role(
    name: str | None = None,
    *,
    scope: str = DataScope.OWN,
    modules: tuple[str, ...] = (Module.CUSTOMERS,),
    rights: tuple[str, ...] = ALL_RIGHTS,
    is_admin: bool = False,
) -> Role:
    role = Role.objects.create(name=name or f"Role {next(_seq)}", is_admin=is_admin)
    for module in modules:
        RoleGrant.objects.create(
            role=role, module=module, scope=scope, **{f"can_{r}": r in rights for r in ALL_RIGHTS}
        )
    return role


def make_user(
    username: str | None = None,
    *,
    unit: OrgUnit | None = None,
    manager: User | None = None,
    roles: tuple[Role, ...] = (),
    **extra: object,
) -> User:
    username = username or f"user{next(_seq)}"
    user = User(username=username, email=f"{username}@example.com", unit=unit, manager=manager)
    for key, value in extra.items():
        setattr(user, key, value)
    user.set_password(PASSWORD)
    user.save()
    user.roles.set(roles)
    return user


def make_account(owner: User, name: str | None = None, **extra: object) -> Account:
    return Account.objects.create(name=name or f"Company {next(_seq)}", owner=owner, **extra)


@dataclass
class Org:
    """company → branch_a → dept_a → team_a; company → branch_b.

    One user per data scope sits in dept_a; `rep` reports to `manager`; `outsider` is in
    branch_b; `admin` holds the administrator role.
    """

    company: OrgUnit
    branch_a: OrgUnit
    dept_a: OrgUnit
    team_a: OrgUnit
    branch_b: OrgUnit
    users: dict[str, User] = field(default_factory=dict)

    def __getattr__(self, name: str) -> User:
        try:
            return self.users[name]
        except KeyError:
            raise AttributeError(name) from None


def make_org() -> Org:
    company = create_unit(actor=None, name="Acme", kind=OrgUnit.Kind.COMPANY, parent=None)
    branch_a = create_unit(actor=None, name="Branch A", kind=OrgUnit.Kind.BRANCH, parent=company)
    dept_a = create_unit(actor=None, name="Sales A", kind=OrgUnit.Kind.DEPARTMENT, parent=branch_a)
    team_a = create_unit(actor=None, name="Team A1", kind=OrgUnit.Kind.TEAM, parent=dept_a)
    branch_b = create_unit(actor=None, name="Branch B", kind=OrgUnit.Kind.BRANCH, parent=company)
    org = Org(company, branch_a, dept_a, team_a, branch_b)
    modules = tuple(Module.values)
    roles = {s: make_role(f"Scope {s}", scope=s, modules=modules) for s in DataScope.values}
    org.users["admin"] = make_user(
        "admin", unit=company, roles=(make_role("Admin", is_admin=True),)
    )
    org.users["all"] = make_user("all_user", unit=company, roles=(roles[DataScope.ALL],))
    org.users["tree"] = make_user("tree_user", unit=branch_a, roles=(roles[DataScope.UNIT_TREE],))
    org.users["unit"] = make_user("unit_user", unit=dept_a, roles=(roles[DataScope.UNIT],))
    org.users["manager"] = make_user("manager", unit=dept_a, roles=(roles[DataScope.SUBORDINATES],))
    org.users["rep"] = make_user(
        "rep", unit=dept_a, manager=org.users["manager"], roles=(roles[DataScope.OWN],)
    )
    org.users["teammate"] = make_user(
        "teammate", unit=team_a, manager=org.users["rep"], roles=(roles[DataScope.OWN],)
    )
    org.users["outsider"] = make_user("outsider", unit=branch_b, roles=(roles[DataScope.OWN],))
    org.users["viewer"] = make_user(
        "viewer", unit=dept_a, roles=(make_role("Viewer", scope=DataScope.UNIT, rights=("view",)),)
    )
    org.users["nobody"] = make_user("nobody", unit=dept_a)
    return org
