"""Tags: the shared vocabulary, its settings page and the picker other apps embed."""

from __future__ import annotations

import pytest
from django import forms
from django.template.loader import render_to_string

from rapport.core import tags
from rapport.core.audit import history_for
from rapport.core.errors import NotFound, PermissionDenied, StaleEdit, ValidationFailed
from rapport.core.forms import TagField
from rapport.core.models import AuditEntry, Tag
from tests.factories import make_account, make_role, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(org):  # type: ignore[no-untyped-def]
    """May look at settings, not change them."""
    role = make_role("Settings reader", modules=("settings",), rights=("view",))
    return make_user("settings_reader", unit=org.company, roles=(role,))


def refused(func, **kw) -> dict[str, str]:  # type: ignore[no-untyped-def]
    before = list(Tag.objects.values_list("name", "color")), AuditEntry.objects.count()
    with pytest.raises(ValidationFailed) as info:
        func(**kw)
    assert (list(Tag.objects.values_list("name", "color")), AuditEntry.objects.count()) == before
    return info.value.errors


# --- services ----------------------------------------------------------------------------


def test_an_administrator_creates_a_tag_and_it_is_audited(org) -> None:  # type: ignore[no-untyped-def]
    tag = tags.create_tag(actor=org.admin, name="  Key   account ", color="green")
    assert (tag.name, tag.color, tag.version) == ("Key account", "green", 1)
    entry = history_for(tag).get()
    assert (entry.action, entry.actor, entry.changes) == (
        "create",
        org.admin,
        {"name": "Key account", "color": "green"},
    )


@pytest.mark.parametrize(
    ("name", "color", "field", "words"),
    [
        ("", "blue", "name", "Give the tag a name"),
        ("x" * 61, "blue", "name", "at most 60"),
        ("a, b", "blue", "name", "comma"),
        ("vip", "blue", "name", "already exists"),
        ("New", "pink", "color", "offered colours"),
    ],
)
def test_a_bad_tag_is_refused_naming_the_field(org, name, color, field, words) -> None:  # type: ignore[no-untyped-def]
    tags.create_tag(actor=None, name="VIP")
    errors = refused(tags.create_tag, actor=org.admin, name=name, color=color)
    assert words in errors[field]


def test_renaming_and_recolouring_is_versioned_and_audited(org) -> None:  # type: ignore[no-untyped-def]
    tag = tags.create_tag(actor=org.admin, name="VIP")
    tags.update_tag(actor=org.admin, tag=tag, version=1, name="V.I.P.", color="red")
    tag.refresh_from_db()
    assert (tag.name, tag.color, tag.version) == ("V.I.P.", "red", 2)
    assert history_for(tag).get(action="update").changes == {
        "color": ["blue", "red"],
        "name": ["VIP", "V.I.P."],
    }
    with pytest.raises(StaleEdit):
        tags.update_tag(actor=org.admin, tag=tag, version=1, name="Lost", color="red")
    # the same name in another case is the tag itself, not a clash
    tags.update_tag(actor=org.admin, tag=tag, version=2, name="v.i.p.", color="red")


def test_renaming_into_another_tags_name_is_refused(org) -> None:  # type: ignore[no-untyped-def]
    tags.create_tag(actor=org.admin, name="VIP")
    other = tags.create_tag(actor=org.admin, name="Reseller")
    errors = refused(
        tags.update_tag, actor=org.admin, tag=other, version=1, name="vip", color="blue"
    )
    assert "already exists" in errors["name"]


def test_deleting_a_tag_takes_it_off_every_record(org) -> None:  # type: ignore[no-untyped-def]
    vip = tags.create_tag(actor=org.admin, name="VIP")
    keep = tags.create_tag(actor=org.admin, name="Keep")
    a, b = make_account(org.rep), make_account(org.manager)
    a.tags.set([vip, keep])
    b.tags.set([vip])
    assert tags.usage_counts()[vip.pk] == {"companies": 2}
    assert tags.delete_tag(actor=org.admin, tag=vip) == 2
    assert not Tag.objects.filter(name="VIP").exists()
    assert list(a.tags.all()) == [keep] and list(b.tags.all()) == []
    entry = AuditEntry.objects.get(action="delete", object_repr="VIP")
    assert entry.changes["used_on"] == {"companies": 2}


def test_users_without_the_settings_edit_right_cannot_manage_tags(org, reader) -> None:  # type: ignore[no-untyped-def]
    tag = tags.create_tag(actor=org.admin, name="VIP")
    for actor in (reader, org.viewer, org.nobody):
        with pytest.raises(PermissionDenied):
            tags.create_tag(actor=actor, name="Mine")
        with pytest.raises(PermissionDenied):
            tags.update_tag(actor=actor, tag=tag, version=1, name="Mine", color="red")
        with pytest.raises(PermissionDenied):
            tags.delete_tag(actor=actor, tag=tag)
    assert list(Tag.objects.values_list("name", "color")) == [("VIP", "blue")]


def test_listing_tags_needs_the_settings_view_right(org, reader) -> None:  # type: ignore[no-untyped-def]
    tags.create_tag(actor=org.admin, name="VIP")
    assert [row.tag.name for row in tags.list_tags(actor=reader)] == ["VIP"]
    with pytest.raises(PermissionDenied):
        tags.list_tags(actor=org.viewer)
    with pytest.raises(NotFound):
        tags.get_tag(actor=reader, pk=999999)


def test_apply_tags_sets_a_records_tags_and_reports_the_change(org) -> None:  # type: ignore[no-untyped-def]
    vip = tags.create_tag(actor=org.admin, name="VIP")
    hot = tags.create_tag(actor=org.admin, name="Hot")
    account = make_account(org.rep)
    assert tags.apply_tags(account, [vip, hot.pk]) == [[], ["Hot", "VIP"]]
    assert tags.apply_tags(account, [str(vip.pk), hot]) is None
    with pytest.raises(ValidationFailed) as info:
        tags.apply_tags(account, [vip.pk, 999999])
    assert "no longer exist" in info.value.errors["tags"]
    assert sorted(t.name for t in account.tags.all()) == ["Hot", "VIP"]


# --- the picker ---------------------------------------------------------------------------


def test_the_tag_picker_renders_coloured_options_and_keeps_the_choice(org) -> None:  # type: ignore[no-untyped-def]
    vip = tags.create_tag(actor=org.admin, name="VIP", color="red")
    tags.create_tag(actor=org.admin, name="Hot", color="orange")

    class PickForm(forms.Form):
        tags = TagField()

    form = PickForm({"tags": [str(vip.pk)]})
    assert form.is_valid()
    assert list(form.cleaned_data["tags"]) == [vip]
    html = render_to_string("ui/cf_tags.html", {"field": form["tags"]})
    assert "data-tag-picker" in html
    assert 'data-color="red"' in html and 'data-color="orange"' in html
    assert f'value="{vip.pk}" selected data-color="red"' in html
    assert "rapport/core-settings" in html
    assert not PickForm({"tags": ["999999"]}).is_valid()


# --- the settings page --------------------------------------------------------------------


def test_the_tag_page_lists_tags_with_usage(org, web) -> None:  # type: ignore[no-untyped-def]
    vip = tags.create_tag(actor=org.admin, name="VIP", color="purple")
    make_account(org.rep).tags.set([vip])
    page = web(org.admin).get("/settings/tags/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-tag-row="VIP"' in html and "bg-purple-lt" in html
    assert "Companies · 1" in html
    assert 'data-testid="tag-create"' in html


def test_a_tag_is_created_renamed_and_deleted_through_the_pages(org, web) -> None:  # type: ignore[no-untyped-def]
    client = web(org.admin)
    response = client.post("/settings/tags/", {"name": "Trade fair", "color": "teal"})
    assert response.status_code == 302
    tag = Tag.objects.get(name="Trade fair")
    response = client.post(
        f"/settings/tags/{tag.pk}/", {"name": "Trade fair 2026", "color": "teal", "seen_version": 1}
    )
    assert response.status_code == 302
    tag.refresh_from_db()
    assert tag.name == "Trade fair 2026"
    page = client.get(f"/settings/tags/{tag.pk}/")
    assert (
        "Trade fair" in page.content.decode()
        and 'data-testid="audit-history"' in page.content.decode()
    )
    assert client.post(f"/settings/tags/{tag.pk}/delete/").status_code == 302
    assert not Tag.objects.exists()


def test_a_bad_tag_form_shows_the_error_at_its_field(org, web) -> None:  # type: ignore[no-untyped-def]
    tags.create_tag(actor=org.admin, name="VIP")
    page = web(org.admin).post("/settings/tags/", {"name": "vip", "color": "blue"})
    assert page.status_code == 200
    assert 'data-field-error="name"' in page.content.decode()
    assert Tag.objects.count() == 1


def test_a_stale_rename_shows_a_reload_button(org, web) -> None:  # type: ignore[no-untyped-def]
    tag = tags.create_tag(actor=org.admin, name="VIP")
    tags.update_tag(actor=org.admin, tag=tag, version=1, name="VIP!", color="blue")
    page = web(org.admin).post(
        f"/settings/tags/{tag.pk}/", {"name": "Mine", "color": "blue", "seen_version": 1}
    )
    assert page.status_code == 200 and 'data-testid="reload"' in page.content.decode()
    tag.refresh_from_db()
    assert tag.name == "VIP!"


def test_tag_pages_are_refused_outside_the_settings_rights(org, web, reader) -> None:  # type: ignore[no-untyped-def]
    tag = tags.create_tag(actor=org.admin, name="VIP")
    for user in (org.viewer, org.nobody):
        assert web(user).get("/settings/tags/").status_code == 404
        assert web(user).get(f"/settings/tags/{tag.pk}/").status_code == 404
    client = web(reader)
    page = client.get("/settings/tags/")
    assert page.status_code == 200 and 'data-testid="tag-create"' not in page.content.decode()
    assert client.post("/settings/tags/", {"name": "Mine", "color": "blue"}).status_code == 403
    assert (
        client.post(
            f"/settings/tags/{tag.pk}/", {"name": "X", "color": "blue", "seen_version": 1}
        ).status_code
        == 403
    )
    assert client.post(f"/settings/tags/{tag.pk}/delete/").status_code == 403
    assert list(Tag.objects.values_list("name", flat=True)) == ["VIP"]


def test_the_tag_page_counts_usage_without_a_query_per_tag(
    org, web, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = web(org.admin)
    tags.create_tag(actor=org.admin, name="First")
    client.get("/settings/tags/")
    with django_assert_max_num_queries(40) as few:
        client.get("/settings/tags/")
    account = make_account(org.rep)
    for i in range(15):
        account.tags.add(tags.create_tag(actor=org.admin, name=f"Tag {i}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/settings/tags/")
