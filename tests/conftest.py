"""Shared fixtures: an organisation built through the services, and logged-in clients."""

from __future__ import annotations

import pytest

from tests.factories import make_org


@pytest.fixture
def org(db):  # type: ignore[no-untyped-def]
    """A small org tree with one user per data scope (see tests/factories.py)."""
    return make_org()
