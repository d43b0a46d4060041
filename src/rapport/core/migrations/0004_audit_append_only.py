"""Make the audit log append-only in the database itself, not only in the ORM.

Triggers refuse every UPDATE and DELETE of a core_auditentry row, so neither a raw SQL
statement nor a bulk ORM call nor a cascading foreign key can rewrite history. INSERT stays
open. PostgreSQL's TRUNCATE is left alone on purpose: it needs table ownership, and the
test runner empties tables with it between transactional tests.
"""

from django.db import migrations

SQLITE_INSTALL = [
    """
    CREATE TRIGGER IF NOT EXISTS core_auditentry_no_update
    BEFORE UPDATE ON core_auditentry
    BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: its rows cannot be changed.'); END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS core_auditentry_no_delete
    BEFORE DELETE ON core_auditentry
    BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: its rows cannot be deleted.'); END
    """,
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update",
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete",
]

POSTGRESQL_INSTALL = [
    """
    CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'The audit log is append-only: % of its rows is refused.', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$
    """,
    "DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry",
    """
    CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only()
    """,
]
POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry",
    "DROP FUNCTION IF EXISTS core_auditentry_append_only()",
]

INSTALL = {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRESQL_INSTALL}
REMOVE = {"sqlite": SQLITE_REMOVE, "postgresql": POSTGRESQL_REMOVE}


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    for sql in INSTALL.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, None)


def remove(apps, schema_editor):  # type: ignore[no-untyped-def]
    for sql in REMOVE.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, None)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_tag_field_versions_audit_protect")]

    operations = [migrations.RunPython(install, remove, elidable=False)]
