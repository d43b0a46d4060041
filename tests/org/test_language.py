"""The language switch in the user menu sets the interface language and remembers it."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from rapport.core.models import AuditEntry
from rapport.org.models import User


def test_switching_language_saves_it_sets_the_cookie_and_returns_to_the_page(org, web):
    client = web(org.users["rep"])

    response = client.post(
        reverse("org:set-language"), {"language": "zh-hans", "next": "/settings/profile/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/settings/profile/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert User.objects.get(pk=org.users["rep"].pk).language == "zh-hans"
    assert AuditEntry.objects.filter(action="update", object_id=str(org.users["rep"].pk)).exists()


def test_an_unknown_language_is_refused_and_nothing_changes(org, web):
    client = web(org.users["rep"])

    response = client.post(reverse("org:set-language"), {"language": "klingon"})

    assert response.status_code == 400
    assert User.objects.get(pk=org.users["rep"].pk).language == "en"


def test_an_outside_next_address_is_ignored(org, web):
    client = web(org.users["rep"])

    response = client.post(
        reverse("org:set-language"), {"language": "en", "next": "https://evil.example/"}
    )

    assert response["Location"] == "/"


def test_anonymous_visitors_cannot_switch_a_users_language(org, anonymous):
    response = anonymous.post(reverse("org:set-language"), {"language": "zh-hans"})

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
