"""The audit log is append-only in the database: raw UPDATE and DELETE are refused."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from rapport.core import audit
from rapport.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(org):  # type: ignore[no-untyped-def]
    return audit.record(actor=org.admin, action="create", obj=org.rep, changes={"a": [1, 2]})


def _raw(sql: str, params: list[object]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_raw_sql_update_of_an_audit_row_fails(entry) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE core_auditentry SET action = %s WHERE id = %s", ["tampered", entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "create"


def test_a_raw_sql_delete_of_an_audit_row_fails(entry) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM core_auditentry", [])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_orm_updates_and_deletes_are_refused_before_reaching_the_database(entry) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        entry.save()


def test_new_entries_may_still_be_added(entry, org) -> None:  # type: ignore[no-untyped-def]
    audit.record(actor=org.rep, action="update", obj=org.rep)
    assert AuditEntry.objects.count() >= 2


def test_a_user_with_audit_entries_cannot_be_deleted(entry, org) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ProtectedError):
        org.admin.delete()
    assert AuditEntry.objects.get(pk=entry.pk).actor_id == org.admin.pk


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_that_writes_audit_rows_is_flushed_cleanly(org) -> None:  # type: ignore[no-untyped-def]
    audit.record(actor=org.admin, action="login", obj=org.admin)
    assert AuditEntry.objects.filter(action="login").exists()


@pytest.mark.django_db(transaction=True)
def test_the_next_transactional_test_starts_with_the_triggers_in_place(org) -> None:  # type: ignore[no-untyped-def]
    entry = audit.record(actor=org.admin, action="login", obj=org.admin)
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
