"""Lockout after repeated failures, the locked page, and unlocking by an administrator."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client

from rapport.core.errors import NotFound, PermissionDenied
from rapport.org.security import selectors, services
from tests.org.security.conftest import code_for, logged_in_as, post_code, post_password

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limit_three(settings):  # type: ignore[no-untyped-def]
    settings.AXES_FAILURE_LIMIT = 3


def fail(client: Client, username: str = "rep", times: int = 3):  # type: ignore[no-untyped-def]
    response = None
    for _ in range(times):
        response = post_password(client, username, "wrong password")
    return response


def test_the_last_allowed_failure_locks_the_account_with_a_clear_page(org, anonymous):
    assert fail(anonymous, times=2).status_code == 200

    response = post_password(anonymous, "rep", "wrong password")

    assert response.status_code == 429
    page = response.content.decode()
    assert 'data-testid="locked"' in page
    assert "blocked after 3 failed attempts" in page and "15 minutes" in page


def test_a_locked_account_is_refused_even_with_the_right_password(org, anonymous):
    fail(anonymous)

    response = post_password(anonymous, "rep")

    assert response.status_code == 429
    assert logged_in_as(anonymous) is None


def test_typing_the_email_or_another_case_counts_against_the_same_account(org, anonymous):
    post_password(anonymous, "rep", "wrong")
    post_password(anonymous, "REP", "wrong")
    post_password(anonymous, "rep@example.com", "wrong")

    response = post_password(anonymous, "Rep@Example.com")

    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"rep"}


def test_another_account_from_the_same_address_still_logs_in(org, anonymous):
    fail(anonymous)

    response = post_password(Client(), "manager")

    assert response.status_code == 302


def test_wrong_codes_at_the_second_step_count_towards_the_lockout(
    two_factor_rep, anonymous, no_otp_throttle
):
    _, device, _ = two_factor_rep
    post_password(anonymous, "rep")
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    post_code(anonymous, wrong)
    post_code(anonymous, wrong)

    response = post_code(anonymous, wrong)

    assert response.status_code == 429
    response = post_code(anonymous, code_for(device))  # the pending login is gone
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert logged_in_as(anonymous) is None


def test_a_successful_login_clears_earlier_failures(org, anonymous):
    fail(anonymous, times=2)
    post_password(anonymous, "rep")
    anonymous.post("/accounts/logout/")

    response = fail(Client(), times=2)

    assert response.status_code == 200


def test_the_administration_page_lists_the_lockout_and_unlocks_it(org, anonymous, web):
    fail(anonymous)
    admin = web(org.admin)

    page = admin.get("/settings/security/admin/").content.decode()
    assert 'data-lockout="rep"' in page
    lock = selectors.list_lockouts(actor=org.admin)[0]
    assert (lock.username, lock.ip_address, lock.user) == ("rep", "127.0.0.1", org.rep)

    response = admin.post(
        "/settings/security/admin/unlock/", {"username": "rep", "ip_address": "127.0.0.1"}
    )

    assert response.status_code == 302
    assert selectors.list_lockouts(actor=org.admin) == []
    assert post_password(anonymous, "rep").status_code == 302
    assert logged_in_as(anonymous) == str(org.rep.pk)


def test_a_lockout_lifts_by_itself_after_the_cool_off(org, anonymous, settings):
    fail(anonymous)
    settings.AXES_COOLOFF_TIME = 0.0

    assert selectors.list_lockouts(actor=org.admin) == []


def test_a_user_without_settings_rights_cannot_see_or_lift_lockouts(org, anonymous, web):
    fail(anonymous)
    client = web(org.nobody)

    assert client.get("/settings/security/admin/").status_code == 404
    response = client.post("/settings/security/admin/unlock/", {"username": "rep"})

    assert response.status_code == 404
    assert post_password(Client(), "rep").status_code == 429


def test_a_settings_viewer_cannot_lift_a_lockout(org, anonymous, settings_viewer, web):
    fail(anonymous)

    response = web(settings_viewer).post("/settings/security/admin/unlock/", {"username": "rep"})

    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.unlock_login(actor=settings_viewer, username="rep")


def test_lockouts_outside_the_actors_scope_are_hidden_and_not_lifted(org, anonymous, web):
    fail(anonymous, "outsider")

    assert selectors.list_lockouts(actor=org.rep) == []
    with pytest.raises(NotFound):
        services.unlock_login(actor=org.rep, username="outsider")
    response = web(org.rep).post("/settings/security/admin/unlock/", {"username": "outsider"})
    assert response.status_code == 404


def test_a_lockout_of_a_name_that_is_no_account_is_for_administrators(org, anonymous):
    fail(anonymous, "ghost")

    assert [lock.username for lock in selectors.list_lockouts(actor=org.admin)] == ["ghost"]
    assert selectors.list_lockouts(actor=org.all) == []
    with pytest.raises(PermissionDenied):
        services.unlock_login(actor=org.all, username="ghost")
    assert services.unlock_login(actor=org.admin, username="ghost") == 1


def test_unlocking_needs_a_username(org, web):
    response = web(org.admin).post(
        "/settings/security/admin/unlock/", {"username": ""}, follow=True
    )

    assert "Choose a locked sign-in" in response.content.decode()
