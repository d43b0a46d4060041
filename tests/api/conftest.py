"""API test fixtures: a private rate-limit cache per test, tokens and authenticated clients."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.test import Client

from rapport.org.models import User
from rapport.org.tokens import create_token

_caches = itertools.count()


@pytest.fixture(autouse=True)
def private_cache(settings: Any) -> None:
    """Give each test its own cache, so rate-limit counters never leak between tests."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"api-test-{next(_caches)}",
        }
    }


def make_token(user: User, name: str = "Script", days: int = 30) -> str:
    """Return the plaintext of a new token for `user`."""
    return create_token(actor=user, name=name, expires_in_days=days)[1]


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def client_as():  # type: ignore[no-untyped-def]
    """Return a function giving an API client that sends a fresh token of `user`."""

    def build(user: User) -> Client:
        return Client(headers=bearer(make_token(user)))

    return build
