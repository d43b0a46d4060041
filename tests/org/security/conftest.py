"""Security fixtures: users with an authenticator app, codes from it, login helpers."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapport.org.security import services
from tests.factories import PASSWORD


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """Return the code the device's app shows now (or `steps_ahead` periods later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enable_two_factor(user) -> tuple[TOTPDevice, list[str]]:  # type: ignore[no-untyped-def]
    """Turn the second factor on through the services; return the app and the backup codes."""
    device = services.start_two_factor(actor=user)
    codes = services.confirm_two_factor(actor=user, code=code_for(device))
    device.refresh_from_db()
    return device, codes


@pytest.fixture
def two_factor_rep(org):  # type: ignore[no-untyped-def]
    """`rep` with a confirmed authenticator app: (user, device, backup codes)."""
    device, codes = enable_two_factor(org.rep)
    # As if enrolled a while ago: the code shown now has not been used yet.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    return org.rep, device, codes


@pytest.fixture
def no_otp_throttle(settings):  # type: ignore[no-untyped-def]
    """Let several codes be tried back to back (django-otp slows down wrong codes)."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def post_password(client: Client, username: str, password: str = PASSWORD, **extra: str):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"username": username, "password": password, **extra})


def post_code(client: Client, code: str):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/verify/", {"code": code})


def logged_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")
