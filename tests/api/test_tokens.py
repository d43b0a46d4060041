"""api.tokens: listing, creating (session only) and revoking tokens through the API."""

from __future__ import annotations

import pytest

from rapport.org.models import ApiToken
from rapport.org.tokens import authenticate_token, create_token
from tests.api.conftest import bearer, make_token

pytestmark = pytest.mark.django_db


def test_listing_shows_own_tokens_without_secrets(org, client):
    raw = make_token(org.rep, "Mine")
    make_token(org.manager, "Theirs")

    body = client.get("/api/v1/tokens/", headers=bearer(raw)).json()

    assert [t["name"] for t in body["items"]] == ["Mine"]
    item = body["items"][0]
    assert item["status"] == "active"
    assert item["prefix"] == raw.split("_")[1]
    assert "digest" not in item
    assert raw not in str(body)


def test_session_creates_a_token_and_sees_its_plaintext_once(org, client):
    client.force_login(org.rep)

    response = client.post(
        "/api/v1/tokens/",
        {"name": "Importer", "expires_in_days": 30},
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    assert authenticate_token(body["plaintext"]) == org.rep
    assert body["token"]["name"] == "Importer"
    listed = client.get("/api/v1/tokens/").json()["items"]
    assert body["plaintext"] not in str(listed)


def test_a_token_cannot_mint_another_token(org, client):
    response = client.post(
        "/api/v1/tokens/",
        {"name": "Copy", "expires_in_days": 30},
        content_type="application/json",
        headers=bearer(make_token(org.rep)),
    )

    assert response.status_code == 401
    assert ApiToken.objects.count() == 1


def test_revoking_through_the_api_stops_the_token(org, client):
    token, raw = create_token(actor=org.rep, name="Old", expires_in_days=7)
    client.force_login(org.rep)

    response = client.delete(f"/api/v1/tokens/{token.pk}")

    assert response.status_code == 200
    assert response.json()["status"] == "revoked"
    assert client.get("/api/v1/org/me", headers=bearer(raw)).status_code == 401


def test_someone_elses_token_answers_404(org, client):
    token, raw = create_token(actor=org.rep, name="Old", expires_in_days=7)

    response = client.delete(f"/api/v1/tokens/{token.pk}", headers=bearer(make_token(org.outsider)))

    assert response.status_code == 404
    assert authenticate_token(raw) == org.rep


def test_settings_admin_revokes_a_users_token(org, client):
    token, raw = create_token(actor=org.rep, name="Leaked", expires_in_days=7)

    response = client.delete(f"/api/v1/tokens/{token.pk}", headers=bearer(make_token(org.admin)))

    assert response.status_code == 200
    assert authenticate_token(raw) is None
