"""api.pagination: keyset pages with next_cursor; a bad cursor is a clear 400."""

from __future__ import annotations

import pytest

from rapport.core.pagination import encode_cursor
from tests.api.conftest import bearer, make_token
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(org, client):  # type: ignore[no-untyped-def]
    client.defaults["HTTP_AUTHORIZATION"] = bearer(make_token(org.admin))["Authorization"]
    return client


def test_pages_follow_next_cursor_to_the_end_without_gaps_or_repeats(org, admin_client):
    for i in range(12):
        make_user(f"extra{i:02d}", unit=org.team_a)
    expected = sorted(
        u["username"] for u in admin_client.get("/api/v1/org/users?limit=200").json()["items"]
    )

    seen: list[str] = []
    url = "/api/v1/org/users?limit=4"
    pages = 0
    while url:
        body = admin_client.get(url).json()
        assert set(body) == {"items", "next_cursor"}
        assert len(body["items"]) <= 4
        seen += [u["username"] for u in body["items"]]
        pages += 1
        url = (
            f"/api/v1/org/users?limit=4&cursor={body['next_cursor']}" if body["next_cursor"] else ""
        )

    assert seen == expected  # in username order, each once
    assert len(expected) == 22
    assert pages == 6


def test_filters_apply_on_every_page(org, admin_client):
    for i in range(5):
        make_user(f"team{i}", unit=org.team_a)

    first = admin_client.get(f"/api/v1/org/users?unit={org.team_a.pk}&limit=3").json()
    second = admin_client.get(
        f"/api/v1/org/users?unit={org.team_a.pk}&limit=3&cursor={first['next_cursor']}"
    ).json()

    names = [u["username"] for u in first["items"] + second["items"]]
    assert names == ["team0", "team1", "team2", "team3", "team4", "teammate"]
    assert second["next_cursor"] is None


def test_last_page_has_no_next_cursor(org, admin_client):
    body = admin_client.get("/api/v1/org/roles?limit=200").json()

    assert body["next_cursor"] is None


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor!!",
        "e30",  # "{}": valid base64 JSON, but not a list
        encode_cursor(["only-one-value"]),  # wrong length for (username, id)
    ],
)
def test_bad_cursor_is_a_clear_400(org, admin_client, cursor):
    response = admin_client.get(f"/api/v1/org/users?cursor={cursor}")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "bad_cursor"
    assert "cursor" in error["fields"]


def test_forged_cursor_with_values_of_the_wrong_type_is_a_clear_400(org, admin_client):
    response = admin_client.get(f"/api/v1/org/units?cursor={encode_cursor(['/1/', 'x'])}")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_cursor"


@pytest.mark.parametrize("limit", ["0", "201", "ten"])
def test_page_size_out_of_range_is_refused_at_the_field(org, admin_client, limit):
    response = admin_client.get(f"/api/v1/org/users?limit={limit}")

    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {"limit"}
