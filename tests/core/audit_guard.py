"""Test helper: empty the append-only audit table (SQLite flush runs DELETE, which it refuses)."""

from __future__ import annotations

import importlib

from django.db import connection

_migration = importlib.import_module("rapport.core.migrations.0004_audit_append_only")


def purge_audit_log() -> None:
    """Lift the triggers, delete every audit row, put the triggers back (SQLite only)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for sql in _migration.SQLITE_REMOVE:
            cursor.execute(sql)
        cursor.execute("DELETE FROM core_auditentry")
        for sql in _migration.SQLITE_INSTALL:
            cursor.execute(sql)
