"""Login with a username or an email address, ignoring case; deactivated users stay out."""

from __future__ import annotations

import pytest

from rapport.org import services
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("login", ["rep", "REP", "rep@example.com", "Rep@Example.COM"])
def test_login_by_username_or_email_works(org, anonymous, login):
    response = anonymous.post("/accounts/login/", {"username": login, "password": PASSWORD})
    assert response.status_code == 302
    assert anonymous.session["_auth_user_id"] == str(org.rep.pk)


def test_wrong_password_is_refused(org, anonymous):
    response = anonymous.post(
        "/accounts/login/", {"username": "rep@example.com", "password": "nope"}
    )
    assert response.status_code == 200 and "_auth_user_id" not in anonymous.session


def test_deactivated_user_cannot_log_in_by_email_either(org, anonymous):
    services.deactivate_user(actor=org.admin, user=org.rep)
    response = anonymous.post(
        "/accounts/login/", {"username": "rep@example.com", "password": PASSWORD}
    )
    assert response.status_code == 200 and "_auth_user_id" not in anonymous.session


def test_deactivation_ends_an_open_session(org, web):
    client = web(org.rep)
    assert client.get("/settings/profile/").status_code == 200
    services.deactivate_user(actor=org.admin, user=org.rep)
    assert client.get("/settings/profile/").status_code == 302
