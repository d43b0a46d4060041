"""Normal forms under which two spellings of the same phone, e-mail or name compare equal."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import phonenumbers
from pypinyin import lazy_pinyin

# Mail providers that ignore dots in the local part and everything after "+".
_DOTLESS_DOMAINS = frozenset({"gmail.com", "googlemail.com"})
_PLUS_DOMAINS = _DOTLESS_DOMAINS | frozenset(
    {"outlook.com", "hotmail.com", "live.com", "icloud.com", "me.com", "fastmail.com"}
)
_DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}

# Legal-form and filler words that do not tell two companies apart (longest first).
_COMPANY_SUFFIXES_ZH = (
    "股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团公司", "分公司",
    "总公司", "公司", "集团", "工作室", "事务所",
)  # fmt: skip
_COMPANY_WORDS_EN = frozenset(
    [
        "ltd",
        "limited",
        "inc",
        "incorporated",
        "llc",
        "llp",
        "plc",
        "corp",
        "corporation",
        "co",
        "company",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "sarl",
        "bv",
        "nv",
        "oy",
        "ab",
        "spa",
        "srl",
        "pte",
        "pty",
        "kk",
        "group",
        "holdings",
        "holding",
        "the",
        "and",
    ]
)
# A leading city or province in a Chinese company name ("北京字节跳动…") is usually a
# registration detail; it is dropped from the comparison key, not from the record.
_ZH_PLACES = (
    "北京市", "上海市", "天津市", "重庆市", "北京", "上海", "天津", "重庆", "深圳市", "深圳",
    "广州市", "广州", "杭州市", "杭州", "南京市", "南京", "苏州市", "苏州", "成都市", "成都",
    "武汉市", "武汉", "西安市", "西安", "香港", "广东省", "广东", "浙江省", "浙江", "江苏省",
    "江苏", "四川省", "四川", "山东省", "山东", "福建省", "福建", "湖北省", "湖北",
)  # fmt: skip
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def text(raw: str) -> str:
    """Return `raw` in NFKC, case-folded, with runs of space collapsed (full-width → ASCII)."""
    return " ".join(unicodedata.normalize("NFKC", raw).casefold().split())


def has_han(value: str) -> bool:
    """Tell whether `value` contains Chinese characters."""
    return bool(_HAN.search(value))


def phone(raw: str, region: str = "CN") -> str | None:
    """Return the number in E.164 form, or None when it is not a possible phone number."""
    if not raw or not raw.strip():
        return None
    try:
        number = phonenumbers.parse(unicodedata.normalize("NFKC", raw), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def email(raw: str) -> str | None:
    """Return the canonical mailbox (lower case, provider aliases folded), or None if malformed."""
    value = text(raw).replace(" ", "")
    local, at, domain = value.rpartition("@")
    if not at or not local or "." not in domain:
        return None
    domain = _DOMAIN_ALIASES.get(domain, domain)
    if domain in _PLUS_DOMAINS:
        local = local.split("+", 1)[0]
    if domain in _DOTLESS_DOMAINS:
        local = local.replace(".", "")
    return f"{local}@{domain}"


def company_name(raw: str) -> str:
    """Return the company's name without legal forms, places and punctuation."""
    value = text(raw)
    if has_han(value):
        value = _strip_zh(value)
    words = [w for w in _NON_WORD.sub(" ", value).split() if w not in _COMPANY_WORDS_EN]
    return " ".join(words)


def _strip_zh(value: str) -> str:
    value = re.sub(r"[（(][^）)]*[）)]", "", value)  # "(中国)", "（北京）"
    registered = False
    changed = True
    while changed:
        changed = False
        for suffix in _COMPANY_SUFFIXES_ZH:
            if value.endswith(suffix) and len(value) > len(suffix):
                value, changed, registered = value[: -len(suffix)], True, True
    # Only a registered name ("北京…有限公司") carries its place as a prefix; in "北京银行"
    # the place is the name itself.
    for place in _ZH_PLACES if registered else ():
        if value.startswith(place) and len(value) >= len(place) + 3:
            return value[len(place) :]
    return value


def person_name(raw: str) -> str:
    """Return a person's name as words in a fixed order, so "Wei Zhang" equals "zhang wei"."""
    value = _NON_WORD.sub(" ", text(raw))
    if has_han(value):
        return value.replace(" ", "")
    return " ".join(sorted(value.split()))


@lru_cache(maxsize=65536)
def pinyin(raw: str) -> str:
    """Return the toneless pinyin of the Chinese characters in `raw` ("张伟" → "zhang wei")."""
    return " ".join(p for p in lazy_pinyin(text(raw)) if p.strip() and p.isalpha())


def pinyin_key(raw: str) -> str:
    """Return a name key that compares a Chinese name with its romanisation, in any order."""
    value = pinyin(raw) if has_han(raw) else _NON_WORD.sub(" ", text(raw))
    return " ".join(sorted(value.split()))
