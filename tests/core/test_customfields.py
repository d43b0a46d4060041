"""Custom-field values: validation by type, required/unique/default, forms, filters, sort, output."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
from django import forms
from django.utils import formats, timezone, translation

from rapport.core import customfields as cf
from rapport.core.errors import ValidationFailed
from rapport.core.models import CustomField
from rapport.customers.models import Account
from tests.factories import make_account

T = CustomField.Type
pytestmark = pytest.mark.django_db

CHOICES = [
    {"value": "gold", "label": "Gold"},
    {"value": "silver", "label": "Silver"},
    {"value": "bronze", "label": "Bronze"},
]


def field(key: str, type: str, **extra: object) -> CustomField:
    return CustomField.objects.create(
        entity="account", key=key, label=key.replace("_", " ").title(), type=type, **extra
    )


def errors_of(data: dict, instance_pk: object = None, **kw: object) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as info:
        cf.clean_values("account", data, instance_pk, **kw)
    return info.value.errors


# --- validation by type ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type", "raw", "stored"),
    [
        (T.TEXT, "  Acme Ltd  ", "Acme Ltd"),
        (T.LONG_TEXT, "line one\nline two", "line one\nline two"),
        (T.NUMBER, "1,234", 1234),
        (T.NUMBER, "12.50", 12.5),
        (T.NUMBER, decimal.Decimal("-0.125"), -0.125),
        (T.NUMBER, 7, 7),
        (T.MONEY, "1234.5 USD", {"amount": "1234.50", "currency": "USD"}),
        (T.MONEY, "CNY 99", {"amount": "99.00", "currency": "CNY"}),
        (T.MONEY, {"amount": "10.125", "currency": "eur"}, {"amount": "10.125", "currency": "EUR"}),
        (T.MONEY, (decimal.Decimal("5"), "GBP"), {"amount": "5.00", "currency": "GBP"}),
        (T.MONEY, "42", {"amount": "42.00", "currency": "CNY"}),
        (T.DATE, "2026-11-25", "2026-11-25"),
        (T.DATE, dt.date(2026, 1, 2), "2026-01-02"),
        (T.DATETIME, "2026-11-25T09:30:00+08:00", "2026-11-25T01:30:00Z"),
        (T.DATETIME, "2026-11-25 09:30", "2026-11-25T09:30:00Z"),
        (T.DATETIME, dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC), "2026-03-01T08:00:00Z"),
        (T.BOOLEAN, "yes", True),
        (T.BOOLEAN, False, False),
        (T.BOOLEAN, "0", False),
        (T.URL, "example.com/about", "https://example.com/about"),
        (T.URL, "http://example.com", "http://example.com"),
        (T.EMAIL, "Ann@Example.COM", "Ann@example.com"),
        (T.PHONE, "+86 21  5555 0101", "+86 21 5555 0101"),
        (T.PHONE, "(021) 5555-0101 ext 12", "(021) 5555-0101 ext 12"),
    ],
)
def test_a_valid_value_is_stored_in_its_plain_form(type: str, raw: object, stored: object) -> None:
    field("f", type)
    assert cf.clean_values("account", {"cf_f": raw}) == {"f": stored}


@pytest.mark.parametrize(
    ("type", "raw", "words"),
    [
        (T.TEXT, "x" * 256, "at most 255"),
        (T.TEXT, ["a"], "Enter text"),
        (T.LONG_TEXT, "x" * 10_001, "at most 10000"),
        (T.NUMBER, "twelve", "Enter a number"),
        (T.NUMBER, "1e400", "at most 15 digits"),
        (T.NUMBER, "NaN", "Enter a number"),
        (T.NUMBER, True, "Enter a number"),
        (T.NUMBER, "1234567890123456", "at most 15 digits"),
        (T.MONEY, "12.50 XXX", "not a currency"),
        (T.MONEY, "ten dollars", "amount"),
        (T.MONEY, "1.12345", "decimal places"),
        (T.MONEY, {"currency": "CNY", "amount": "abc"}, "amount as a number"),
        (T.DATE, "2026-02-30", "real date"),
        (T.DATE, "25/11/2026", "YYYY-MM-DD"),
        (T.DATE, dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "without a time"),
        (T.DATETIME, "tomorrow", "YYYY-MM-DD HH:MM"),
        (T.BOOLEAN, "maybe", "yes or no"),
        (T.URL, "ftp://example.com", "web address"),
        (T.URL, "not a url", "web address"),
        (T.EMAIL, "ann@", "email address"),
        (T.PHONE, "call me", "phone number"),
        (T.PHONE, "12", "phone number"),
    ],
)
def test_a_bad_value_is_refused_naming_the_field(type: str, raw: object, words: str) -> None:
    field("f", type)
    errors = errors_of({"cf_f": raw})
    assert list(errors) == ["cf_f"]
    assert words in errors["cf_f"]
    assert errors["cf_f"].startswith("F: ")


def test_a_choice_must_be_one_of_the_choices_and_may_be_given_by_label() -> None:
    field("level", T.CHOICE, choices=CHOICES)
    assert cf.clean_values("account", {"level": "gold"}) == {"level": "gold"}
    assert cf.clean_values("account", {"level": "silver"}) == {"level": "silver"}
    assert cf.clean_values("account", {"level": "Bronze"}) == {"level": "bronze"}
    errors = errors_of({"level": "platinum"})
    assert "not one of the choices: Gold, Silver, Bronze" in errors["cf_level"]


def test_multi_choice_keeps_the_defined_order_and_refuses_an_unknown_value() -> None:
    field("regions", T.MULTI_CHOICE, choices=CHOICES)
    cleaned = cf.clean_values("account", {"cf_regions": ["bronze", "gold", "gold"]})
    assert cleaned == {"regions": ["gold", "bronze"]}
    assert cf.clean_values("account", {"cf_regions": "silver, Gold"}) == {
        "regions": ["gold", "silver"]
    }
    assert cf.clean_values("account", {"cf_regions": []}) == {}
    assert "platinum" in errors_of({"cf_regions": ["gold", "platinum"]})["cf_regions"]


def test_a_user_field_takes_an_active_user_only(org) -> None:  # type: ignore[no-untyped-def]
    field("buddy", T.USER)
    assert cf.clean_values("account", {"cf_buddy": str(org.rep.pk)}) == {"buddy": org.rep.pk}
    assert cf.clean_values("account", {"cf_buddy": org.rep}) == {"buddy": org.rep.pk}
    org.rep.is_active = False
    org.rep.save()
    assert "active user" in errors_of({"cf_buddy": org.rep.pk})["cf_buddy"]
    assert "active user" in errors_of({"cf_buddy": "99999"})["cf_buddy"]
    assert "active user" in errors_of({"cf_buddy": "rep"})["cf_buddy"]


def test_a_deactivated_user_already_on_the_record_may_stay(org) -> None:  # type: ignore[no-untyped-def]
    field("buddy", T.USER)
    account = make_account(org.rep, custom={"buddy": org.rep.pk})
    org.rep.is_active = False
    org.rep.save()
    cleaned = cf.clean_values(
        "account", {"cf_buddy": org.rep.pk}, account.pk, existing=account.custom
    )
    assert cleaned == {"buddy": org.rep.pk}


# --- required, default, unique -----------------------------------------------------------


def test_a_required_field_left_empty_is_refused() -> None:
    field("size", T.NUMBER, required=True)
    field("flag", T.BOOLEAN, required=True)
    for empty in (None, "", "   "):
        errors = errors_of({"cf_size": empty, "cf_flag": empty})
        assert errors == {"cf_size": "Size is required.", "cf_flag": "Flag is required."}
    # "no" is an answer, not an empty value
    assert cf.clean_values("account", {"cf_size": "1", "cf_flag": "no"}) == {
        "size": 1,
        "flag": False,
    }


def test_every_bad_field_is_named_at_once() -> None:
    field("size", T.NUMBER, required=True)
    field("site", T.URL)
    field("born", T.DATE)
    errors = errors_of({"cf_site": "nope", "cf_born": "yesterday"})
    assert set(errors) == {"cf_size", "cf_site", "cf_born"}


def test_the_default_is_applied_on_create_only_when_the_key_is_absent() -> None:
    field("level", T.CHOICE, choices=CHOICES, default="silver")
    field("budget", T.MONEY, default={"amount": "100.00", "currency": "USD"})
    assert cf.clean_values("account", {}) == {
        "level": "silver",
        "budget": {"amount": "100.00", "currency": "USD"},
    }
    # given empty on purpose: no default
    assert cf.clean_values("account", {"cf_level": "", "cf_budget": None}) == {}


def test_the_default_is_not_applied_on_update(org) -> None:  # type: ignore[no-untyped-def]
    account = make_account(org.rep)
    field("level", T.CHOICE, choices=CHOICES, default="silver")
    assert cf.clean_values("account", {}, account.pk, existing={}) == {}


def test_a_unique_value_held_by_another_record_is_refused(org) -> None:  # type: ignore[no-untyped-def]
    field("code", T.TEXT, unique=True)
    field("mail", T.EMAIL, unique=True)
    field("number", T.NUMBER, unique=True)
    first = make_account(org.rep, custom={"code": "ACME-1", "mail": "a@x.com", "number": 12})
    errors = errors_of({"cf_code": "acme-1", "cf_mail": "A@X.com", "cf_number": "12.0"})
    assert set(errors) == {"cf_code", "cf_mail", "cf_number"}
    assert "Another record already has Code “acme-1”" in errors["cf_code"]
    # the record itself may keep its values
    same = cf.clean_values(
        "account",
        {"cf_code": "ACME-1", "cf_mail": "a@x.com", "cf_number": 12},
        first.pk,
        existing=first.custom,
    )
    assert same == {"code": "ACME-1", "mail": "a@x.com", "number": 12}
    assert cf.clean_values("account", {"cf_code": "ACME-2"})["code"] == "ACME-2"


def test_values_of_deactivated_fields_are_kept(org) -> None:  # type: ignore[no-untyped-def]
    field("old", T.TEXT, active=False)
    field("new", T.TEXT)
    existing = {"old": "keep me", "new": "x", "gone": 5}
    cleaned = cf.clean_values("account", {"cf_new": "y"}, 1, existing=existing)
    assert cleaned == {"old": "keep me", "gone": 5, "new": "y"}


def test_a_partial_update_keeps_absent_keys_and_clears_given_empty_ones() -> None:
    field("a", T.TEXT)
    field("b", T.TEXT)
    field("c", T.TEXT)
    cleaned = cf.clean_values(
        "account", {"b": "new", "c": ""}, 1, existing={"a": "1", "b": "2", "c": "3"}, partial=True
    )
    assert cleaned == {"a": "1", "b": "new"}


def test_strict_mode_refuses_keys_that_name_no_field() -> None:
    field("a", T.TEXT)
    field("old", T.TEXT, active=False)
    errors = errors_of({"a": "x", "bogus": "y", "cf_old": "z"}, strict=True)
    assert set(errors) == {"cf_bogus", "cf_old"}


def test_an_unknown_entity_is_refused() -> None:
    with pytest.raises(Exception, match="Unknown entity"):
        cf.clean_values("spaceship", {})


# --- forms -------------------------------------------------------------------------------


def _form(entity: str, data: dict | None = None, instance: object = None) -> forms.Form:
    form = forms.Form(data)
    form.fields.update(cf.form_fields(entity, instance=instance))
    return form


def test_form_fields_are_keyed_cf_and_start_from_the_defaults() -> None:
    field("level", T.CHOICE, choices=CHOICES, default="gold", required=True)
    field("budget", T.MONEY, default={"amount": "5.00", "currency": "USD"})
    field("flag", T.BOOLEAN, default=True)
    fields = cf.form_fields("account")
    assert list(fields) == ["cf_level", "cf_budget", "cf_flag"]
    assert fields["cf_level"].initial == "gold"
    assert fields["cf_level"].required is True
    assert fields["cf_budget"].initial == [decimal.Decimal("5.00"), "USD"]
    assert fields["cf_flag"].initial == "true"
    html = str(_form("account")["cf_budget"])
    assert 'class="input-group cf-money"' in html
    assert 'name="cf_budget_1"' in html


def test_form_fields_show_the_records_values(org) -> None:  # type: ignore[no-untyped-def]
    field("seen", T.DATETIME)
    field("tags", T.MULTI_CHOICE, choices=CHOICES)
    field("buddy", T.USER)
    account = make_account(
        org.rep, custom={"seen": "2026-11-25T01:30:00Z", "tags": ["gold"], "buddy": org.rep.pk}
    )
    with timezone.override("Asia/Shanghai"):
        fields = cf.form_fields("account", instance=account)
        assert fields["cf_seen"].initial == dt.datetime(2026, 11, 25, 9, 30)
    assert fields["cf_tags"].initial == ["gold"]
    assert fields["cf_buddy"].initial == org.rep.pk
    assert (org.rep.pk, str(org.rep)) in fields["cf_buddy"].choices


def test_what_the_form_cleans_passes_clean_values(org) -> None:  # type: ignore[no-untyped-def]
    field("budget", T.MONEY)
    field("seen", T.DATETIME)
    field("flag", T.BOOLEAN)
    field("size", T.NUMBER)
    field("tags", T.MULTI_CHOICE, choices=CHOICES)
    field("buddy", T.USER)
    data = {
        "cf_budget_0": "12.5",
        "cf_budget_1": "EUR",
        "cf_seen": "2026-11-25T09:30",
        "cf_flag": "false",
        "cf_size": "3",
        "cf_tags": ["silver", "gold"],
        "cf_buddy": str(org.manager.pk),
    }
    form = _form("account", data)
    with timezone.override("Asia/Shanghai"):
        assert form.is_valid(), form.errors
        cleaned = cf.clean_values("account", form.cleaned_data)
    assert cleaned == {
        "budget": {"amount": "12.50", "currency": "EUR"},
        "seen": "2026-11-25T01:30:00Z",
        "flag": False,
        "size": 3,
        "tags": ["gold", "silver"],
        "buddy": org.manager.pk,
    }
    empty = _form("account", {"cf_budget_0": "", "cf_budget_1": "EUR", "cf_flag": ""})
    assert empty.is_valid(), empty.errors
    assert cf.clean_values("account", empty.cleaned_data) == {}


# --- filters and sort --------------------------------------------------------------------


@pytest.fixture
def rows(org):  # type: ignore[no-untyped-def]
    field("code", T.TEXT)
    field("size", T.NUMBER)
    field("budget", T.MONEY)
    field("signed", T.DATE)
    field("seen", T.DATETIME)
    field("level", T.CHOICE, choices=CHOICES)
    field("regions", T.MULTI_CHOICE, choices=CHOICES)
    field("vip", T.BOOLEAN)
    field("buddy", T.USER)
    data = {
        "a": {
            "code": "Alpha-One",
            "size": 2,
            "budget": {"amount": "900.00", "currency": "CNY"},
            "signed": "2026-01-15",
            "seen": "2026-11-25T01:30:00Z",
            "level": "gold",
            "regions": ["gold", "silver"],
            "vip": True,
            "buddy": org.rep.pk,
        },
        "b": {
            "code": "beta",
            "size": 10,
            "budget": {"amount": "10000.00", "currency": "USD"},
            "signed": "2026-06-01",
            "seen": "2026-11-25T20:00:00Z",
            "level": "silver",
            "regions": ["silver"],
            "vip": False,
            "buddy": org.manager.pk,
        },
        "c": {"code": "gamma", "size": 2.5, "level": "bronze"},
        "d": {},
    }
    return {name: make_account(org.rep, name=name, custom=custom) for name, custom in data.items()}


def names(params: dict[str, str], **kw: object) -> list[str]:
    qs = cf.filter_queryset(Account.objects.all(), "account", params, **kw)
    return sorted(qs.values_list("name", flat=True))


def test_text_filters_match_a_part_in_any_case(rows) -> None:  # type: ignore[no-untyped-def]
    assert names({"cf_code": "ALPHA"}) == ["a"]
    assert names({"cf_code": "a"}) == ["a", "b", "c"]


def test_number_filters_compare_numerically(rows) -> None:  # type: ignore[no-untyped-def]
    assert names({"cf_size__gte": "2.5"}) == ["b", "c"]
    assert names({"cf_size__lte": "9"}) == ["a", "c"]
    assert names({"cf_size": "10"}) == ["b"]
    assert names({"cf_size__gte": "3", "cf_size__lte": "11"}) == ["b"]


def test_money_filters_compare_the_amount_and_the_currency(rows) -> None:  # type: ignore[no-untyped-def]
    assert names({"cf_budget__gte": "1000"}) == ["b"]
    assert names({"cf_budget__lte": "1,000"}) == ["a"]
    assert names({"cf_budget__currency": "cny"}) == ["a"]


def test_date_and_datetime_filters_take_ranges(rows) -> None:  # type: ignore[no-untyped-def]
    assert names({"cf_signed__gte": "2026-02-01"}) == ["b"]
    assert names({"cf_signed__lte": "2026-01-15"}) == ["a"]
    assert names({"cf_signed": "2026-06-01"}) == ["b"]
    # In Shanghai (UTC+8) 01:30Z is the 25th and 20:00Z is already the 26th.
    with timezone.override("Asia/Shanghai"):
        assert names({"cf_seen": "2026-11-25"}) == ["a"]
        assert names({"cf_seen__gte": "2026-11-26"}) == ["b"]
    with timezone.override("UTC"):
        assert names({"cf_seen": "2026-11-25"}) == ["a", "b"]
        assert names({"cf_seen__lte": "2026-11-25T12:00"}) == ["a"]


def test_choice_filters_match_one_value_or_any_of_several(rows) -> None:  # type: ignore[no-untyped-def]
    assert names({"cf_level": "gold"}) == ["a"]
    assert names({"cf_level": "gold,bronze"}) == ["a", "c"]


def test_multi_choice_filters_find_records_holding_every_value(rows) -> None:  # type: ignore[no-untyped-def]
    assert names({"cf_regions": "silver"}) == ["a", "b"]
    assert names({"cf_regions": "gold"}) == ["a"]
    assert names({"cf_regions": "gold,silver"}) == ["a"]
    assert names({"cf_regions": "bronze"}) == []


def test_boolean_filters_count_no_value_as_no(rows) -> None:  # type: ignore[no-untyped-def]
    assert names({"cf_vip": "1"}) == ["a"]
    assert names({"cf_vip": "no"}) == ["b", "c", "d"]


def test_user_and_empty_filters(rows, org) -> None:  # type: ignore[no-untyped-def]
    assert names({"cf_buddy": str(org.manager.pk)}) == ["b"]
    assert names({"cf_level__empty": "1"}) == ["d"]
    assert names({"cf_budget__empty": "0"}) == ["a", "b"]


def test_unreadable_filter_values_are_ignored_or_refused_in_strict_mode(rows) -> None:  # type: ignore[no-untyped-def]
    assert names({"cf_size__gte": "lots", "cf_nope": "x", "q": "y"}) == ["a", "b", "c", "d"]
    with pytest.raises(ValidationFailed) as info:
        names({"cf_size__gte": "lots", "cf_signed": "soon"}, strict=True)
    assert set(info.value.errors) == {"cf_size__gte", "cf_signed"}


def _ordered(key: str, descending: bool = False) -> list[str]:
    expr = cf.order_field("account", key)
    order = expr.desc(nulls_last=True) if descending else expr.asc(nulls_last=True)
    return list(Account.objects.order_by(order, "name").values_list("name", flat=True))


def test_sorting_by_a_number_is_numeric_with_empty_values_last(rows) -> None:  # type: ignore[no-untyped-def]
    assert _ordered("size") == ["a", "c", "b", "d"]
    assert _ordered("size", descending=True) == ["b", "c", "a", "d"]
    assert _ordered("budget") == ["a", "b", "c", "d"]


def test_sorting_by_text_and_dates(rows) -> None:  # type: ignore[no-untyped-def]
    assert _ordered("code") == ["a", "b", "c", "d"]
    assert _ordered("signed", descending=True) == ["b", "a", "c", "d"]
    assert _ordered("seen") == ["a", "b", "c", "d"]


def test_sorting_by_an_unknown_field_is_refused(rows) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Exception, match="no custom field"):
        cf.order_field("account", "nope")


# --- display and API ---------------------------------------------------------------------


def test_values_are_displayed_for_people(rows, org) -> None:  # type: ignore[no-untyped-def]
    by_key = {f.key: f for f in cf.fields_for("account")}
    a = rows["a"].custom
    with translation.override("en"), timezone.override("Asia/Shanghai"):
        assert cf.display_value(by_key["size"], 1234.5) == "1,234.5"
        assert cf.display_value(by_key["budget"], a["budget"]) == "¥900.00"
        assert cf.display_value(by_key["budget"], {"amount": "5", "currency": "SGD"}) == (
            "SGD 5.00"
        )
        shanghai = dt.datetime(2026, 11, 25, 9, 30, tzinfo=timezone.get_current_timezone())
        assert cf.display_value(by_key["signed"], a["signed"]) == formats.date_format(
            dt.date(2026, 1, 15), "DATE_FORMAT"
        )
        assert cf.display_value(by_key["seen"], a["seen"]) == formats.date_format(
            shanghai, "DATETIME_FORMAT"
        )
        assert cf.display_value(by_key["level"], "gold") == "Gold"
        assert cf.display_value(by_key["regions"], a["regions"]) == "Gold, Silver"
        assert cf.display_value(by_key["vip"], False) == "No"
        assert cf.display_value(by_key["buddy"], org.rep.pk) == str(org.rep)
        users = cf.user_labels([org.rep.pk])
        assert cf.display_value(by_key["buddy"], org.rep.pk, users=users) == str(org.rep)
        assert cf.display_value(by_key["code"], None) == ""


def test_api_values_list_every_active_field(rows) -> None:  # type: ignore[no-untyped-def]
    out = cf.api_values("account", rows["c"].custom)
    assert out == {
        "code": "gamma",
        "size": 2.5,
        "budget": None,
        "signed": None,
        "seen": None,
        "level": "bronze",
        "regions": None,
        "vip": None,
        "buddy": None,
    }
    assert cf.api_values("account", rows["a"].custom)["budget"] == {
        "amount": "900.00",
        "currency": "CNY",
    }
