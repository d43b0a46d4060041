"""org.api: users, units and roles, read-only, within the settings data scope."""

from __future__ import annotations

import pytest
from django.test import Client

from rapport.org.models import User
from tests.api.conftest import bearer, make_token

pytestmark = pytest.mark.django_db


def as_user(user: User) -> Client:
    return Client(headers=bearer(make_token(user)))


def usernames(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return [u["username"] for u in response.json()["items"]]


def test_admin_lists_every_user(org):
    assert len(usernames(as_user(org.admin).get("/api/v1/org/users"))) == len(org.users)


def test_unit_scope_sees_only_its_units_users(org):
    seen = usernames(as_user(org.users["unit"]).get("/api/v1/org/users"))

    assert seen == ["manager", "nobody", "rep", "unit_user", "viewer"]


def test_outsider_sees_only_themself_and_others_answer_404(org):
    outsider = as_user(org.outsider)

    assert usernames(outsider.get("/api/v1/org/users")) == ["outsider"]
    assert outsider.get(f"/api/v1/org/users/{org.rep.pk}").status_code == 404
    assert outsider.get(f"/api/v1/org/users/{org.outsider.pk}").status_code == 200


def test_user_outside_scope_and_missing_user_answer_the_same(org):
    client = as_user(org.users["unit"])

    outside = client.get(f"/api/v1/org/users/{org.outsider.pk}")
    missing = client.get("/api/v1/org/users/999999")

    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()


def test_without_any_settings_right_nothing_is_listed(org):
    nobody = as_user(org.nobody)

    assert usernames(nobody.get("/api/v1/org/users")) == []
    assert nobody.get("/api/v1/org/units").json()["items"] == []
    assert nobody.get("/api/v1/org/roles").json()["items"] == []
    assert nobody.get(f"/api/v1/org/units/{org.company.pk}").status_code == 404
    assert nobody.get(f"/api/v1/org/users/{org.nobody.pk}").status_code == 404
    assert nobody.get("/api/v1/org/me").json()["rights"] == {}


def test_user_detail_shows_unit_manager_and_roles(org):
    body = as_user(org.admin).get(f"/api/v1/org/users/{org.rep.pk}").json()

    assert body["unit"] == {"id": org.dept_a.pk, "name": "Sales A"}
    assert body["manager"]["id"] == org.manager.pk
    assert [r["name"] for r in body["roles"]] == ["Scope own"]
    assert "password" not in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=MANAG", ["manager"]),
        ("unit={dept_a}", ["manager", "nobody", "rep", "unit_user", "viewer"]),
        (
            "unit={branch_a}&include_subunits=true",
            ["manager", "nobody", "rep", "teammate", "tree_user", "unit_user", "viewer"],
        ),
        ("manager={manager}", ["rep"]),
        ("active=false", ["retired"]),
    ],
)
def test_user_filters(org, query, expected):
    retired = User.objects.create(username="retired", is_active=False, unit=org.branch_b)
    ids = {
        "dept_a": org.dept_a.pk,
        "branch_a": org.branch_a.pk,
        "manager": org.manager.pk,
        "retired": retired.pk,
    }

    response = as_user(org.admin).get(f"/api/v1/org/users?{query.format(**ids)}")

    assert usernames(response) == expected


def test_users_filter_by_role(org):
    role = org.rep.roles.get()

    response = as_user(org.admin).get(f"/api/v1/org/users?role={role.pk}")

    assert usernames(response) == ["outsider", "rep", "teammate"]


def test_units_come_in_tree_order_and_filter(org):
    client = as_user(org.admin)

    names = [u["name"] for u in client.get("/api/v1/org/units").json()["items"]]
    assert names == ["Acme", "Branch A", "Sales A", "Team A1", "Branch B"]

    within = client.get(f"/api/v1/org/units?within={org.branch_a.pk}").json()["items"]
    assert [u["name"] for u in within] == ["Branch A", "Sales A", "Team A1"]
    kinds = client.get("/api/v1/org/units?kind=branch").json()["items"]
    assert [u["name"] for u in kinds] == ["Branch A", "Branch B"]
    children = client.get(f"/api/v1/org/units?parent={org.company.pk}").json()["items"]
    assert {u["parent_id"] for u in children} == {org.company.pk}

    detail = client.get(f"/api/v1/org/units/{org.team_a.pk}").json()
    assert detail["parent_id"] == org.dept_a.pk
    assert detail["kind"] == "team"


def test_unknown_unit_kind_is_refused_at_the_field(org):
    response = as_user(org.admin).get("/api/v1/org/units?kind=galaxy")

    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {"kind"}


def test_roles_show_their_grants(org):
    client = as_user(org.admin)

    roles = client.get("/api/v1/org/roles?q=viewer").json()["items"]
    assert [r["name"] for r in roles] == ["Viewer"]
    assert roles[0]["grants"] == [{"module": "customers", "scope": "unit", "rights": ["view"]}]
    admins = client.get("/api/v1/org/roles?is_admin=true").json()["items"]
    assert [r["name"] for r in admins] == ["Admin"]
    assert client.get(f"/api/v1/org/roles/{roles[0]['id']}").json()["name"] == "Viewer"


def test_org_endpoints_are_read_only(org):
    client = as_user(org.admin)

    created = client.post("/api/v1/org/users", {}, content_type="application/json")
    deleted = client.delete(f"/api/v1/org/users/{org.rep.pk}")

    assert created.status_code == deleted.status_code == 405
    assert created.json()["error"]["code"] == "method_not_allowed"
    assert created["Allow"] == "GET"


def test_user_list_query_count_does_not_grow_with_users(org, django_assert_max_num_queries):
    client = as_user(org.admin)
    client.get("/api/v1/org/users")  # warm up: content types, token last use

    with django_assert_max_num_queries(8):
        client.get("/api/v1/org/users?limit=200")
