"""Passwords are stored with Argon2."""

from __future__ import annotations

import pytest

from tests.factories import make_user


@pytest.mark.real_hasher
def test_a_new_password_is_stored_as_an_argon2_hash(db):  # type: ignore[no-untyped-def]
    user = make_user("hashed")
    user.set_password("correct horse battery staple")
    user.save(update_fields=["password"])

    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("correct horse battery staple")
    assert not user.check_password("wrong")
