"""After-commit side effects (core.events): when they run, and what a failure does."""

from __future__ import annotations

import logging

import pytest
from django.db import transaction

from rapport.core.events import on_commit

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_side_effect_waits_for_the_outermost_commit() -> None:
    calls: list[str] = []
    with transaction.atomic():
        with transaction.atomic():
            on_commit(calls.append, "done")
        assert calls == []
    assert calls == ["done"]


def test_a_rolled_back_transaction_drops_its_side_effects() -> None:
    calls: list[str] = []
    with pytest.raises(RuntimeError), transaction.atomic():
        on_commit(calls.append, "never")
        raise RuntimeError
    assert calls == []


def test_a_rolled_back_savepoint_drops_only_its_own_side_effects() -> None:
    calls: list[str] = []
    with transaction.atomic():
        on_commit(calls.append, "kept")
        try:
            with transaction.atomic():
                on_commit(calls.append, "dropped")
                raise ValueError
        except ValueError:
            pass
    assert calls == ["kept"]


def test_outside_a_transaction_a_side_effect_runs_at_once() -> None:
    calls: list[str] = []
    on_commit(calls.append, "now")
    assert calls == ["now"]


def test_a_failing_side_effect_is_logged_and_the_others_still_run(caplog) -> None:
    def explode() -> None:
        raise ConnectionError("queue unreachable")

    calls: list[str] = []
    with caplog.at_level(logging.ERROR), transaction.atomic():
        on_commit(explode)
        on_commit(calls.append, "second")
    assert calls == ["second"]
    assert "on_commit(test_a_failing_side_effect_is_logged" in caplog.text
    assert "queue unreachable" in caplog.text


def test_keyword_arguments_reach_the_side_effect() -> None:
    seen: dict[str, object] = {}
    with transaction.atomic():
        on_commit(seen.update, account=7, reason="created")
    assert seen == {"account": 7, "reason": "created"}
