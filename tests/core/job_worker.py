"""`rapport worker` with the test jobs loaded: `python -m tests.core.job_worker`."""

from __future__ import annotations

import os
import sys


def main() -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapport.settings")
    django.setup()
    import tests.core.job_fixtures  # noqa: F401 - registers the test jobs with the consumer
    from rapport.cli import main as rapport

    return rapport(["worker", "--workers", "1"])


if __name__ == "__main__":
    sys.exit(main())
