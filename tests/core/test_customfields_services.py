"""Managing custom-field definitions: rules, permissions, audit, ordering."""

from __future__ import annotations

import pytest

from rapport.core.audit import history_for
from rapport.core.customfields import services
from rapport.core.errors import PermissionDenied, StaleEdit, ValidationFailed
from rapport.core.models import AuditEntry, CustomField
from tests.factories import make_account, make_role, make_user

T = CustomField.Type
pytestmark = pytest.mark.django_db


def create(actor, **kw):  # type: ignore[no-untyped-def]
    data = {"entity": "account", "key": "budget", "label": "Budget", "type": T.MONEY, **kw}
    return services.create_field(actor=actor, **data)


def refused(func, **kw) -> dict[str, str]:  # type: ignore[no-untyped-def]
    before = CustomField.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationFailed) as info:
        func(**kw)
    assert (CustomField.objects.count(), AuditEntry.objects.count()) == before
    return info.value.errors


def test_an_administrator_creates_a_field_placed_last_and_audited(org) -> None:  # type: ignore[no-untyped-def]
    first = create(org.admin, key="a", label="A", type=T.TEXT)
    second = create(org.admin, default="100 USD", help_text="  Yearly  ")
    assert (first.position, second.position) == (1, 2)
    assert second.default == {"amount": "100.00", "currency": "USD"}
    assert second.help_text == "Yearly"
    entry = history_for(second).get(action="create")
    assert entry.actor == org.admin
    assert entry.changes["key"] == "budget"


def test_a_user_without_the_settings_edit_right_cannot_manage_fields(org) -> None:  # type: ignore[no-untyped-def]
    reader = make_user(
        "reader", roles=(make_role("Settings reader", modules=("settings",), rights=("view",)),)
    )
    field = create(org.admin)
    for actor in (reader, org.viewer, org.nobody):
        with pytest.raises(PermissionDenied):
            create(actor, key="other", label="Other")
        with pytest.raises(PermissionDenied):
            services.update_field(actor=actor, field=field, version=field.version, label="X")
        with pytest.raises(PermissionDenied):
            services.set_field_active(actor=actor, field=field, active=False)
        with pytest.raises(PermissionDenied):
            services.reorder_fields(actor=actor, entity="account", ids=[field.pk])
    field.refresh_from_db()
    assert (field.label, field.active, CustomField.objects.count()) == ("Budget", True, 1)


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("", "Give the field a key"),
        ("Budget", "lower-case letters"),
        ("2fast", "lower-case letters"),
        ("a__b", "lower-case letters"),
        ("trailing_", "lower-case letters"),
        ("has-dash", "lower-case letters"),
        ("gte", "reserved"),
        ("x" * 51, "at most 50"),
    ],
)
def test_a_bad_key_is_refused(org, key: str, words: str) -> None:  # type: ignore[no-untyped-def]
    errors = refused(create, actor=org.admin, key=key)
    assert words in errors["key"]


def test_keys_are_unique_per_entity_even_among_deactivated_fields(org) -> None:  # type: ignore[no-untyped-def]
    field = create(org.admin)
    services.set_field_active(actor=org.admin, field=field, active=False)
    errors = refused(create, actor=org.admin, label="Budget 2")
    assert "already has a field with the key" in errors["key"]
    assert create(org.admin, entity="user", label="Budget").entity == "user"


def test_labels_are_unique_among_active_fields_of_an_entity(org) -> None:  # type: ignore[no-untyped-def]
    create(org.admin)
    errors = refused(create, actor=org.admin, key="budget2", label="  budget ")
    assert "already labelled" in errors["label"]


def test_choice_types_need_valid_choices(org) -> None:  # type: ignore[no-untyped-def]
    errors = refused(create, actor=org.admin, key="level", label="Level", type=T.CHOICE)
    assert "at least one choice" in errors["choices"]
    errors = refused(
        create, actor=org.admin, key="level", label="Level", type=T.CHOICE, choices="a\nA"
    )
    assert "listed twice" in errors["choices"]
    errors = refused(
        create, actor=org.admin, key="level", label="Level", type=T.MULTI_CHOICE, choices="a,b"
    )
    assert "comma" in errors["choices"]
    field = create(
        org.admin,
        key="level",
        label="Level",
        type=T.CHOICE,
        choices="gold | Gold customer\nSilver\n\n",
        default="Gold customer",
    )
    assert field.choices == [
        {"value": "gold", "label": "Gold customer"},
        {"value": "Silver", "label": "Silver"},
    ]
    assert field.default == "gold"


def test_choices_are_dropped_for_other_types(org) -> None:  # type: ignore[no-untyped-def]
    assert create(org.admin, type=T.TEXT, choices="a\nb").choices == []


@pytest.mark.parametrize(
    ("type", "default", "words"),
    [
        (T.NUMBER, "many", "Enter a number"),
        (T.DATE, "2026-13-01", "real date"),
        (T.BOOLEAN, "perhaps", "yes or no"),
        (T.EMAIL, "nobody", "email address"),
        (T.MONEY, "5 ZZZ", "not a currency"),
        (T.USER, "99999", "active user"),
    ],
)
def test_a_default_must_be_valid_for_the_type(org, type: str, default: str, words: str) -> None:  # type: ignore[no-untyped-def]
    errors = refused(create, actor=org.admin, type=type, default=default)
    assert words in errors["default"]


def test_unique_is_only_for_identifying_types_and_excludes_a_default(org) -> None:  # type: ignore[no-untyped-def]
    errors = refused(create, actor=org.admin, type=T.BOOLEAN, unique=True)
    assert "can be unique" in errors["unique"]
    errors = refused(create, actor=org.admin, type=T.TEXT, unique=True, default="x")
    assert "cannot have a default" in errors["default"]
    assert create(org.admin, type=T.TEXT, unique=True).unique


def test_unique_cannot_be_switched_on_while_records_share_a_value(org) -> None:  # type: ignore[no-untyped-def]
    field = create(org.admin, key="code", label="Code", type=T.TEXT)
    make_account(org.rep, custom={"code": "X1"})
    make_account(org.rep, custom={"code": "X1"})
    make_account(org.rep, custom={})
    errors = refused(
        services.update_field,
        actor=org.admin, field=field, version=field.version, label="Code", unique=True,
    )  # fmt: skip
    assert "already share a value" in errors["unique"]


def test_editing_changes_rules_but_never_the_key_or_type(org) -> None:  # type: ignore[no-untyped-def]
    field = create(org.admin, key="level", label="Level", type=T.CHOICE, choices="a\nb")
    updated = services.update_field(
        actor=org.admin, field=field, version=field.version, label="Tier", required=True,
        choices="a\nb\nc", default="c", help_text="Pick one",
    )  # fmt: skip
    assert (updated.key, updated.type, updated.label, updated.version) == (
        "level",
        T.CHOICE,
        "Tier",
        2,
    )
    assert [c["value"] for c in updated.choices] == ["a", "b", "c"]
    entry = history_for(field).get(action="update")
    assert entry.changes["label"] == ["Level", "Tier"]
    assert entry.changes["required"] == [False, True]


def test_a_stale_edit_is_refused(org) -> None:  # type: ignore[no-untyped-def]
    field = create(org.admin)
    services.update_field(actor=org.admin, field=field, version=1, label="Budget (yearly)")
    with pytest.raises(StaleEdit):
        services.update_field(actor=org.admin, field=field, version=1, label="Budget!")
    field.refresh_from_db()
    assert field.label == "Budget (yearly)"


def test_deactivating_keeps_values_and_reactivating_brings_them_back(org) -> None:  # type: ignore[no-untyped-def]
    from rapport.core import customfields as cf

    field = create(org.admin, key="code", label="Code", type=T.TEXT)
    account = make_account(org.rep, custom={"code": "X1"})
    services.set_field_active(actor=org.admin, field=field, active=False)
    assert cf.fields_for("account") == []
    assert cf.clean_values("account", {}, account.pk, existing=account.custom) == {"code": "X1"}
    services.set_field_active(actor=org.admin, field=field, active=True)
    assert cf.api_values("account", account.custom) == {"code": "X1"}
    actions = list(history_for(field).order_by("id").values_list("action", flat=True))
    assert actions == ["create", "deactivate", "reactivate"]


def test_reactivating_is_refused_when_another_active_field_took_the_label(org) -> None:  # type: ignore[no-untyped-def]
    old = create(org.admin)
    services.set_field_active(actor=org.admin, field=old, active=False)
    create(org.admin, key="budget2")
    with pytest.raises(Exception, match="rename one of them"):
        services.set_field_active(actor=org.admin, field=old, active=True)


def test_reordering_follows_the_dragged_order_and_is_audited(org) -> None:  # type: ignore[no-untyped-def]
    a = create(org.admin, key="a", label="A", type=T.TEXT)
    b = create(org.admin, key="b", label="B", type=T.TEXT)
    c = create(org.admin, key="c", label="C", type=T.TEXT)
    services.reorder_fields(actor=org.admin, entity="account", ids=[str(c.pk), str(a.pk)])
    from rapport.core import customfields as cf

    assert [f.key for f in cf.fields_for("account")] == ["c", "a", "b"]
    entry = AuditEntry.objects.get(action="reorder")
    assert entry.changes["order"] == [["a", "b", "c"], ["c", "a", "b"]]
    assert b.pk


def test_reordering_with_foreign_or_repeated_ids_is_refused(org) -> None:  # type: ignore[no-untyped-def]
    a = create(org.admin, key="a", label="A", type=T.TEXT)
    other = create(org.admin, entity="user", key="x", label="X", type=T.TEXT)
    for ids in ([other.pk], [a.pk, a.pk], ["nope"]):
        with pytest.raises(ValidationFailed):
            services.reorder_fields(actor=org.admin, entity="account", ids=ids)
    with pytest.raises(ValidationFailed):
        services.reorder_fields(actor=org.admin, entity="spaceship", ids=[])
