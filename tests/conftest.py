"""Shared fixtures: an organisation built through the services, and logged-in clients."""

from __future__ import annotations

import pytest

from tests.factories import make_org


@pytest.fixture
def org(db):  # type: ignore[no-untyped-def]
    """A small org tree with one user per data scope (see tests/factories.py)."""
    return make_org()


@pytest.fixture(autouse=True)
def fast_hashing(request, settings):  # type: ignore[no-untyped-def]
    """Hash test passwords quickly, except in tests marked `real_hasher` (Argon2 costs ~0.1 s)."""
    if request.node.get_closest_marker("real_hasher"):
        return
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def plain_http(settings):  # type: ignore[no-untyped-def]
    """Serve the test client over plain HTTP (deployments redirect to HTTPS)."""
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def web(org):  # type: ignore[no-untyped-def]
    """Return a function giving a test client logged in as a user."""
    from django.test import Client

    def login_as(user):  # type: ignore[no-untyped-def]
        client = Client()
        client.force_login(user)
        return client

    return login_as


@pytest.fixture
def anonymous():  # type: ignore[no-untyped-def]
    from django.test import Client

    return Client()


@pytest.fixture(autouse=True)
def audit_log_flushable(request):  # type: ignore[no-untyped-def]
    """Let a transactional test's database flush pass the append-only audit triggers.

    Django empties tables between transactional tests with DELETE on SQLite (TRUNCATE on
    PostgreSQL, which the triggers leave alone), so on SQLite the audit rows are removed
    here, with the triggers lifted for that moment only.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")  # so this teardown runs before the flush
    yield
    from tests.core.audit_guard import purge_audit_log

    purge_audit_log()
