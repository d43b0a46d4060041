"""api.ratelimit: a fixed window per token (per user for sessions), with headers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from rapport.api.ratelimit import parse_rate
from tests.api.conftest import bearer, make_token

pytestmark = pytest.mark.django_db

ME = "/api/v1/org/me"


@pytest.fixture
def tiny_limit(settings):  # type: ignore[no-untyped-def]
    settings.RAPPORT_API_RATE_LIMIT = "2/d"  # a day-long window: no boundary mid-test


def test_responses_carry_the_rate_limit_headers(org, client):
    response = client.get(ME, headers=bearer(make_token(org.rep)))

    assert response["X-RateLimit-Limit"] == "600"
    assert response["X-RateLimit-Remaining"] == "599"
    assert int(response["X-RateLimit-Reset"]) > 0


def test_requests_beyond_the_limit_get_429_with_retry_after(org, client, tiny_limit):
    headers = bearer(make_token(org.rep))

    first = client.get(ME, headers=headers)
    second = client.get(ME, headers=headers)
    third = client.get(ME, headers=headers)

    assert [first.status_code, second.status_code, third.status_code] == [200, 200, 429]
    assert second["X-RateLimit-Remaining"] == "0"
    assert third.json()["error"]["code"] == "rate_limited"
    assert 0 < int(third["Retry-After"]) <= 86400
    assert third["X-RateLimit-Remaining"] == "0"


def test_each_token_has_its_own_budget(org, client, tiny_limit):
    one, other = bearer(make_token(org.rep, "One")), bearer(make_token(org.rep, "Other"))
    for _ in range(2):
        client.get(ME, headers=one)

    assert client.get(ME, headers=one).status_code == 429
    assert client.get(ME, headers=other).status_code == 200


def test_session_requests_are_limited_per_user(org, client, tiny_limit):
    client.force_login(org.rep)
    for _ in range(2):
        assert client.get(ME).status_code == 200

    assert client.get(ME).status_code == 429
    client.force_login(org.manager)
    assert client.get(ME).status_code == 200


def test_refused_credentials_are_not_counted(org, client, tiny_limit):
    for _ in range(3):
        assert client.get(ME).status_code == 401


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [("600/m", (600, 60)), ("100/10s", (100, 10)), ("5000/h", (5000, 3600)), ("1/day", (1, 86400))],
)
def test_rates_parse(rate, parsed):
    assert parse_rate(rate) == parsed


@pytest.mark.parametrize("rate", ["", "600", "ten/m", "5/fortnight", "0/m"])
def test_bad_rate_setting_is_a_configuration_error(rate):
    with pytest.raises(ImproperlyConfigured):
        parse_rate(rate)
