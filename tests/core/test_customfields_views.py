"""Settings → Custom fields pages: list, create, edit, deactivate, drag order; refusals."""

from __future__ import annotations

import pytest

from rapport.core.customfields import services
from rapport.core.models import AuditEntry, CustomField
from tests.factories import make_role, make_user

T = CustomField.Type
pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(org):  # type: ignore[no-untyped-def]
    role = make_role("Settings reader", modules=("settings",), rights=("view",))
    return make_user("settings_reader", unit=org.company, roles=(role,))


def make_field(org, **kw):  # type: ignore[no-untyped-def]
    data = {"entity": "account", "key": "tier", "label": "Tier", "type": T.CHOICE,
            "choices": "gold | Gold\nsilver | Silver", "default": "gold"}  # fmt: skip
    data.update(kw)
    return services.create_field(actor=org.admin, **data)


def test_the_list_shows_fields_per_entity_in_order(org, web) -> None:  # type: ignore[no-untyped-def]
    make_field(org)
    make_field(org, key="budget", label="Budget", type=T.MONEY, choices="", default="5000 CNY")
    old = make_field(org, key="old", label="Old", type=T.TEXT, choices="", default="")
    services.set_field_active(actor=org.admin, field=old, active=False)
    html = web(org.admin).get("/settings/fields/").content.decode()
    assert 'data-testid="fields-account"' in html and 'data-testid="fields-user"' in html
    assert html.index('data-key="tier"') < html.index('data-key="budget"')
    assert "cf_tier" in html and "Gold, Silver" in html and "¥5,000.00" in html
    assert 'data-inactive="old"' in html and "data-sortable-fields" in html
    assert "No custom fields on User yet" in html


def test_a_field_is_created_through_the_form(org, web) -> None:  # type: ignore[no-untyped-def]
    response = web(org.admin).post(
        "/settings/fields/new/",
        {"entity": "account", "label": "Renewal date", "key": "renewal_date", "type": "date",
         "default": "", "required": "on", "help_text": "When the contract renews"},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith("#entity-account")
    field = CustomField.objects.get(key="renewal_date")
    assert (field.type, field.required, field.help_text) == (
        T.DATE,
        True,
        "When the contract renews",
    )


def test_a_bad_definition_is_shown_at_its_field_and_nothing_is_saved(org, web) -> None:  # type: ignore[no-untyped-def]
    make_field(org)
    page = web(org.admin).post(
        "/settings/fields/new/",
        {"entity": "account", "label": "Level", "key": "tier", "type": "choice", "choices": "",
         "default": ""},
    )  # fmt: skip
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-field-error="key"' in html and "already has a field with the key" in html
    assert 'data-field-error="choices"' in html and "at least one choice" in html
    assert CustomField.objects.count() == 1


def test_editing_keeps_the_key_and_type_whatever_is_posted(org, web) -> None:  # type: ignore[no-untyped-def]
    field = make_field(org)
    response = web(org.admin).post(
        f"/settings/fields/{field.pk}/",
        {"label": "Customer tier", "key": "hacked", "type": "text", "entity": "user",
         "choices": "gold | Gold\nsilver | Silver\nbronze | Bronze", "default": "silver",
         "seen_version": field.version},
    )  # fmt: skip
    assert response.status_code == 302
    field.refresh_from_db()
    assert (field.key, field.type, field.entity) == ("tier", T.CHOICE, "account")
    assert (field.label, field.default, len(field.choices)) == ("Customer tier", "silver", 3)


def test_the_edit_page_shows_the_definition_and_its_history(org, web) -> None:  # type: ignore[no-untyped-def]
    field = make_field(org)
    html = web(org.admin).get(f"/settings/fields/{field.pk}/").content.decode()
    assert "gold | Gold" in html and 'value="gold"' in html
    assert 'data-testid="audit-history"' in html and 'data-testid="deactivate"' in html
    assert 'name="key"' in html and "disabled" in html


def test_deactivate_and_reactivate_through_the_pages(org, web) -> None:  # type: ignore[no-untyped-def]
    field = make_field(org)
    client = web(org.admin)
    assert client.post(f"/settings/fields/{field.pk}/deactivate/").status_code == 302
    field.refresh_from_db()
    assert not field.active
    assert client.post(f"/settings/fields/{field.pk}/reactivate/").status_code == 302
    field.refresh_from_db()
    assert field.active
    assert client.get(f"/settings/fields/{field.pk}/deactivate/").status_code == 405


def test_the_drag_order_is_saved(org, web) -> None:  # type: ignore[no-untyped-def]
    a = make_field(org)
    b = make_field(org, key="b", label="B", type=T.TEXT, choices="", default="")
    response = web(org.admin).post(
        "/settings/fields/order/", {"entity": "account", "ids": [b.pk, a.pk]}
    )
    assert response.status_code == 200 and "saved" in response.json()["message"]
    assert list(CustomField.objects.order_by("position").values_list("key", flat=True)) == [
        "b",
        "tier",
    ]
    bad = web(org.admin).post("/settings/fields/order/", {"entity": "account", "ids": [999]})
    assert bad.status_code == 400 and bad.json()["error"]


def test_a_settings_reader_sees_fields_read_only_and_cannot_change_them(org, web, reader) -> None:  # type: ignore[no-untyped-def]
    field = make_field(org)
    client = web(reader)
    html = client.get("/settings/fields/").content.decode()
    assert 'data-testid="new-field"' not in html and "data-sortable-fields" not in html
    html = client.get(f"/settings/fields/{field.pk}/").content.decode()
    assert "You may look at custom fields but not change them." in html
    audit_rows = AuditEntry.objects.count()
    assert client.get("/settings/fields/new/").status_code == 403
    assert (
        client.post(
            "/settings/fields/new/", {"entity": "account", "label": "X", "key": "x", "type": "text"}
        ).status_code
        == 403
    )
    assert (
        client.post(f"/settings/fields/{field.pk}/", {"label": "X", "seen_version": 1}).status_code
        == 403
    )
    assert client.post(f"/settings/fields/{field.pk}/deactivate/").status_code == 403
    assert (
        client.post("/settings/fields/order/", {"entity": "account", "ids": [field.pk]}).status_code
        == 403
    )
    field.refresh_from_db()
    assert (field.label, field.active, CustomField.objects.count()) == ("Tier", True, 1)
    assert AuditEntry.objects.count() == audit_rows


def test_field_pages_do_not_exist_without_the_settings_view_right(org, web) -> None:  # type: ignore[no-untyped-def]
    field = make_field(org)
    for user in (org.viewer, org.nobody):
        client = web(user)
        assert client.get("/settings/fields/").status_code == 404
        assert client.get(f"/settings/fields/{field.pk}/").status_code == 404
        assert client.post("/settings/fields/new/", {}).status_code == 404
    assert web(org.admin).get("/settings/fields/999999/").status_code == 404


def test_the_field_list_does_not_query_per_field(org, web, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = web(org.admin)
    make_field(org, key="buddy", label="Buddy", type=T.USER, choices="", default=str(org.rep.pk))
    client.get("/settings/fields/")
    with django_assert_max_num_queries(40) as few:
        client.get("/settings/fields/")
    for i in range(12):
        make_field(
            org, key=f"u{i}", label=f"U{i}", type=T.USER, choices="", default=str(org.manager.pk)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/settings/fields/")
