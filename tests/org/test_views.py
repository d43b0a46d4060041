"""Settings pages, through Django's test client: rights, scope, field errors, stale edits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rapport.core.models import AuditEntry, DataScope, Module
from rapport.org import services
from rapport.org.models import OrgUnit, Role, RoleGrant, User
from tests.factories import make_user

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "violet-orbit-harbour-42"


def org_pages(org):  # type: ignore[no-untyped-def]
    role = Role.objects.get(name="Viewer")
    return [
        reverse("org:user-list"), reverse("org:user-create"), reverse("org:user-edit", args=[org.rep.pk]),
        reverse("org:unit-list"), reverse("org:unit-create"), reverse("org:unit-edit", args=[org.dept_a.pk]),
        reverse("org:role-list"), reverse("org:role-create"), reverse("org:role-edit", args=[role.pk]),
    ]  # fmt: skip


def user_post(user, **changes):  # type: ignore[no-untyped-def]
    data = {
        "username": user.username, "email": user.email, "first_name": user.first_name,
        "last_name": user.last_name, "display_name": user.display_name, "title": user.title,
        "phone": user.phone, "unit": user.unit_id or "", "manager": user.manager_id or "",
        "roles": [r.pk for r in user.roles.all()], "language": user.language,
        "time_zone": user.time_zone, "is_active": "on" if user.is_active else "",
        "seen_version": user.version,
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- access --------------------------------------------------------------------------------


def test_administrator_opens_every_settings_page(org, web):
    client = web(org.admin)
    for url in [reverse("org:settings"), reverse("org:profile"), *org_pages(org)]:
        assert client.get(url).status_code == 200, url


def test_user_without_settings_rights_gets_404_on_organisation_pages(org, web):
    client = web(org.nobody)
    for url in org_pages(org):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("org:user-deactivate", args=[org.rep.pk])).status_code == 404
    assert client.post(reverse("org:unit-delete", args=[org.branch_b.pk])).status_code == 404
    assert User.objects.get(pk=org.rep.pk).is_active
    assert OrgUnit.objects.filter(pk=org.branch_b.pk).exists()


def test_settings_home_shows_organisation_cards_only_to_settings_viewers(org, web):
    assert b'data-testid="card-users"' in web(org.admin).get(reverse("org:settings")).content
    page = web(org.nobody).get(reverse("org:settings"))
    assert page.status_code == 200 and b'data-testid="card-users"' not in page.content


def test_user_outside_the_settings_scope_answers_404(org, web):
    client = web(org.manager)  # scope: own + subordinates
    assert client.get(reverse("org:user-edit", args=[org.teammate.pk])).status_code == 200
    assert client.get(reverse("org:user-edit", args=[org.outsider.pk])).status_code == 404


def test_viewer_sees_a_read_only_form_and_cannot_edit(org, web, settings_viewer):
    client = web(settings_viewer)
    page = client.get(reverse("org:user-edit", args=[org.rep.pk]))
    assert page.status_code == 200
    assert b'data-testid="save"' not in page.content and b"disabled" in page.content
    response = client.post(
        reverse("org:user-edit", args=[org.rep.pk]), user_post(org.rep, title="Hacked")
    )
    assert response.status_code == 403
    assert User.objects.get(pk=org.rep.pk).title == ""
    assert client.get(reverse("org:user-create")).status_code == 403
    assert client.post(reverse("org:user-deactivate", args=[org.rep.pk])).status_code == 403
    assert client.post(reverse("org:role-create"), {"name": "Sneaky"}).status_code == 403
    assert not Role.objects.filter(name="Sneaky").exists()


# --- users ---------------------------------------------------------------------------------


def test_users_list_shows_the_table_filters_and_new_button(org, web):
    page = web(org.admin).get(reverse("org:user-list"))
    html = page.content.decode()
    assert 'data-shortcut="n"' in html and 'data-user="rep"' in html and "Scope own" in html


def test_users_list_answers_htmx_with_the_table_only(org, web):
    page = web(org.admin).get(
        reverse("org:user-list"), {"q": "team"}, headers={"HX-Request": "true"}
    )
    html = page.content.decode()
    assert "<html" not in html and 'id="user-table"' in html
    assert 'data-user="teammate"' in html and 'data-user="rep"' not in html


def test_users_list_with_no_match_offers_to_clear_the_filters(org, web):
    html = web(org.admin).get(reverse("org:user-list"), {"q": "zzz"}).content.decode()
    assert "No user matches these filters" in html


def test_users_list_query_count_does_not_grow_with_users(org, web, django_assert_max_num_queries):
    client = web(org.admin)
    for i in range(15):
        make_user(
            f"extra{i}", unit=org.dept_a, manager=org.manager, roles=tuple(org.rep.roles.all())
        )
    with django_assert_max_num_queries(14):
        client.get(reverse("org:user-list"))


def test_create_user_through_the_form(org, web):
    role = Role.objects.get(name="Scope own")
    response = web(org.admin).post(
        reverse("org:user-create"),
        {"username": "jane", "email": "jane@example.com", "first_name": "Jane", "unit": org.team_a.pk,
         "manager": org.rep.pk, "roles": [role.pk], "language": "en", "time_zone": "Europe/London",
         "is_active": "on", "password": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    )  # fmt: skip
    jane = User.objects.get(username="jane")
    assert response.status_code == 302 and response["Location"] == reverse(
        "org:user-edit", args=[jane.pk]
    )
    assert (
        jane.manager == org.rep and jane.unit == org.team_a and jane.check_password(GOOD_PASSWORD)
    )


def test_duplicate_username_and_weak_password_show_at_their_fields(org, web):
    response = web(org.admin).post(
        reverse("org:user-create"),
        {"username": "REP", "email": "new@example.com", "language": "en", "time_zone": "UTC",
         "password": "12345678", "password2": "12345678"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        'data-field-error="username"' in html and "Another user already has this username" in html
    )
    assert 'data-field-error="password"' in html
    assert not User.objects.filter(email="new@example.com").exists()


def test_bad_time_zone_is_refused_at_the_field(org, web):
    response = web(org.admin).post(
        reverse("org:user-edit", args=[org.rep.pk]), user_post(org.rep, time_zone="Mars/Olympus")
    )
    assert 'data-field-error="time_zone"' in response.content.decode()
    assert User.objects.get(pk=org.rep.pk).time_zone == "UTC"


def test_edit_user_saves_and_redirects_with_a_toast(org, web):
    client = web(org.admin)
    response = client.post(
        reverse("org:user-edit", args=[org.rep.pk]), user_post(org.rep, title="Lead"), follow=True
    )
    assert User.objects.get(pk=org.rep.pk).title == "Lead"
    assert "are saved" in response.content.decode()


def test_stale_edit_shows_a_clear_message_and_keeps_the_newer_change(org, web):
    client = web(org.admin)
    seen = user_post(org.rep, title="Mine")
    services.update_user(
        actor=org.admin, user=org.rep, version=org.rep.version,
        data=services.UserInput.of(org.rep, title="Theirs"),
    )  # fmt: skip
    response = client.post(reverse("org:user-edit", args=[org.rep.pk]), seen)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this record" in html and 'data-testid="reload"' in html
    assert User.objects.get(pk=org.rep.pk).title == "Theirs"


def test_deactivate_and_reactivate_buttons(org, web):
    client = web(org.admin)
    client.post(reverse("org:user-deactivate", args=[org.rep.pk]))
    assert not User.objects.get(pk=org.rep.pk).is_active
    client.post(reverse("org:user-reactivate", args=[org.rep.pk]))
    assert User.objects.get(pk=org.rep.pk).is_active
    assert client.get(reverse("org:user-deactivate", args=[org.rep.pk])).status_code == 405


def test_deactivating_yourself_is_refused_with_a_message(org, web):
    response = web(org.admin).post(reverse("org:user-deactivate", args=[org.admin.pk]), follow=True)
    assert "You cannot deactivate yourself" in response.content.decode()
    assert User.objects.get(pk=org.admin.pk).is_active


def test_password_reset_form(org, web):
    client = web(org.admin)
    url = reverse("org:user-password", args=[org.rep.pk])
    bad = client.post(url, {"password": "short", "password2": "short"})
    assert 'data-field-error="password"' in bad.content.decode()
    good = client.post(url, {"password": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert good.status_code == 302 and User.objects.get(pk=org.rep.pk).check_password(GOOD_PASSWORD)


# --- units ---------------------------------------------------------------------------------


def test_units_page_shows_the_tree(org, web):
    html = web(org.admin).get(reverse("org:unit-list")).content.decode()
    assert (
        html.index('data-unit="Acme"')
        < html.index('data-unit="Branch A"')
        < html.index('data-unit="Team A1"')
    )
    assert 'data-depth="3"' in html


def test_units_page_empty_state_offers_the_company(db, client):
    """A fresh install: no `org` fixture, so no unit exists yet."""
    admin = make_user("solo", roles=(Role.objects.create(name="Root", is_admin=True),))
    client.force_login(admin)
    html = client.get(reverse("org:unit-list")).content.decode()
    assert "No units yet" in html and "?kind=company" in html


def test_create_child_unit_and_move_it(org, web):
    client = web(org.admin)
    assert client.get(reverse("org:unit-create"), {"parent": org.dept_a.pk}).status_code == 200
    client.post(
        reverse("org:unit-create"), {"name": "Team A2", "kind": "team", "parent": org.dept_a.pk}
    )
    unit = OrgUnit.objects.get(name="Team A2")
    assert unit.parent == org.dept_a
    client.post(
        reverse("org:unit-edit", args=[unit.pk]),
        {
            "name": "Team B1",
            "kind": "team",
            "parent": org.branch_b.pk,
            "seen_version": unit.version,
        },
    )
    unit.refresh_from_db()
    assert unit.name == "Team B1" and unit.path == f"{org.branch_b.path}{unit.pk}/"


def test_moving_a_unit_under_its_descendant_is_refused_at_the_field(org, web):
    response = web(org.admin).post(
        reverse("org:unit-edit", args=[org.branch_a.pk]),
        {"name": "Branch A", "kind": "branch", "parent": org.team_a.pk, "seen_version": 1},
    )
    assert 'data-field-error="parent"' in response.content.decode()
    assert OrgUnit.objects.get(pk=org.branch_a.pk).parent == org.company


def test_deleting_a_unit_with_members_shows_why(org, web):
    response = web(org.admin).post(reverse("org:unit-delete", args=[org.team_a.pk]), follow=True)
    assert "move them to another unit first" in response.content.decode()
    assert OrgUnit.objects.filter(pk=org.team_a.pk).exists()


# --- roles ---------------------------------------------------------------------------------


def test_role_grants_matrix_round_trip(org, web):
    client = web(org.admin)
    page = client.get(reverse("org:role-create")).content.decode()
    assert 'data-testid="grants-matrix"' in page and 'name="sales_scope"' in page
    client.post(
        reverse("org:role-create"),
        {"name": "Closer", "sales_scope": DataScope.UNIT_TREE, "sales_view": "on", "sales_edit": "on",
         "customers_scope": DataScope.OWN, "customers_view": "on"},
    )  # fmt: skip
    role = Role.objects.get(name="Closer")
    grants = {g.module: g for g in RoleGrant.objects.filter(role=role)}
    assert set(grants) == {Module.SALES, Module.CUSTOMERS}
    assert (
        grants["sales"].scope == "unit_tree"
        and grants["sales"].can_edit
        and not grants["sales"].can_delete
    )
    edit = client.get(reverse("org:role-edit", args=[role.pk])).content.decode()
    assert 'name="sales_edit" data-right="edit"' in edit or 'name="sales_edit"' in edit


def test_role_right_without_view_is_refused_in_its_row(org, web):
    response = web(org.admin).post(
        reverse("org:role-create"), {"name": "Odd", "sales_scope": "own", "sales_edit": "on"}
    )
    assert 'data-field-error="sales"' in response.content.decode()
    assert not Role.objects.filter(name="Odd").exists()


def test_deleting_a_role_in_use_says_how_many_hold_it(org, web):
    role = Role.objects.get(name="Scope own")
    response = web(org.admin).post(reverse("org:role-delete", args=[role.pk]), follow=True)
    assert "3 users hold this role" in response.content.decode()
    assert Role.objects.filter(pk=role.pk).exists()


# --- profile -------------------------------------------------------------------------------


def test_profile_saves_and_switches_the_language(org, web):
    client = web(org.nobody)
    response = client.post(
        reverse("org:profile"),
        {"first_name": "No", "last_name": "Body", "display_name": "", "email": "nobody@example.com",
         "language": "zh-hans", "time_zone": "Asia/Shanghai", "seen_version": org.nobody.version},
    )  # fmt: skip
    assert response.status_code == 302
    assert response.cookies["rapport_language"].value == "zh-hans"
    nobody = User.objects.get(pk=org.nobody.pk)
    assert (nobody.language, nobody.time_zone, nobody.first_name) == (
        "zh-hans",
        "Asia/Shanghai",
        "No",
    )
    assert AuditEntry.objects.filter(object_id=str(nobody.pk), action="update").exists()
    assert 'lang="zh-hans"' in client.get(reverse("org:profile")).content.decode()


def test_profile_refuses_a_taken_email_at_the_field(org, web):
    response = web(org.nobody).post(
        reverse("org:profile"),
        {
            "email": "REP@example.com",
            "language": "en",
            "time_zone": "UTC",
            "seen_version": org.nobody.version,
        },
    )
    assert 'data-field-error="email"' in response.content.decode()
