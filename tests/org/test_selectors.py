"""Org reads: the users list follows the settings scope; the tree and role lists are complete."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rapport.core.errors import NotFound
from rapport.org import selectors, services
from rapport.org.selectors import UserFilter

pytestmark = pytest.mark.django_db


def names(page):  # type: ignore[no-untyped-def]
    return {u.username for u in page.items}


def test_users_list_follows_the_settings_data_scope(org):
    assert names(selectors.filter_users(actor=org.rep, filters=UserFilter())) == {"rep"}
    assert names(selectors.filter_users(actor=org.manager, filters=UserFilter())) == {
        "manager", "rep", "teammate",
    }  # fmt: skip
    assert len(selectors.filter_users(actor=org.admin, filters=UserFilter()).items) == 10
    assert selectors.filter_users(actor=org.nobody, filters=UserFilter()).items == []
    assert selectors.filter_users(actor=org.viewer, filters=UserFilter()).items == []


def test_user_outside_the_scope_is_not_found(org):
    assert selectors.get_user(actor=org.manager, pk=org.teammate.pk) == org.teammate
    with pytest.raises(NotFound):
        selectors.get_user(actor=org.manager, pk=org.outsider.pk)
    with pytest.raises(NotFound):
        selectors.get_user(actor=org.nobody, pk=org.nobody.pk)


def test_filters_search_unit_subtree_role_and_status(org):
    def run(**kw):  # type: ignore[no-untyped-def]
        return names(selectors.filter_users(actor=org.admin, filters=UserFilter(**kw)))

    assert run(q="TEAM") == {"teammate"}
    assert run(unit=org.dept_a.pk) == {
        "unit_user",
        "manager",
        "rep",
        "teammate",
        "viewer",
        "nobody",
    }
    assert run(role=org.rep.roles.get().pk) == {"rep", "teammate", "outsider"}
    services.deactivate_user(actor=org.admin, user=org.outsider)
    assert run(active=False) == {"outsider"}
    assert "outsider" not in run(active=True)


def test_filter_parses_a_query_string_and_ignores_junk():
    f = UserFilter.from_query({"q": "  ann ", "unit": "12", "role": "x", "active": "0"})
    assert (f.q, f.unit, f.role, f.active) == ("ann", 12, None, False)
    assert not UserFilter.from_query({}).is_set


def test_users_page_reads_in_a_fixed_number_of_queries(org):
    with CaptureQueriesContext(connection) as ctx:
        page = selectors.filter_users(actor=org.admin, filters=UserFilter())
        for user in page.items:
            _ = (user.unit, user.manager, list(user.roles.all()))
    assert len(ctx.captured_queries) <= 4


def test_unit_tree_is_in_tree_order_with_member_counts(org):
    nodes = selectors.unit_tree(actor=org.admin)
    assert [n.unit.name for n in nodes] == ["Acme", "Branch A", "Sales A", "Team A1", "Branch B"]
    by_name = {n.unit.name: n for n in nodes}
    assert by_name["Sales A"].members == 5 and by_name["Sales A"].subtree_members == 6
    assert by_name["Acme"].subtree_members == 10
    assert not by_name["Team A1"].can_delete and not by_name["Branch A"].can_delete
    assert selectors.unit_tree(actor=org.nobody) == []


def test_unit_labels_are_breadcrumbs(org):
    assert selectors.unit_labels()[org.team_a.pk] == "Acme › Branch A › Sales A › Team A1"


def test_roles_list_counts_holders(org):
    rows = {r.role.name: r for r in selectors.list_roles(actor=org.admin)}
    assert rows["Scope own"].holders == 3
    assert [m for m, _ in rows["Viewer"].summary] == ["Customers"]
    assert selectors.list_roles(actor=org.nobody) == []
