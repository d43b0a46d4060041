"""Settings → API tokens page: list, create (plaintext shown once), revoke; admins see all."""

from __future__ import annotations

import pytest

from rapport.org.models import ApiToken
from rapport.org.tokens import authenticate_token, create_token

pytestmark = pytest.mark.django_db

URL = "/settings/api-tokens/"


def test_page_lists_my_tokens_with_status(org, client):
    create_token(actor=org.rep, name="Active one", expires_in_days=30)
    revoked, _ = create_token(actor=org.rep, name="Old one", expires_in_days=30)
    revoked.revoked_at = revoked.created_at
    revoked.save()
    create_token(actor=org.manager, name="Not mine", expires_in_days=30)
    client.force_login(org.rep)

    html = client.get(URL).content.decode()

    assert "Active one" in html and "Old one" in html
    assert "Not mine" not in html
    assert "Revoked" in html
    assert f"rpt_{revoked.prefix}_…" in html


def test_empty_page_explains_tokens(org, client):
    client.force_login(org.nobody)

    html = client.get(URL).content.decode()

    assert "No API tokens yet" in html
    assert 'data-testid="token-form"' in html


def test_creating_shows_the_plaintext_once(org, client):
    client.force_login(org.rep)

    response = client.post(URL, {"name": "Nightly export", "expires_in_days": "90"})

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    raw = response.context["plaintext"]
    assert authenticate_token(raw) == org.rep
    assert raw in response.content.decode()
    assert raw not in client.get(URL).content.decode()


def test_bad_input_is_shown_at_the_field_and_nothing_is_saved(org, client):
    create_token(actor=org.rep, name="Nightly export", expires_in_days=30)
    client.force_login(org.rep)

    response = client.post(URL, {"name": "nightly export", "expires_in_days": "90"})

    assert response.status_code == 200
    assert "already have a token with this name" in response.content.decode()
    assert 'data-field-error="name"' in response.content.decode()
    assert ApiToken.objects.count() == 1


def test_unknown_lifetime_is_refused(org, client):
    client.force_login(org.rep)

    response = client.post(URL, {"name": "Forever", "expires_in_days": "100000"})

    assert 'data-field-error="expires_in_days"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_my_token(org, client):
    token, raw = create_token(actor=org.rep, name="CI", expires_in_days=30)
    client.force_login(org.rep)

    response = client.post(f"{URL}{token.pk}/revoke/")

    assert response.status_code == 302
    assert authenticate_token(raw) is None


def test_revoking_someone_elses_token_is_404(org, client):
    token, raw = create_token(actor=org.rep, name="CI", expires_in_days=30)
    client.force_login(org.outsider)

    assert client.post(f"{URL}{token.pk}/revoke/").status_code == 404
    assert authenticate_token(raw) == org.rep


def test_revoke_needs_post(org, client):
    token, _raw = create_token(actor=org.rep, name="CI", expires_in_days=30)
    client.force_login(org.rep)

    assert client.get(f"{URL}{token.pk}/revoke/").status_code == 405


def test_admin_sees_everyones_tokens_and_revokes_them(org, client):
    token, raw = create_token(actor=org.rep, name="Rep's script", expires_in_days=30)
    client.force_login(org.admin)

    html = client.get(f"{URL}?tab=all").content.decode()
    assert "Rep&#x27;s script" in html
    assert 'data-testid="tab-all"' in html

    response = client.post(f"{URL}{token.pk}/revoke/", {"tab": "all"})
    assert response["Location"].endswith("?tab=all")
    assert authenticate_token(raw) is None


def test_everyones_tab_is_not_offered_without_the_settings_edit_right(org, client):
    create_token(actor=org.rep, name="Rep's script", expires_in_days=30)
    client.force_login(org.viewer)

    html = client.get(f"{URL}?tab=all").content.decode()

    assert 'data-testid="tab-all"' not in html
    assert "Rep&#x27;s script" not in html
