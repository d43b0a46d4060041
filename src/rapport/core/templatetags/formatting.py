"""Locale-aware display of money, relative times and person names.

    {% load formatting %}
    <td class="text-end text-nowrap">{{ deal.amount|money:deal.currency }}</td>
    {% reltime ticket.created_at %}          → <time datetime="…Z" title="Nov 25, 2026, 2:30 PM">3 hours ago</time>
    {{ contact|person_name }}                → 王芳 / Anna Schmidt

Money follows CLDR: the symbol depends on the reader's language where a sign is shared
(CNY is "¥" to a Chinese reader and "CN¥" to an English one, so it is never mistaken for
yen), amounts are grouped by thousands in both languages (the format modules in
`rapport.formats`), rounded half up (四舍五入) to the currency's minor unit, never through
float. Relative times read as one unit ("3 hours ago", "3小时前"); the exact time in the
user's time zone is the element's title. Names written in Chinese, Japanese or Korean
script put the family name first with no space; other names keep given-name-first.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import npgettext, pgettext

register = template.Library()

# --- money ----------------------------------------------------------------------------

# CLDR symbols, English and Simplified Chinese; a currency missing here shows its code.
_SYMBOLS_EN = {
    "USD": "$", "CNY": "CN¥", "JPY": "¥", "EUR": "€", "GBP": "£", "HKD": "HK$",
    "TWD": "NT$", "KRW": "₩", "INR": "₹", "AUD": "A$", "CAD": "CA$", "NZD": "NZ$",
    "MXN": "MX$", "BRL": "R$", "VND": "₫", "PHP": "₱", "ILS": "₪",
}  # fmt: skip
_SYMBOLS_ZH = {
    **_SYMBOLS_EN,
    "CNY": "¥", "USD": "US$", "JPY": "JP¥", "AUD": "AU$",
}  # fmt: skip
# ISO 4217 minor units where they are not 2.
_MINOR_UNITS = {
    "JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "UGX": 0, "XAF": 0, "XOF": 0,
    "BHD": 3, "JOD": 3, "KWD": 3, "OMR": 3, "TND": 3,
}  # fmt: skip
NBSP = "\u00a0"


def currency_symbol(currency: str, language: str | None = None) -> str | None:
    """Return the sign a reader of `language` knows `currency` by, or None to show the code."""
    language = (language or translation.get_language() or "en").lower()
    table = _SYMBOLS_ZH if language.startswith("zh") else _SYMBOLS_EN
    return table.get(currency.upper())


def _to_decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        # A float goes through its shortest text form, so 0.1 stays 0.1, not 0.1000000000000000055.
        number = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _split_money(value: Any, currency: str | None) -> tuple[Any, str | None]:
    """Accept an amount, a (amount, currency) pair, {"amount", "currency"} or a Money-like object."""
    if isinstance(value, Mapping):
        return value.get("amount"), currency or value.get("currency")
    if isinstance(value, tuple | list) and len(value) == 2:
        return value[0], currency or value[1]
    if hasattr(value, "amount") and hasattr(value, "currency"):
        return value.amount, currency or value.currency
    return value, currency


def format_money(amount: Any, currency: str | None = None, *, places: int | None = None) -> str:
    """Return `amount` in `currency` as the active language writes it ("¥1,234.50"); "" if none."""
    amount, currency = _split_money(amount, currency)
    number = _to_decimal(amount)
    if number is None:
        return ""
    code = (currency or "").strip().upper()
    if places is None:
        places = _MINOR_UNITS.get(code, 2)
    try:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the decimal context holds
        return ""
    digits = formats.number_format(abs(number), places, use_l10n=True, force_grouping=True)
    sign = "-" if number < 0 else ""
    if not code:
        return f"{sign}{digits}"
    symbol = currency_symbol(code)
    return f"{sign}{symbol}{digits}" if symbol else f"{sign}{code}{NBSP}{digits}"


@register.filter(is_safe=False)
def money(value: Any, currency: str | None = None) -> str:
    """Format an amount with its currency for the reader's language: {{ x|money:"CNY" }}.

    Put it in a right-aligned cell (`class="text-end text-nowrap"`) so the digits line up.
    """
    return format_money(value, currency)


# --- relative time --------------------------------------------------------------------


def _count_unit(seconds: int) -> tuple[str, int]:
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if seconds < 45:
        return "now", 0
    if minutes < 60:
        return "minute", max(1, minutes)
    if hours < 24:
        return "hour", hours
    if days < 7:
        return "day", days
    if days < 30:
        return "week", days // 7
    if days < 365:
        return "month", days // 30
    return "year", days // 365


def _phrase(unit: str, count: int, past: bool) -> str:
    if unit == "now":
        return pgettext("relative time", "just now")
    c = "relative time"
    if past:
        forms = {
            "minute": npgettext(c, "%(count)d minute ago", "%(count)d minutes ago", count),
            "hour": npgettext(c, "%(count)d hour ago", "%(count)d hours ago", count),
            "day": npgettext(c, "%(count)d day ago", "%(count)d days ago", count),
            "week": npgettext(c, "%(count)d week ago", "%(count)d weeks ago", count),
            "month": npgettext(c, "%(count)d month ago", "%(count)d months ago", count),
            "year": npgettext(c, "%(count)d year ago", "%(count)d years ago", count),
        }
    else:
        forms = {
            "minute": npgettext(c, "in %(count)d minute", "in %(count)d minutes", count),
            "hour": npgettext(c, "in %(count)d hour", "in %(count)d hours", count),
            "day": npgettext(c, "in %(count)d day", "in %(count)d days", count),
            "week": npgettext(c, "in %(count)d week", "in %(count)d weeks", count),
            "month": npgettext(c, "in %(count)d month", "in %(count)d months", count),
            "year": npgettext(c, "in %(count)d year", "in %(count)d years", count),
        }
    return forms[unit] % {"count": count}


def _date_phrase(days: int) -> str:
    if days == 0:
        return pgettext("relative date", "today")
    if days == 1:
        return pgettext("relative date", "yesterday")
    if days == -1:
        return pgettext("relative date", "tomorrow")
    unit, count = _count_unit(abs(days) * 86400)
    return _phrase(unit, count, past=days > 0)


def relative_time(value: datetime.date, now: datetime.datetime | None = None) -> str:
    """Return `value` relative to `now` in the active language ("3 hours ago", "in 2 days").

    A date (without a time) counts calendar days in the active time zone ("yesterday").
    """
    now = now or timezone.now()
    if not isinstance(value, datetime.datetime):
        return _date_phrase((timezone.localdate(now) - value).days)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    seconds = int((now - value).total_seconds())
    unit, count = _count_unit(abs(seconds))
    return _phrase(unit, count, past=seconds >= 0)


def exact_time(value: datetime.date) -> str:
    """Return `value` in full, in the active language and the user's time zone."""
    if not isinstance(value, datetime.datetime):
        return formats.date_format(value, "DATE_FORMAT")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _machine_time(value: datetime.date) -> str:
    if not isinstance(value, datetime.datetime):
        return value.isoformat()
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    utc = value.astimezone(datetime.UTC).replace(microsecond=0)
    return utc.isoformat().replace("+00:00", "Z")


@register.simple_tag
def reltime(value: datetime.date | None, css: str = "") -> SafeString | str:
    """Render `<time datetime=… title="exact local time">3 hours ago</time>` ("" for no value)."""
    if not isinstance(value, datetime.date):
        return ""
    return format_html(
        '<time datetime="{}" title="{}"{}>{}</time>',
        _machine_time(value),
        exact_time(value),
        format_html(' class="{}"', css) if css else "",
        relative_time(value),
    )


# --- person names ---------------------------------------------------------------------

# Han (with extensions and compatibility forms), kana and Hangul: scripts whose names are
# written family name first, without a space.
_EAST_ASIAN = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]"
)
_NOT_EAST_ASIAN = re.compile(
    "[^\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
    "\u00b7\u30fb]"
)


def format_person_name(given: str = "", family: str = "", *, display: str = "") -> str:
    """Return a person's name in the order of its script: "王芳", "Anna Schmidt".

    A display name, when given, wins: it is how the person asked to be called.
    """
    if display.strip():
        return display.strip()
    given, family = given.strip(), family.strip()
    if not (given and family):
        return given or family
    if _EAST_ASIAN.search(given + family):
        whole = not _NOT_EAST_ASIAN.search(given + family)
        return f"{family}{given}" if whole else f"{family} {given}"
    return f"{given} {family}"


def _attr(value: Any, *names: str) -> str:
    for name in names:
        found = value.get(name) if isinstance(value, Mapping) else getattr(value, name, None)
        if found:
            return str(found)
    return ""


@register.filter(is_safe=False)
def person_name(value: Any) -> str:
    """Show a person (a user, a contact, a mapping or a string) by name: {{ contact|person_name }}."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    name = format_person_name(
        _attr(value, "first_name", "given_name"),
        _attr(value, "last_name", "family_name"),
        display=_attr(value, "display_name"),
    )
    return name or _attr(value, "username", "email") or str(value)
