"""Deterministic demo organisation: a company, two branches, departments, teams, ~20 users.

Idempotent: re-running finds the rows by their natural keys and leaves them as they are.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from rapport.core.models import DataScope, Module
from rapport.org.models import OrgUnit, Role, RoleGrant, User

DEMO_PASSWORD = "rapport-demo"  # noqa: S105 - printed for the demo logins

ALL_RIGHTS = {"view", "create", "edit", "delete", "export", "assign"}
WORK_RIGHTS = {"view", "create", "edit"}

# role name → (description, is_admin, {module: (scope, rights)})
ROLES: dict[str, tuple[str, bool, dict[str, tuple[str, set[str]]]]] = {
    "Administrator": ("Every right in every module", True, {}),
    "Sales director": (
        "Runs sales for the whole company",
        False,
        {
            Module.CUSTOMERS: (DataScope.ALL, ALL_RIGHTS),
            Module.SALES: (DataScope.ALL, ALL_RIGHTS),
            Module.ANALYTICS: (DataScope.ALL, {"view", "export"}),
        },
    ),
    "Branch manager": (
        "Leads a branch",
        False,
        {
            Module.CUSTOMERS: (DataScope.UNIT_TREE, ALL_RIGHTS - {"delete"}),
            Module.SALES: (DataScope.UNIT_TREE, ALL_RIGHTS - {"delete"}),
            Module.SERVICE: (DataScope.UNIT_TREE, {"view"}),
            Module.ANALYTICS: (DataScope.UNIT_TREE, {"view", "export"}),
        },
    ),
    "Sales manager": (
        "Leads a sales team",
        False,
        {
            Module.CUSTOMERS: (DataScope.SUBORDINATES, WORK_RIGHTS | {"assign", "export"}),
            Module.SALES: (DataScope.SUBORDINATES, WORK_RIGHTS | {"assign", "export"}),
            Module.ANALYTICS: (DataScope.SUBORDINATES, {"view"}),
        },
    ),
    "Sales rep": (
        "Works their own customers",
        False,
        {
            Module.CUSTOMERS: (DataScope.OWN, WORK_RIGHTS),
            Module.SALES: (DataScope.OWN, WORK_RIGHTS),
        },
    ),
    "Service agent": (
        "Handles tickets for the unit",
        False,
        {
            Module.CUSTOMERS: (DataScope.UNIT, {"view"}),
            Module.SERVICE: (DataScope.UNIT, WORK_RIGHTS),
        },
    ),
    "Marketing specialist": (
        "Runs campaigns",
        False,
        {
            Module.CUSTOMERS: (DataScope.ALL, {"view", "export"}),
            Module.MARKETING: (DataScope.ALL, WORK_RIGHTS | {"delete", "export"}),
        },
    ),
    "Analyst": (
        "Reads everything, changes nothing",
        False,
        {
            Module.CUSTOMERS: (DataScope.ALL, {"view", "export"}),
            Module.SALES: (DataScope.ALL, {"view", "export"}),
            Module.SERVICE: (DataScope.ALL, {"view", "export"}),
            Module.MARKETING: (DataScope.ALL, {"view", "export"}),
            Module.ANALYTICS: (DataScope.ALL, {"view", "export"}),
        },
    ),
}

# (path of names, kind)
UNITS = [
    (("Rapport Demo Co.",), OrgUnit.Kind.COMPANY),
    (("Rapport Demo Co.", "Shanghai Branch"), OrgUnit.Kind.BRANCH),
    (("Rapport Demo Co.", "Shanghai Branch", "Sales"), OrgUnit.Kind.DEPARTMENT),
    (("Rapport Demo Co.", "Shanghai Branch", "Sales", "East China Team"), OrgUnit.Kind.TEAM),
    (("Rapport Demo Co.", "Shanghai Branch", "Sales", "Key Accounts Team"), OrgUnit.Kind.TEAM),
    (("Rapport Demo Co.", "Shanghai Branch", "Service"), OrgUnit.Kind.DEPARTMENT),
    (("Rapport Demo Co.", "London Branch"), OrgUnit.Kind.BRANCH),
    (("Rapport Demo Co.", "London Branch", "Sales"), OrgUnit.Kind.DEPARTMENT),
    (("Rapport Demo Co.", "London Branch", "Sales", "UK Team"), OrgUnit.Kind.TEAM),
    (("Rapport Demo Co.", "London Branch", "Service"), OrgUnit.Kind.DEPARTMENT),
    (("Rapport Demo Co.", "Marketing"), OrgUnit.Kind.DEPARTMENT),
]

# username, first, last, display, title, unit path, role, manager username, language, tz
SH = ("Rapport Demo Co.", "Shanghai Branch")
LN = ("Rapport Demo Co.", "London Branch")
HQ = ("Rapport Demo Co.",)
USERS = [
    ("admin", "Ada", "Admin", "", "System administrator", HQ, "Administrator", None, "en", "UTC"),
    (
        "director",
        "Grace",
        "Holloway",
        "",
        "Sales director",
        HQ,
        "Sales director",
        None,
        "en",
        "Europe/London",
    ),
    (
        "analyst",
        "Priya",
        "Nair",
        "",
        "Data analyst",
        HQ,
        "Analyst",
        "director",
        "en",
        "Europe/London",
    ),
    (
        "wang.fang",
        "芳",
        "王",
        "王芳",
        "上海分公司总经理",
        SH,
        "Branch manager",
        "director",
        "zh-hans",
        "Asia/Shanghai",
    ),
    (
        "li.qiang",
        "强",
        "李",
        "李强",
        "销售经理",
        (*SH, "Sales"),
        "Sales manager",
        "wang.fang",
        "zh-hans",
        "Asia/Shanghai",
    ),
    (
        "zhang.wei",
        "伟",
        "张",
        "张伟",
        "销售代表",
        (*SH, "Sales", "East China Team"),
        "Sales rep",
        "li.qiang",
        "zh-hans",
        "Asia/Shanghai",
    ),
    (
        "liu.yang",
        "洋",
        "刘",
        "刘洋",
        "销售代表",
        (*SH, "Sales", "East China Team"),
        "Sales rep",
        "li.qiang",
        "zh-hans",
        "Asia/Shanghai",
    ),
    (
        "chen.jing",
        "静",
        "陈",
        "陈静",
        "大客户经理",
        (*SH, "Sales", "Key Accounts Team"),
        "Sales rep",
        "li.qiang",
        "zh-hans",
        "Asia/Shanghai",
    ),
    (
        "zhao.min",
        "敏",
        "赵",
        "赵敏",
        "销售代表",
        (*SH, "Sales", "Key Accounts Team"),
        "Sales rep",
        "chen.jing",
        "zh-hans",
        "Asia/Shanghai",
    ),
    (
        "sun.li",
        "丽",
        "孙",
        "孙丽",
        "客服专员",
        (*SH, "Service"),
        "Service agent",
        "wang.fang",
        "zh-hans",
        "Asia/Shanghai",
    ),
    (
        "zhou.jie",
        "杰",
        "周",
        "周杰",
        "客服专员",
        (*SH, "Service"),
        "Service agent",
        "sun.li",
        "zh-hans",
        "Asia/Shanghai",
    ),
    (
        "james.carter",
        "James",
        "Carter",
        "",
        "Branch manager",
        LN,
        "Branch manager",
        "director",
        "en",
        "Europe/London",
    ),
    (
        "olivia.brown",
        "Olivia",
        "Brown",
        "",
        "Sales manager",
        (*LN, "Sales"),
        "Sales manager",
        "james.carter",
        "en",
        "Europe/London",
    ),
    (
        "harry.smith",
        "Harry",
        "Smith",
        "",
        "Account executive",
        (*LN, "Sales", "UK Team"),
        "Sales rep",
        "olivia.brown",
        "en",
        "Europe/London",
    ),
    (
        "amelia.jones",
        "Amelia",
        "Jones",
        "",
        "Account executive",
        (*LN, "Sales", "UK Team"),
        "Sales rep",
        "olivia.brown",
        "en",
        "Europe/London",
    ),
    (
        "jack.wilson",
        "Jack",
        "Wilson",
        "",
        "Account executive",
        (*LN, "Sales", "UK Team"),
        "Sales rep",
        "olivia.brown",
        "en",
        "Europe/London",
    ),
    (
        "emily.taylor",
        "Emily",
        "Taylor",
        "",
        "Support engineer",
        (*LN, "Service"),
        "Service agent",
        "james.carter",
        "en",
        "Europe/London",
    ),
    (
        "noah.davies",
        "Noah",
        "Davies",
        "",
        "Support engineer",
        (*LN, "Service"),
        "Service agent",
        "emily.taylor",
        "en",
        "Europe/London",
    ),
    (
        "sophie.martin",
        "Sophie",
        "Martin",
        "",
        "Marketing lead",
        (*HQ, "Marketing"),
        "Marketing specialist",
        "director",
        "en",
        "Europe/London",
    ),
    (
        "huang.lei",
        "磊",
        "黄",
        "黄磊",
        "市场专员",
        (*HQ, "Marketing"),
        "Marketing specialist",
        "sophie.martin",
        "zh-hans",
        "Asia/Shanghai",
    ),
]


@dataclass
class DemoResult:
    users: int
    units: int
    roles: int
    created_users: int


def ensure_unit(path: tuple[str, ...], kind: str) -> OrgUnit:
    parent = ensure_unit(path[:-1], OrgUnit.Kind.COMPANY) if len(path) > 1 else None
    unit = OrgUnit.objects.filter(name=path[-1], parent=parent).first()
    if unit is None:
        from rapport.org.services import create_unit

        unit = create_unit(actor=None, name=path[-1], kind=kind, parent=parent)
    return unit


def ensure_roles() -> dict[str, Role]:
    roles = {}
    for name, (description, is_admin, grants) in ROLES.items():
        role, created = Role.objects.get_or_create(
            name=name, defaults={"description": description, "is_admin": is_admin}
        )
        if created:
            for module, (scope, rights) in grants.items():
                RoleGrant.objects.create(
                    role=role, module=module, scope=scope,
                    **{f"can_{r}": (r in rights) for r in ALL_RIGHTS},
                )  # fmt: skip
        roles[name] = role
    return roles


@transaction.atomic
def build_demo(seed: int = 2026) -> DemoResult:
    """Create (or find) the demo organisation. The seed fixes every random choice."""
    rng = random.Random(seed)
    roles = ensure_roles()
    units = {path: ensure_unit(path, kind) for path, kind in UNITS}
    created = 0
    users: dict[str, User] = {}
    for username, first, last, display, title, unit_path, role, mgr, lang, tz in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username, first_name=first, last_name=last, display_name=display,
                email=f"{username}@demo.rapport.local", title=title, unit=units[unit_path],
                language=lang, time_zone=tz, is_staff=username == "admin",
                is_superuser=username == "admin",
                phone=f"+86 138 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
                if lang == "zh-hans" else f"+44 20 {rng.randint(7000, 7999)} {rng.randint(1000, 9999)}",
            )  # fmt: skip
            user.set_password(DEMO_PASSWORD)
            user.manager = users.get(mgr) if mgr else None
            user.save()
            user.roles.set([roles[role]])
            created += 1
        users[username] = user
    return DemoResult(
        users=User.objects.count(), units=OrgUnit.objects.count(), roles=Role.objects.count(),
        created_users=created,
    )  # fmt: skip
