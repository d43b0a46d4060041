"""Security headers on every page, and the friendly error pages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.template import loader
from django.test import Client, override_settings
from django.urls import path

from rapport.urls import urlpatterns as real_urls
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.mark.parametrize("path", ["/accounts/login/", "/settings/security/", "/"])
def test_pages_send_a_strict_content_security_policy(org, web, path):
    response = web(org.rep).get(path) if path != "/accounts/login/" else Client().get(path)

    csp = _directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]


@pytest.mark.parametrize("path", ["/accounts/login/", "/settings/security/"])
def test_pages_send_the_security_headers(org, web, path):
    response = web(org.rep).get(path) if path != "/accounts/login/" else Client().get(path)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_login_page_is_not_cached_and_its_session_cookie_is_http_only(org):
    client = Client()
    assert "max-age=0" in client.get("/accounts/login/")["Cache-Control"]

    response = client.post("/accounts/login/", {"username": "rep", "password": PASSWORD})

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def _boom(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom), *real_urls]


@override_settings(DEBUG=False)
def test_a_missing_page_shows_the_friendly_404(org, web):
    response = web(org.rep).get("/no/such/page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert 'data-testid="error-page"' in page and "This page does not exist" in page


@override_settings(DEBUG=False)
def test_a_forbidden_action_shows_the_friendly_403_with_its_reason(org, settings_viewer, web):
    response = web(settings_viewer).get("/settings/security/admin/")

    assert response.status_code == 403
    page = response.content.decode()
    assert "You may not do this" in page and "manage sign-in security" in page


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_a_server_error_shows_the_friendly_500(org):
    client = Client(raise_request_exception=False)
    client.force_login(org.rep)

    response = client.get("/boom/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_the_500_page_renders_without_a_request_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = loader.get_template("500.html").render()

    assert "Something went wrong on our side" in html and "<script" not in html


@override_settings(DEBUG=False)
def test_error_pages_are_translated(org, web):
    client = web(org.rep)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    response = client.get("/no/such/page/")

    assert response["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in response.content.decode()
