"""Org services: users, units, roles and the profile — their rules, refusals and audit rows."""

from __future__ import annotations

import pytest

from rapport.core.errors import DomainError, NotFound, PermissionDenied, StaleEdit, ValidationFailed
from rapport.core.models import AuditEntry, DataScope, Module
from rapport.customers.models import Account
from rapport.org import services
from rapport.org.models import OrgUnit, Role, RoleGrant, User
from rapport.org.services import GrantInput, UserInput
from tests.factories import PASSWORD, make_account, make_role, make_user

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "violet-orbit-harbour-42"


def audit_rows(obj, action):  # type: ignore[no-untyped-def]
    return AuditEntry.objects.filter(object_id=str(obj.pk), action=action)


def new_user(org, **changes):  # type: ignore[no-untyped-def]
    data = UserInput(username="jane", email="jane@example.com", first_name="Jane", unit=org.dept_a)
    for key, value in changes.items():
        data = UserInput(**{**data.__dict__, key: value})
    return services.create_user(actor=org.admin, data=data, password=GOOD_PASSWORD)


# --- create_user ---------------------------------------------------------------------------


def test_create_user_saves_fields_roles_password_and_audit(org):
    role = make_role("Helpers")
    user = new_user(org, manager=org.manager, roles=(role,), time_zone="Asia/Shanghai")
    user.refresh_from_db()
    assert user.unit == org.dept_a and user.manager == org.manager
    assert list(user.roles.all()) == [role]
    assert user.time_zone == "Asia/Shanghai"
    assert user.check_password(GOOD_PASSWORD)
    entry = audit_rows(user, "create").get()
    assert entry.actor == org.admin
    assert entry.changes["username"] == "jane" and entry.changes["roles"] == [role.pk]
    assert "password" not in entry.changes


@pytest.mark.parametrize("taken", ["ADMIN", "Admin", "admin"])
def test_duplicate_username_ignoring_case_is_refused_at_the_field(org, taken):
    with pytest.raises(ValidationFailed) as exc:
        new_user(org, username=taken)
    assert "username" in exc.value.errors
    assert not User.objects.filter(email="jane@example.com").exists()


def test_duplicate_email_ignoring_case_is_refused_at_the_field(org):
    with pytest.raises(ValidationFailed) as exc:
        new_user(org, email="REP@example.com")
    assert set(exc.value.errors) == {"email"}
    assert not User.objects.filter(username="jane").exists()


def test_username_equal_to_anothers_email_is_refused(org):
    """Login accepts either, so one name must not open two accounts."""
    with pytest.raises(ValidationFailed) as exc:
        new_user(org, username="rep@example.com", email="")
    assert "username" in exc.value.errors


def test_bad_inputs_are_reported_together(org):
    with pytest.raises(ValidationFailed) as exc:
        services.create_user(
            actor=org.admin,
            data=UserInput(
                username="bad name!", email="not-an-email", language="fr", time_zone="Mars/Base"
            ),
            password="123",
        )
    assert set(exc.value.errors) == {"username", "email", "language", "time_zone", "password"}
    assert not User.objects.filter(email="not-an-email").exists()


@pytest.mark.parametrize("weak", ["12345678", "password", "jane1", "janedoe@example.com"])
def test_weak_password_is_refused_by_djangos_validators(org, weak):
    with pytest.raises(ValidationFailed) as exc:
        services.create_user(
            actor=org.admin,
            data=UserInput(username="janedoe", email="janedoe@example.com"),
            password=weak,
        )
    assert "password" in exc.value.errors
    assert not User.objects.filter(username="janedoe").exists()


def test_creating_a_user_needs_the_settings_create_right(org, settings_editor):
    for actor in (org.nobody, org.viewer, settings_editor):
        with pytest.raises(PermissionDenied):
            services.create_user(actor=actor, data=UserInput(username="x1"), password=GOOD_PASSWORD)
    assert not User.objects.filter(username="x1").exists()


def test_only_an_administrator_grants_an_administrator_role(org):
    admin_role = Role.objects.get(name="Admin")
    with pytest.raises(ValidationFailed) as exc:
        services.create_user(
            actor=org.all,
            data=UserInput(username="sneaky", roles=(admin_role,)),
            password=GOOD_PASSWORD,
        )
    assert "roles" in exc.value.errors
    assert new_user(org, roles=(admin_role,)).roles.filter(is_admin=True).exists()


# --- update_user ---------------------------------------------------------------------------


def test_update_user_replaces_fields_and_roles_and_audits_the_diff(org):
    role = make_role("Extra")
    data = UserInput.of(org.rep, title="Lead", unit=org.team_a, roles=(role,))
    services.update_user(actor=org.admin, user=org.rep, version=org.rep.version, data=data)
    org.rep.refresh_from_db()
    assert org.rep.title == "Lead" and org.rep.unit == org.team_a and org.rep.version == 2
    assert list(org.rep.roles.all()) == [role]
    entry = audit_rows(org.rep, "update").get()
    assert entry.changes["title"] == ["", "Lead"]
    assert entry.changes["unit_id"] == [org.dept_a.pk, org.team_a.pk]
    assert "username" not in entry.changes


def test_stale_user_edit_is_refused_and_nothing_changes(org):
    version = org.rep.version
    services.update_user(
        actor=org.admin, user=org.rep, version=version, data=UserInput.of(org.rep, title="First")
    )
    with pytest.raises(StaleEdit):
        services.update_user(
            actor=org.admin,
            user=org.rep,
            version=version,
            data=UserInput.of(org.rep, title="Second"),
        )
    org.rep.refresh_from_db()
    assert org.rep.title == "First"


def test_manager_cycles_and_self_management_are_refused(org):
    # teammate reports to rep, who reports to manager
    for manager, user in ((org.teammate, org.manager), (org.rep, org.rep)):
        with pytest.raises(ValidationFailed) as exc:
            services.update_user(
                actor=org.admin,
                user=user,
                version=user.version,
                data=UserInput.of(user, manager=manager),
            )
        assert "manager" in exc.value.errors
    org.manager.refresh_from_db()
    assert org.manager.manager is None


def test_a_deactivated_manager_cannot_be_newly_chosen(org):
    services.deactivate_user(actor=org.admin, user=org.outsider)
    with pytest.raises(ValidationFailed) as exc:
        services.update_user(
            actor=org.admin, user=org.rep, version=org.rep.version,
            data=UserInput.of(org.rep, manager=User.objects.get(pk=org.outsider.pk)),
        )  # fmt: skip
    assert "manager" in exc.value.errors


def test_user_outside_the_settings_scope_does_not_exist_for_the_editor(org):
    """rep holds settings rights with the "own" scope: only their own row is theirs."""
    with pytest.raises(NotFound):
        services.update_user(
            actor=org.rep, user=org.teammate, version=1, data=UserInput.of(org.teammate, title="x")
        )
    services.update_user(
        actor=org.rep, user=org.rep, version=1, data=UserInput.of(org.rep, title="Me")
    )


def test_settings_viewer_cannot_edit_a_user(org, settings_viewer):
    with pytest.raises(PermissionDenied):
        services.update_user(
            actor=settings_viewer, user=org.rep, version=1, data=UserInput.of(org.rep, title="x")
        )
    org.rep.refresh_from_db()
    assert org.rep.title == ""


def test_a_non_administrator_cannot_change_an_administrator(org, settings_editor):
    with pytest.raises(PermissionDenied):
        services.set_user_password(actor=settings_editor, user=org.admin, password=GOOD_PASSWORD)
    with pytest.raises(PermissionDenied):
        services.deactivate_user(actor=settings_editor, user=org.admin)
    org.admin.refresh_from_db()
    assert org.admin.is_active and org.admin.check_password(PASSWORD)


# --- deactivate / reactivate / password ----------------------------------------------------


def test_deactivated_user_keeps_records_and_cannot_log_in(org, anonymous):
    account = make_account(org.rep, name="Kept Ltd")
    services.deactivate_user(actor=org.admin, user=org.rep)
    org.rep.refresh_from_db()
    assert not org.rep.is_active
    assert Account.objects.get(pk=account.pk).owner_id == org.rep.pk
    assert audit_rows(org.rep, "deactivate").get().changes == {"is_active": [True, False]}
    response = anonymous.post("/accounts/login/", {"username": "rep", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in anonymous.session


def test_reactivated_user_can_log_in_again(org, anonymous):
    services.deactivate_user(actor=org.admin, user=org.rep)
    services.reactivate_user(actor=org.admin, user=org.rep)
    assert audit_rows(org.rep, "reactivate").exists()
    response = anonymous.post("/accounts/login/", {"username": "rep", "password": PASSWORD})
    assert response.status_code == 302


def test_nobody_deactivates_themselves(org):
    with pytest.raises(DomainError) as exc:
        services.deactivate_user(actor=org.admin, user=org.admin)
    assert exc.value.code == "deactivate_self"
    with pytest.raises(DomainError):
        services.update_user(
            actor=org.admin, user=org.admin, version=org.admin.version,
            data=UserInput.of(org.admin, is_active=False),
        )  # fmt: skip
    org.admin.refresh_from_db()
    assert org.admin.is_active


def test_admin_password_reset_is_validated_and_audited_without_the_password(org):
    with pytest.raises(ValidationFailed) as exc:
        services.set_user_password(actor=org.admin, user=org.rep, password="short")
    assert "password" in exc.value.errors
    services.set_user_password(actor=org.admin, user=org.rep, password=GOOD_PASSWORD)
    org.rep.refresh_from_db()
    assert org.rep.check_password(GOOD_PASSWORD)
    assert audit_rows(org.rep, "password_reset").get().changes == {}


# --- profile -------------------------------------------------------------------------------


def profile(user, **changes):  # type: ignore[no-untyped-def]
    values = {
        "first_name": user.first_name, "last_name": user.last_name,
        "display_name": user.display_name, "email": user.email,
        "language": user.language, "time_zone": user.time_zone,
    }  # fmt: skip
    values.update(changes)
    return services.update_profile(
        actor=user, version=changes.pop("version", user.version), **values
    )


def test_anyone_updates_their_own_profile(org):
    """`nobody` holds no role at all."""
    profile(org.nobody, first_name="No", language="zh-hans", time_zone="Asia/Shanghai")
    org.nobody.refresh_from_db()
    assert (org.nobody.first_name, org.nobody.language, org.nobody.time_zone) == (
        "No", "zh-hans", "Asia/Shanghai",
    )  # fmt: skip
    assert audit_rows(org.nobody, "update").get().changes["language"] == ["en", "zh-hans"]


def test_profile_refuses_bad_time_zone_language_and_taken_email(org):
    with pytest.raises(ValidationFailed) as exc:
        profile(org.nobody, time_zone="Europe/Atlantis", language="xx", email="Rep@Example.com")
    assert set(exc.value.errors) == {"time_zone", "language", "email"}
    org.nobody.refresh_from_db()
    assert org.nobody.time_zone == "UTC"


def test_stale_profile_edit_is_refused(org):
    old = org.nobody.version
    profile(org.nobody, first_name="One")
    with pytest.raises(StaleEdit):
        services.update_profile(
            actor=org.nobody, version=old, first_name="Two", last_name="", display_name="",
            email=org.nobody.email, language="en", time_zone="UTC",
        )  # fmt: skip


# --- units ---------------------------------------------------------------------------------


def test_create_unit_sets_path_and_depth_and_audits(org):
    unit = services.create_unit(actor=org.admin, name="Team A2", kind="team", parent=org.dept_a)
    assert unit.path == f"{org.dept_a.path}{unit.pk}/" and unit.depth == 3
    assert audit_rows(unit, "create").get().actor == org.admin


def test_sibling_units_need_distinct_names(org):
    with pytest.raises(ValidationFailed) as exc:
        services.create_unit(actor=org.admin, name="team a1", kind="team", parent=org.dept_a)
    assert "name" in exc.value.errors
    services.create_unit(actor=org.admin, name="Team A1", kind="team", parent=org.branch_b)


def test_creating_a_unit_needs_the_create_right(org, settings_viewer):
    with pytest.raises(PermissionDenied):
        services.create_unit(actor=settings_viewer, name="X", kind="team", parent=None)
    with pytest.raises(PermissionDenied):
        services.create_unit(actor=org.nobody, name="X", kind="team", parent=None)


def test_moving_a_unit_rewrites_its_whole_subtree(org):
    deep = services.create_unit(actor=org.admin, name="Deep", kind="team", parent=org.team_a)
    services.move_unit(
        actor=org.admin, unit=org.dept_a, version=org.dept_a.version, parent=org.branch_b
    )
    for unit in (org.dept_a, org.team_a, deep):
        unit.refresh_from_db()
    assert org.dept_a.path == f"{org.branch_b.path}{org.dept_a.pk}/" and org.dept_a.depth == 2
    assert org.team_a.path == f"{org.dept_a.path}{org.team_a.pk}/" and org.team_a.depth == 3
    assert deep.path == f"{org.team_a.path}{deep.pk}/" and deep.depth == 4
    assert audit_rows(org.dept_a, "update").get().changes["parent_id"] == [
        org.branch_a.pk, org.branch_b.pk,
    ]  # fmt: skip
    # scopes follow the tree: branch_a's manager no longer sees the moved department's rep
    assert org.rep.pk not in User.objects.get(pk=org.tree.pk).visible_owner_ids("customers")
    assert OrgUnit.objects.filter(path__startswith=org.branch_b.path).count() == 4


def test_moving_a_unit_under_itself_or_a_descendant_is_refused(org):
    for parent in (org.branch_a, org.dept_a, org.team_a):
        with pytest.raises(ValidationFailed) as exc:
            services.move_unit(actor=org.admin, unit=org.branch_a, version=1, parent=parent)
        assert "parent" in exc.value.errors
    org.branch_a.refresh_from_db()
    assert org.branch_a.parent == org.company and org.branch_a.depth == 1


def test_stale_unit_edit_is_refused(org):
    services.update_unit(
        actor=org.admin, unit=org.team_a, version=1, name="A", kind="team", parent=org.dept_a
    )
    with pytest.raises(StaleEdit):
        services.update_unit(
            actor=org.admin, unit=org.team_a, version=1, name="B", kind="team", parent=org.dept_a
        )
    org.team_a.refresh_from_db()
    assert org.team_a.name == "A"


def test_unit_with_members_or_sub_units_is_not_deleted(org):
    with pytest.raises(DomainError) as exc:
        services.delete_unit(actor=org.admin, unit=org.team_a)  # teammate is a member
    assert exc.value.code == "unit_has_members" and "1 user" in exc.value.message
    empty_parent = services.create_unit(
        actor=org.admin, name="Empty", kind="department", parent=None
    )
    services.create_unit(actor=org.admin, name="Child", kind="team", parent=empty_parent)
    with pytest.raises(DomainError) as exc:
        services.delete_unit(actor=org.admin, unit=empty_parent)
    assert exc.value.code == "unit_has_children"
    assert OrgUnit.objects.filter(pk__in=[org.team_a.pk, empty_parent.pk]).count() == 2


def test_deactivated_members_still_keep_a_unit(org):
    services.deactivate_user(actor=org.admin, user=org.teammate)
    with pytest.raises(DomainError):
        services.delete_unit(actor=org.admin, unit=org.team_a)


def test_empty_unit_is_deleted_with_an_audit_row(org, settings_editor):
    unit = services.create_unit(actor=org.admin, name="Temp", kind="team", parent=org.branch_b)
    with pytest.raises(PermissionDenied):
        services.delete_unit(actor=settings_editor, unit=unit)
    services.delete_unit(actor=org.admin, unit=unit)
    assert not OrgUnit.objects.filter(pk=unit.pk).exists()
    assert audit_rows(unit, "delete").get().changes["name"] == "Temp"


# --- roles ---------------------------------------------------------------------------------


def sales_grants(scope=DataScope.UNIT, rights=("view", "create")):  # type: ignore[no-untyped-def]
    return {Module.SALES: GrantInput(scope, frozenset(rights))}


def test_create_role_writes_one_grant_per_module_with_rights(org):
    grants = {**sales_grants(), Module.SERVICE: GrantInput(DataScope.ALL, frozenset())}
    role = services.create_role(actor=org.admin, name="Sales helper", grants=grants)
    grant = RoleGrant.objects.get(role=role)
    assert (grant.module, grant.scope, grant.can_view, grant.can_create, grant.can_edit) == (
        "sales", "unit", True, True, False,
    )  # fmt: skip
    assert audit_rows(role, "create").get().changes["grants"] == {
        "sales": {"scope": "unit", "rights": ["view", "create"]}
    }


def test_update_role_replaces_grants_and_the_holders_rights_follow(org):
    role = services.create_role(actor=org.admin, name="Flex", grants=sales_grants())
    holder = make_user("holder", unit=org.dept_a, roles=(role,))
    assert holder.has_right("sales", "create")
    services.update_role(
        actor=org.admin, role=role, version=role.version, name="Flex", description="",
        is_admin=False, grants={Module.SERVICE: GrantInput(DataScope.ALL, frozenset({"view"}))},
    )  # fmt: skip
    holder = User.objects.get(pk=holder.pk)
    assert not holder.has_right("sales", "view") and holder.has_right("service", "view")
    assert "grants" in audit_rows(role, "update").get().changes


def test_rights_without_view_and_unknown_scopes_are_refused(org):
    with pytest.raises(ValidationFailed) as exc:
        services.create_role(actor=org.admin, name="Odd", grants=sales_grants(rights=("edit",)))
    assert "sales_view" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        services.create_role(actor=org.admin, name="Odd", grants=sales_grants(scope="galaxy"))
    assert "sales_scope" in exc.value.errors
    assert not Role.objects.filter(name="Odd").exists()


def test_role_names_are_unique_ignoring_case(org):
    with pytest.raises(ValidationFailed) as exc:
        services.create_role(actor=org.admin, name="viewer")
    assert "name" in exc.value.errors


def test_stale_role_edit_is_refused(org):
    role = services.create_role(actor=org.admin, name="R1")
    services.update_role(
        actor=org.admin, role=role, version=1, name="R2", description="", is_admin=False, grants={}
    )
    with pytest.raises(StaleEdit):
        services.update_role(
            actor=org.admin,
            role=role,
            version=1,
            name="R3",
            description="",
            is_admin=False,
            grants={},
        )
    assert Role.objects.get(pk=role.pk).name == "R2"


def test_only_an_administrator_manages_administrator_roles(org):
    """org.all has every settings right but is not an administrator."""
    with pytest.raises(PermissionDenied):
        services.create_role(actor=org.all, name="Root", is_admin=True)
    plain = services.create_role(actor=org.all, name="Plain")
    with pytest.raises(PermissionDenied):
        services.update_role(
            actor=org.all,
            role=plain,
            version=1,
            name="Plain",
            description="",
            is_admin=True,
            grants={},
        )
    assert not Role.objects.get(pk=plain.pk).is_admin


def test_role_held_by_users_is_not_deleted_and_says_how_many(org):
    role = Role.objects.get(name="Scope own")  # rep, teammate, outsider
    with pytest.raises(DomainError) as exc:
        services.delete_role(actor=org.admin, role=role)
    assert exc.value.code == "role_in_use" and "3 users" in exc.value.message
    assert Role.objects.filter(pk=role.pk).exists()


def test_unheld_role_is_deleted_with_its_grants_and_an_audit_row(org, settings_editor):
    role = services.create_role(actor=org.admin, name="Temp", grants=sales_grants())
    with pytest.raises(PermissionDenied):
        services.delete_role(actor=settings_editor, role=role)
    services.delete_role(actor=org.admin, role=role)
    assert not Role.objects.filter(pk=role.pk).exists()
    assert not RoleGrant.objects.filter(role_id=role.pk).exists()
    assert audit_rows(role, "delete").get().changes["name"] == "Temp"
