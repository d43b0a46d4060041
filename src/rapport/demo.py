"""Build the whole demo data set: each app's demo builder, in dependency order."""

from __future__ import annotations

from rapport.core.customfields.demo import build_demo_fields
from rapport.customers.demo import build_demo_customers
from rapport.org.demo import DEMO_PASSWORD, USERS, build_demo


def build_all(seed: int = 2026) -> list[str]:
    """Create (or find) every demo record; return the lines to print."""
    org = build_demo(seed=seed)
    accounts = build_demo_customers(seed=seed)
    build_demo_fields(seed=seed)
    lines = [
        f"Demo ready: {org.units} units, {org.roles} roles, {org.users} users "
        f"({org.created_users} new), {accounts} companies.",
        f"Demo logins (password for all: {DEMO_PASSWORD}):",
    ]
    for username, *_rest, role, _mgr, _lang, _tz in USERS[:8]:
        lines.append(f"  {username:<14} {role}")
    lines.append("  … and 12 more: see Settings → Users.")
    return lines
