"""Normal forms: spellings of one phone, mailbox or name compare equal; different ones do not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.customers.dedupe import normalize


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("138 0013 8000", "CN", "+8613800138000"),
        ("+86 138-0013-8000", "GB", "+8613800138000"),
        ("(010) 6552 9988", "CN", "+861065529988"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("＋８６ １３８００１３８０００", "CN", "+8613800138000"),  # full-width digits
    ],
)
def test_phone_spellings_share_one_e164_form(raw, region, expected):
    assert normalize.phone(raw, region) == expected


@pytest.mark.parametrize("raw", ["", "   ", "call me", "12", "+999 1"])
def test_something_that_is_not_a_phone_number_normalises_to_none(raw):
    assert normalize.phone(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" Li.Qiang+crm@GoogleMail.com ", "liqiang@gmail.com"),
        ("li.qiang@gmail.com", "liqiang@gmail.com"),
        ("Sales+eu@Outlook.com", "sales@outlook.com"),
        ("first.last@acme.co.uk", "first.last@acme.co.uk"),  # company domains keep dots
        ("ＡＢＣ@example.com", "abc@example.com"),
    ],
)
def test_mailbox_aliases_fold_to_one_address(raw, expected):
    assert normalize.email(raw) == expected


@pytest.mark.parametrize("raw", ["", "nobody", "@example.com", "a@b", "a@"])
def test_malformed_addresses_normalise_to_none(raw):
    assert normalize.email(raw) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Acme Ltd.", "ACME Limited"),
        ("The Acme Group, Inc.", "acme"),
        ("北京字节跳动科技有限公司", "字节跳动科技"),
        ("华为技术有限公司", "华为技术股份有限公司"),
        ("腾讯（深圳）有限公司", "腾讯"),
    ],
)
def test_company_names_compare_without_legal_forms_or_places(a, b):
    assert normalize.company_name(a) == normalize.company_name(b)


def test_distinct_companies_stay_distinct():
    assert normalize.company_name("Acme Ltd") != normalize.company_name("Apex Ltd")
    assert normalize.company_name("北京银行") == "北京银行"  # a place that IS the name stays


def test_person_names_ignore_word_order_and_case():
    assert normalize.person_name("Wei ZHANG") == normalize.person_name("zhang  wei")


def test_chinese_names_are_compared_by_pinyin_with_their_romanisation():
    assert normalize.pinyin("张伟") == "zhang wei"
    assert normalize.pinyin_key("张伟") == normalize.pinyin_key("Wei Zhang")
    assert normalize.pinyin_key("张伟") != normalize.pinyin_key("王伟")


@given(st.text(max_size=40))
def test_normal_forms_are_idempotent_and_never_fail(raw):
    once = normalize.company_name(raw)
    assert normalize.company_name(once) == once or normalize.has_han(raw)
    normalize.person_name(raw)
    normalize.pinyin_key(raw)
    normalize.email(raw)
    normalize.phone(raw)
