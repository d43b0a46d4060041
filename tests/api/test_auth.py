"""api.auth: bearer tokens and sessions; a refused credential answers 401 in the error shape."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from rapport.org.models import ApiToken
from rapport.org.tokens import create_token, revoke_token
from tests.api.conftest import bearer, make_token

pytestmark = pytest.mark.django_db

ME = "/api/v1/org/me"


def assert_not_authenticated(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_request_without_credentials_is_refused(org, client):
    assert_not_authenticated(client.get(ME))


def test_token_request_runs_as_the_tokens_user(org, client):
    response = client.get(ME, headers=bearer(make_token(org.rep)))

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "rep"
    assert body["rights"]["customers"]["scope"] == "own"


def test_revoked_token_gets_401(org, client):
    token, raw = create_token(actor=org.rep, name="CI", expires_in_days=7)
    revoke_token(actor=org.rep, token=token)

    assert_not_authenticated(client.get(ME, headers=bearer(raw)))


def test_expired_token_gets_401(org, client):
    token, raw = create_token(actor=org.rep, name="CI", expires_in_days=7)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))

    assert_not_authenticated(client.get(ME, headers=bearer(raw)))


def test_token_of_a_deactivated_user_gets_401(org, client):
    raw = make_token(org.rep)
    org.rep.is_active = False
    org.rep.save(update_fields=["is_active"])

    assert_not_authenticated(client.get(ME, headers=bearer(raw)))


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer ", "Bearer rpt_0000_x"])
def test_malformed_token_gets_401(org, client, header):
    assert_not_authenticated(client.get(ME, headers={"Authorization": header}))


def test_a_bad_token_is_refused_even_beside_a_valid_session(org, client):
    client.force_login(org.admin)

    assert_not_authenticated(client.get(ME, headers=bearer("rpt_deadbeef_" + "x" * 43)))


def test_session_request_runs_as_the_logged_in_user(org, client):
    client.force_login(org.manager)

    response = client.get(ME)

    assert response.status_code == 200
    assert response.json()["username"] == "manager"


def test_session_post_needs_the_csrf_token(org):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(org.rep)
    body = {"name": "From a script", "expires_in_days": 7}

    refused = browser.post("/api/v1/tokens/", body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_failed"
    assert not ApiToken.objects.exists()

    browser.get("/settings/api-tokens/")  # sets the CSRF cookie, as any page does
    csrf = browser.cookies["csrftoken"].value
    accepted = browser.post(
        "/api/v1/tokens/", body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert accepted.status_code == 201


def test_session_get_needs_no_csrf_token(org):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(org.rep)

    assert browser.get(ME).status_code == 200


def test_token_post_needs_no_csrf_token(org):
    raw = make_token(org.rep)
    client = Client(enforce_csrf_checks=True, headers=bearer(raw))
    token = ApiToken.objects.get(user=org.rep)

    response = client.delete(f"/api/v1/tokens/{token.pk}")

    assert response.status_code == 200
    assert response.json()["status"] == "revoked"


def test_token_carries_exactly_its_users_rights(org, client):
    """A token of an own-scope user sees what that user sees in the pages, no more."""
    response = client.get("/api/v1/org/users", headers=bearer(make_token(org.rep)))

    assert [u["username"] for u in response.json()["items"]] == ["rep"]
