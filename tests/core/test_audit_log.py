"""The audit-log viewer and a record's history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils import timezone

from rapport.core import audit, auditlog
from rapport.core.errors import PermissionDenied
from rapport.core.models import AuditEntry
from rapport.customers.models import Account
from tests.factories import make_account, make_role, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(org):  # type: ignore[no-untyped-def]
    role = make_role("Settings reader", modules=("settings",), rights=("view",))
    return make_user("settings_reader", unit=org.company, roles=(role,))


def entry_at(when: dt.datetime, **kw: object) -> AuditEntry:
    e = AuditEntry(at=when, **kw)
    e.save()
    return e


def ids(params: dict[str, str], actor) -> list[int]:  # type: ignore[no-untyped-def]
    f = auditlog.AuditFilter.from_query(params)
    return [row.entry.pk for row in auditlog.filter_audit(actor=actor, filters=f, size=500).items]


def test_filters_narrow_by_actor_action_type_object_and_dates(org) -> None:  # type: ignore[no-untyped-def]
    AuditEntry.objects.all()  # the org fixture already wrote entries; count only ours below
    account = make_account(org.rep, name="Acme")
    ct = ContentType.objects.get_for_model(Account)
    utc = dt.UTC
    a = entry_at(dt.datetime(2026, 1, 10, 9, tzinfo=utc), actor=org.rep, action="update",
                 content_type=ct, object_id=str(account.pk), object_repr="Acme")  # fmt: skip
    b = entry_at(dt.datetime(2026, 2, 1, 23, 30, tzinfo=utc), actor=org.manager, action="export",
                 object_repr="Companies")  # fmt: skip
    c = entry_at(dt.datetime(2026, 2, 2, 0, 30, tzinfo=utc), actor=org.rep, action="delete",
                 content_type=ct, object_id="424242", object_repr="Gone Ltd")  # fmt: skip
    mine = {a.pk, b.pk, c.pk}

    def q(**params: str) -> list[int]:
        return [pk for pk in ids(params, org.admin) if pk in mine]

    assert q() == [c.pk, b.pk, a.pk]  # newest first
    assert q(actor=str(org.rep.pk)) == [c.pk, a.pk]
    assert q(action="export") == [b.pk]
    assert q(object_type=str(ct.pk)) == [c.pk, a.pk]
    assert q(object_type=str(ct.pk), object_id=str(account.pk)) == [a.pk]
    with timezone.override("UTC"):
        assert q(date_from="2026-02-01", date_to="2026-02-01") == [b.pk]
        assert q(date_to="2026-01-31") == [a.pk]
    with timezone.override("Asia/Shanghai"):  # 23:30 UTC on 1 Feb is already 2 Feb there
        assert q(date_from="2026-02-02") == [c.pk, b.pk]


def test_unreadable_filters_are_reported_not_applied(org) -> None:  # type: ignore[no-untyped-def]
    f = auditlog.AuditFilter.from_query(
        {"actor": "bob", "date_from": "yesterday", "date_to": "2026-01-01"}
    )
    assert set(f.errors) == {"actor", "date_from"}
    f = auditlog.AuditFilter.from_query({"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert "before the start" in f.errors["date_to"]


def test_pages_are_keyset_pages_without_overlap(org) -> None:  # type: ignore[no-untyped-def]
    start = timezone.now()
    for i in range(7):
        entry_at(start, action="export", object_repr=f"batch {i}")  # equal times: id breaks ties
    f = auditlog.AuditFilter.from_query({"action": "export"})
    seen: list[int] = []
    cursor = None
    while True:
        page = auditlog.filter_audit(actor=org.admin, filters=f, cursor=cursor, size=3)
        seen += [row.entry.pk for row in page.items]
        if not page.has_next:
            break
        cursor = page.next_cursor
    assert len(seen) == 7 and len(set(seen)) == 7
    assert seen == sorted(seen, reverse=True)


def test_changes_are_shown_as_before_and_after(org) -> None:  # type: ignore[no-untyped-def]
    account = make_account(org.rep, name="Acme")
    entry = audit.record(
        actor=org.admin, action="update", obj=account,
        changes={"name": ["Acme", "Acme Ltd"], "owner_id": [org.rep.pk, org.manager.pk],
                 "custom": [{}, {"tier": "gold"}]},
    )  # fmt: skip
    row = auditlog.describe(entry)
    assert row.mode == "diff"
    lines = {line.label: (line.before, line.after) for line in row.lines}
    assert lines["Name"] == ("Acme", "Acme Ltd")
    assert lines["Owner"] == (str(org.rep.pk), str(org.manager.pk))
    assert lines["Custom fields"] == ("—", '{"tier": "gold"}')
    assert auditlog.show({"amount": "5.00", "currency": "USD"}) == "5.00 USD"
    assert auditlog.show([{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]) == "A, B"
    assert auditlog.show(["x", 2, True]) == "x, 2, Yes"
    assert auditlog.show("x" * 400).endswith("…")
    created = auditlog.describe(
        audit.record(actor=org.admin, action="create", obj=account, changes={"name": "Acme"})
    )
    assert created.mode == "values" and created.lines[0].after == "Acme"
    assert auditlog.describe(audit.record(actor=None, action="login", obj=org.rep)).mode == "none"


def test_the_viewer_page_shows_entries_with_their_diff(org, web) -> None:  # type: ignore[no-untyped-def]
    account = make_account(org.rep, name="Acme")
    audit.record(
        actor=org.rep, action="update", obj=account, changes={"name": ["Acme", "Acme Ltd"]}
    )
    page = web(org.admin).get(
        "/settings/audit/", {"object_type": str(ContentType.objects.get_for_model(Account).pk)}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="audit-table"' in html and 'data-testid="audit-diff"' in html
    assert "<del>Acme</del>" in html and "Acme Ltd" in html


def test_the_viewer_answers_htmx_with_the_table_only(org, web) -> None:  # type: ignore[no-untyped-def]
    page = web(org.admin).get(
        "/settings/audit/",
        {"action": "create"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="audit-table",
    )
    html = page.content.decode()
    assert html.lstrip().startswith('<div id="audit-table">') and "<html" not in html


def test_a_bad_cursor_starts_again_from_the_newest(org, web) -> None:  # type: ignore[no-untyped-def]
    assert web(org.admin).get("/settings/audit/", {"cursor": "garbage!"}).status_code == 200


def test_only_settings_viewers_see_the_log(org, web, reader) -> None:  # type: ignore[no-untyped-def]
    for user in (org.viewer, org.nobody):
        assert web(user).get("/settings/audit/").status_code == 404
        with pytest.raises(PermissionDenied):
            auditlog.filter_audit(actor=user, filters=auditlog.AuditFilter())
    assert web(reader).get("/settings/audit/").status_code == 200


def test_a_records_history_follows_the_record_scope(org, reader) -> None:  # type: ignore[no-untyped-def]
    account = make_account(org.rep, name="Acme")
    audit.record(actor=org.rep, action="create", obj=account, changes={"name": "Acme"})
    other = make_account(org.outsider, name="Elsewhere")
    audit.record(actor=org.outsider, action="create", obj=other, changes={"name": "Elsewhere"})
    assert [r.entry.action for r in auditlog.audit_for(org.admin, account)] == ["create"]
    assert len(auditlog.audit_for(reader, other)) == 1
    # `viewer` sees their unit's companies in the customers module, and no settings
    assert len(auditlog.audit_for(org.viewer, account, module="customers")) == 1
    with pytest.raises(PermissionDenied):
        auditlog.audit_for(org.viewer, other, module="customers")
    with pytest.raises(PermissionDenied):
        auditlog.audit_for(org.viewer, account)  # no module named: settings viewers only
    with pytest.raises(PermissionDenied):
        auditlog.audit_for(org.nobody, account, module="customers")
    # a user row is owned by the user itself
    audit.record(actor=org.admin, action="update", obj=org.rep, changes={"title": ["", "Rep"]})
    assert len(auditlog.audit_for(org.viewer, org.rep, module="customers", owner_field="self")) >= 1
    with pytest.raises(PermissionDenied):
        auditlog.audit_for(org.viewer, org.outsider, module="customers", owner_field="self")


def test_the_history_partial_renders_for_a_detail_page(org) -> None:  # type: ignore[no-untyped-def]
    account = make_account(org.rep, name="Acme")
    audit.record(
        actor=org.rep, action="update", obj=account, changes={"name": ["Acme", "Acme Ltd"]}
    )
    history = auditlog.audit_for(org.admin, account)
    html = render_to_string("core/settings/_audit_for_object.html", {"history": history})
    assert 'data-testid="audit-history"' in html and "<del>Acme</del>" in html
    assert "Edited" in html
    empty = render_to_string("core/settings/_audit_for_object.html", {"history": []})
    assert "No changes recorded yet." in empty


def test_the_viewer_does_not_query_per_row(org, web, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = web(org.admin)
    client.get("/settings/audit/")  # warm caches (content types, session)
    for i in range(3):
        audit.record(actor=org.rep, action="update", obj=org.rep, changes={"title": [str(i), "x"]})
    with django_assert_max_num_queries(40) as few:
        client.get("/settings/audit/")
    for i in range(40):
        audit.record(
            actor=org.manager, action="update", obj=org.teammate, changes={"title": [str(i), "y"]}
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/settings/audit/")
