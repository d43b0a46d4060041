"""The Security page: turning the second factor on and off, backup codes, admin reset."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapport.core.errors import DomainError, NotFound, PermissionDenied
from rapport.org.security import selectors, services
from tests.factories import PASSWORD
from tests.org.security.conftest import code_for, enable_two_factor

pytestmark = pytest.mark.django_db


def test_the_security_page_offers_to_set_up_two_factor(org, web):
    page = web(org.rep).get("/settings/security/").content.decode()

    assert 'data-testid="start-two-factor"' in page
    assert 'data-testid="password-form"' in page


def test_setting_up_shows_a_qr_code_and_the_secret_then_a_code_turns_it_on(org, web):
    client = web(org.rep)

    response = client.post("/settings/security/two-factor/start/")
    assert response["Location"] == "/settings/security/two-factor/setup/"
    page = client.get("/settings/security/two-factor/setup/").content.decode()
    assert "<svg" in page and 'class="qr-code"' in page
    device = TOTPDevice.objects.get(user=org.rep)
    assert not device.confirmed
    assert selectors.has_two_factor(user=org.rep) is False  # login unchanged until confirmed
    assert services.normalise_code(page.split('data-testid="secret">')[1].split("<")[0])

    response = client.post("/settings/security/two-factor/setup/", {"code": code_for(device)})

    assert response["Location"] == "/settings/security/two-factor/backup-codes/"
    assert selectors.has_two_factor(user=org.rep)
    codes_page = client.get(response["Location"]).content.decode()
    assert 'data-testid="fresh-codes"' in codes_page
    assert codes_page.count("data-code") == services.BACKUP_CODE_COUNT


def test_a_wrong_set_up_code_is_refused_at_the_field_and_nothing_turns_on(org, web):
    client = web(org.rep)
    client.post("/settings/security/two-factor/start/")
    device = TOTPDevice.objects.get(user=org.rep)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = client.post("/settings/security/two-factor/setup/", {"code": wrong})

    assert response.status_code == 200
    assert 'data-field-error="code"' in response.content.decode()
    assert not selectors.has_two_factor(user=org.rep)
    assert not StaticToken.objects.filter(device__user=org.rep).exists()


def test_a_set_up_code_that_is_not_six_digits_names_the_field(org, web):
    client = web(org.rep)
    client.post("/settings/security/two-factor/start/")

    response = client.post("/settings/security/two-factor/setup/", {"code": "12ab"})

    assert "Enter the 6 digits" in response.content.decode()


def test_restarting_the_set_up_keeps_the_same_key(org):
    first = services.start_two_factor(actor=org.rep)
    second = services.start_two_factor(actor=org.rep)

    assert first.pk == second.pk


def test_starting_again_when_two_factor_is_on_is_refused(two_factor_rep):
    with pytest.raises(DomainError) as exc:
        services.start_two_factor(actor=two_factor_rep[0])
    assert exc.value.code == "two_factor_on"


def test_the_setup_page_without_a_started_app_goes_back(org, web):
    response = web(org.rep).get("/settings/security/two-factor/setup/")

    assert response["Location"] == "/settings/security/"


def test_the_security_page_shows_the_app_and_codes_left(two_factor_rep, web):
    page = web(two_factor_rep[0]).get("/settings/security/").content.decode()

    assert 'data-testid="disable-form"' in page
    assert "10 unused codes left" in page


def test_new_backup_codes_replace_the_old_ones(two_factor_rep, web):
    user, _, old = two_factor_rep
    client = web(user)

    response = client.post("/settings/security/two-factor/backup-codes/new/")

    assert response["Location"] == "/settings/security/two-factor/backup-codes/"
    new = selectors.backup_codes(user=user)
    assert len(new) == services.BACKUP_CODE_COUNT
    assert not set(old) & set(new)


def test_backup_codes_download_as_text(two_factor_rep, web):
    user, _, codes = two_factor_rep

    response = web(user).get("/settings/security/two-factor/backup-codes/download/")

    assert response["Content-Type"].startswith("text/plain")
    assert "attachment" in response["Content-Disposition"]
    assert all(code in response.content.decode() for code in codes)


def test_backup_codes_of_a_user_without_two_factor_do_not_exist(org, web):
    client = web(org.rep)

    assert client.get("/settings/security/two-factor/backup-codes/download/").status_code == 404
    assert client.get("/settings/security/two-factor/backup-codes/").status_code == 302


def test_turning_off_needs_the_password(two_factor_rep, web):
    user = two_factor_rep[0]
    client = web(user)

    response = client.post("/settings/security/two-factor/disable/", {"password": "wrong"})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-field-error="password"' in page and "not your current password" in page
    assert selectors.has_two_factor(user=user)


def test_turning_off_with_the_password_removes_app_and_codes(two_factor_rep, web):
    user = two_factor_rep[0]

    response = web(user).post("/settings/security/two-factor/disable/", {"password": PASSWORD})

    assert response["Location"] == "/settings/security/"
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()


def test_changing_the_password_needs_the_current_one_and_a_good_new_one(org, web):
    client = web(org.rep)

    response = client.post(
        "/settings/security/password/",
        {"old_password": "wrong", "new_password": "123", "new_password2": "123"},
    )

    page = response.content.decode()
    assert 'data-field-error="old_password"' in page
    assert 'data-field-error="new_password"' in page
    org.rep.refresh_from_db()
    assert org.rep.check_password(PASSWORD)


def test_changing_the_password_keeps_the_session(org, web):
    client = web(org.rep)
    new = "a much better passphrase 42"

    response = client.post(
        "/settings/security/password/",
        {"old_password": PASSWORD, "new_password": new, "new_password2": new},
    )

    assert response["Location"] == "/settings/security/"
    org.rep.refresh_from_db()
    assert org.rep.check_password(new)
    assert client.get("/settings/security/").status_code == 200


def test_differing_new_passwords_are_refused_at_the_field(org, web):
    response = web(org.rep).post(
        "/settings/security/password/",
        {"old_password": PASSWORD, "new_password": "one long phrase", "new_password2": "other"},
    )

    assert 'data-field-error="new_password2"' in response.content.decode()


# --- an administrator's reset ----------------------------------------------------------------


def test_an_administrator_resets_a_users_second_factor(two_factor_rep, org, web):
    user = two_factor_rep[0]
    client = web(org.admin)

    page = client.get("/settings/security/admin/").content.decode()
    assert f'data-user="{user.username}"' in page
    response = client.post(f"/settings/security/admin/users/{user.pk}/reset-two-factor/")

    assert response.status_code == 302
    assert not selectors.has_two_factor(user=user)


def test_a_user_without_settings_rights_cannot_reach_the_reset(two_factor_rep, org, web):
    user = two_factor_rep[0]
    client = web(org.nobody)

    assert client.get("/settings/security/admin/").status_code == 404
    response = client.post(f"/settings/security/admin/users/{user.pk}/reset-two-factor/")

    assert response.status_code == 404
    assert selectors.has_two_factor(user=user)


def test_a_settings_viewer_is_refused_the_reset(two_factor_rep, settings_viewer, web):
    user = two_factor_rep[0]
    client = web(settings_viewer)

    assert client.get("/settings/security/admin/").status_code == 403
    response = client.post(f"/settings/security/admin/users/{user.pk}/reset-two-factor/")

    assert response.status_code == 403
    assert selectors.has_two_factor(user=user)


def test_a_user_outside_the_actors_scope_cannot_be_reset(org, web):
    enable_two_factor(org.outsider)

    response = web(org.rep).post(
        f"/settings/security/admin/users/{org.outsider.pk}/reset-two-factor/"
    )

    assert response.status_code == 404
    assert selectors.has_two_factor(user=org.outsider)
    with pytest.raises(NotFound):
        services.reset_two_factor(actor=org.rep, user=org.outsider)


def test_only_an_administrator_resets_an_administrators_second_factor(org, settings_editor, web):
    enable_two_factor(org.admin)

    response = web(settings_editor).post(
        f"/settings/security/admin/users/{org.admin.pk}/reset-two-factor/"
    )

    assert response.status_code == 403
    assert selectors.has_two_factor(user=org.admin)
    with pytest.raises(PermissionDenied):
        services.reset_two_factor(actor=settings_editor, user=org.admin)


def test_resetting_a_user_without_two_factor_says_so(org, web):
    client = web(org.admin)

    response = client.post(
        f"/settings/security/admin/users/{org.rep.pk}/reset-two-factor/", follow=True
    )

    assert "does not use two-factor sign-in" in response.content.decode()


def test_after_a_reset_the_user_logs_in_with_the_password_alone(two_factor_rep, org, anonymous):
    services.reset_two_factor(actor=org.admin, user=two_factor_rep[0])

    response = anonymous.post("/accounts/login/", {"username": "rep", "password": PASSWORD})

    assert response["Location"] == "/"
    assert anonymous.session["_auth_user_id"] == str(org.rep.pk)
