"""The two-step login: password, then (only for users who turned it on) a code."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from rapport.org.models import User
from rapport.org.security.views import PENDING_KEY, PENDING_SECONDS
from tests.org.security.conftest import code_for, logged_in_as, post_code, post_password

pytestmark = pytest.mark.django_db


def test_a_user_without_two_factor_logs_in_with_the_password_alone(org, anonymous):
    response = post_password(anonymous, "rep")

    assert response.status_code == 302 and response["Location"] == "/"
    assert logged_in_as(anonymous) == str(org.rep.pk)


def test_login_goes_on_to_a_safe_next_page_only(org):
    client = Client()
    response = post_password(client, "rep", next="/settings/profile/")
    assert response["Location"] == "/settings/profile/"

    other = Client()
    response = post_password(other, "rep", next="https://evil.example/")
    assert response["Location"] == "/"


def test_a_wrong_password_is_refused_with_a_message(org, anonymous):
    response = post_password(anonymous, "rep", "not the password")

    assert response.status_code == 200
    assert logged_in_as(anonymous) is None
    assert "correct username and password" in response.content.decode()


def test_the_password_step_does_not_log_in_a_user_with_two_factor(two_factor_rep, anonymous):
    response = post_password(anonymous, "rep@example.com")

    assert response.status_code == 302 and response["Location"] == "/accounts/login/verify/"
    assert logged_in_as(anonymous) is None
    assert anonymous.session[PENDING_KEY]["user"] == two_factor_rep[0].pk
    assert anonymous.get("/settings/profile/").status_code == 302  # still a visitor


def test_the_second_step_asks_for_the_code(two_factor_rep, anonymous):
    post_password(anonymous, "rep")

    page = anonymous.get("/accounts/login/verify/").content.decode()

    assert 'data-testid="verify-form"' in page
    assert 'autocomplete="one-time-code"' in page


def test_the_right_code_logs_in_and_marks_the_session_verified(two_factor_rep, anonymous):
    user, device, _ = two_factor_rep
    post_password(anonymous, "rep", next="/settings/security/")

    response = post_code(anonymous, code_for(device))

    assert response.status_code == 302 and response["Location"] == "/settings/security/"
    assert logged_in_as(anonymous) == str(user.pk)
    assert anonymous.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert PENDING_KEY not in anonymous.session


def test_a_code_typed_with_a_space_is_accepted(two_factor_rep, anonymous):
    _, device, _ = two_factor_rep
    post_password(anonymous, "rep")
    code = code_for(device)

    post_code(anonymous, f"{code[:3]} {code[3:]}")

    assert logged_in_as(anonymous) is not None


def test_a_wrong_code_is_refused_clearly_and_does_not_log_in(two_factor_rep, anonymous):
    _, device, _ = two_factor_rep
    post_password(anonymous, "rep")
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = post_code(anonymous, wrong)

    assert response.status_code == 200
    assert logged_in_as(anonymous) is None
    page = response.content.decode()
    assert 'data-field-error="code"' in page and "That code is not right" in page
    assert PENDING_KEY in anonymous.session  # the user may try again


def test_an_empty_code_names_the_field(two_factor_rep, anonymous):
    post_password(anonymous, "rep")

    response = post_code(anonymous, "")

    assert 'data-field-error="code"' in response.content.decode()
    assert logged_in_as(anonymous) is None


def test_wrong_codes_slow_down(two_factor_rep, anonymous):
    _, device, _ = two_factor_rep
    post_password(anonymous, "rep")
    post_code(anonymous, "000000" if code_for(device) != "000000" else "111111")

    response = post_code(anonymous, code_for(device))  # right, but too soon after a wrong one

    assert logged_in_as(anonymous) is None
    assert "Too many wrong codes" in response.content.decode()


def test_a_backup_code_works_once(two_factor_rep):
    user, _, codes = two_factor_rep
    first = Client()
    post_password(first, "rep")
    response = post_code(first, codes[0].upper())
    assert logged_in_as(first) == str(user.pk)
    assert response.status_code == 302

    second = Client()
    post_password(second, "rep")
    response = post_code(second, codes[0])
    assert logged_in_as(second) is None
    assert "That code is not right" in response.content.decode()


def test_a_backup_code_login_warns_how_many_are_left(two_factor_rep):
    _, _, codes = two_factor_rep
    client = Client()
    post_password(client, "rep")

    response = post_code(client, codes[0])

    page = client.get(response["Location"]).content.decode()
    assert "You used a backup code. 9 codes are left" in page


def test_the_second_step_without_a_password_step_goes_back_to_login(org, anonymous):
    response = anonymous.post("/accounts/login/verify/", {"code": "123456"})

    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert logged_in_as(anonymous) is None


def test_a_pending_login_expires(two_factor_rep, anonymous):
    _, device, _ = two_factor_rep
    post_password(anonymous, "rep")
    session = anonymous.session
    session[PENDING_KEY] = {**session[PENDING_KEY], "at": int(time.time()) - PENDING_SECONDS - 1}
    session.save()

    response = post_code(anonymous, code_for(device))

    assert response["Location"] == "/accounts/login/"
    assert logged_in_as(anonymous) is None


def test_a_user_deactivated_between_the_steps_is_not_logged_in(two_factor_rep, anonymous):
    user, device, _ = two_factor_rep
    post_password(anonymous, "rep")
    User.objects.filter(pk=user.pk).update(is_active=False)

    post_code(anonymous, code_for(device))

    assert logged_in_as(anonymous) is None


def test_going_back_to_the_login_page_drops_the_pending_login(two_factor_rep, anonymous):
    post_password(anonymous, "rep")

    anonymous.get("/accounts/login/")

    assert PENDING_KEY not in anonymous.session


def test_login_switches_to_the_users_language(org, anonymous):
    User.objects.filter(pk=org.rep.pk).update(language="zh-hans")

    response = post_password(anonymous, "rep")

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    home = anonymous.get("/")
    assert home["Content-Language"] == "zh-hans"


def test_login_with_two_factor_switches_language_after_the_code(two_factor_rep, anonymous):
    user, device, _ = two_factor_rep
    User.objects.filter(pk=user.pk).update(language="zh-hans")

    first = post_password(anonymous, "rep")
    assert settings.LANGUAGE_COOKIE_NAME not in first.cookies
    response = post_code(anonymous, code_for(device))

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"


def test_a_signed_in_user_visiting_login_goes_home(org, web):
    response = web(org.rep).get("/accounts/login/")

    assert response.status_code == 302 and response["Location"] == "/"


def test_logout_ends_the_session(org, anonymous):
    post_password(anonymous, "rep")

    anonymous.post("/accounts/logout/")

    assert logged_in_as(anonymous) is None
