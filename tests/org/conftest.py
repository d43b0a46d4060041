"""Org fixtures: users with exactly the settings rights a test needs."""

from __future__ import annotations

import pytest

from rapport.core.models import DataScope, Module
from tests.factories import make_role, make_user


@pytest.fixture
def settings_viewer(org):  # type: ignore[no-untyped-def]
    """A user who may look at every user, unit and role in settings, but change nothing."""
    role = make_role(
        "Settings viewer", scope=DataScope.ALL, modules=(Module.SETTINGS,), rights=("view",)
    )
    return make_user("settings_viewer", unit=org.company, roles=(role,))


@pytest.fixture
def settings_editor(org):  # type: ignore[no-untyped-def]
    """A user who may view and edit (not create or delete) everyone in settings; not an admin."""
    role = make_role(
        "Settings editor", scope=DataScope.ALL, modules=(Module.SETTINGS,), rights=("view", "edit")
    )
    return make_user("settings_editor", unit=org.company, roles=(role,))
