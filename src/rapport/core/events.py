"""After-commit side effects: jobs and webhooks start only once the transaction has committed.

Services call `on_commit(...)` (or a job from `rapport.core.jobs`, which does the same) as
their last step. Inside `transaction.atomic()` the side effect waits for the outermost
commit and is dropped on rollback; outside a transaction (a shell, a command, a job) it
starts at once. A side effect that fails is logged, not raised: the data is already
committed, so the request must not turn into an error, and one failing side effect must
not keep the others from running (Django's robust on_commit).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction


def after_commit(func: Callable[[], object], *, label: str) -> None:
    """Call `func()` after the current transaction commits; log (not raise) its failure."""

    def run() -> None:
        func()

    # Django names the callback by __qualname__ when it logs a failure.
    run.__qualname__ = run.__name__ = label
    transaction.on_commit(run, robust=True)


def on_commit(task: Callable[..., Any], /, *args: Any, **kwargs: Any) -> None:
    """Run (or enqueue, for a Huey task) `task(*args, **kwargs)` after the current commit."""
    label = getattr(task, "__qualname__", None) or type(task).__qualname__
    after_commit(partial(task, *args, **kwargs), label=f"on_commit({label})")
