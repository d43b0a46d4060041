"""Custom-field values by type: parse input into the stored JSON form, show it, serialise it.

Stored forms (inside the record's `custom` JSON, keyed by CustomField.key):
text, long text, URL, email, phone → string; number → JSON number (≤ 15 significant
digits, so a float holds it exactly); money → {"amount": "1234.50", "currency": "CNY"}
(the amount a Decimal string, never a float); date → "YYYY-MM-DD"; datetime → UTC
"YYYY-MM-DDTHH:MM:SSZ" (so text order is time order); choice → the choice's value;
multi-choice → list of values in the order the field defines them; boolean → true/false;
user → the user's id. An empty value is stored as an absent key.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from rapport.core.models import CustomField

T = CustomField.Type

MAX_TEXT = 255
MAX_LONG_TEXT = 10_000
MAX_NUMBER_DIGITS = 15
MAX_MONEY_DIGITS = 18
MAX_MONEY_PLACES = 4

# Types whose values may be required unique per entity (others make no sense as keys).
UNIQUE_TYPES = frozenset({T.TEXT, T.NUMBER, T.DATE, T.URL, T.EMAIL, T.PHONE})
CHOICE_TYPES = frozenset({T.CHOICE, T.MULTI_CHOICE})
TEXT_TYPES = frozenset({T.TEXT, T.LONG_TEXT, T.URL, T.EMAIL, T.PHONE})

DEFAULT_CURRENCIES = (
    "CNY", "USD", "EUR", "GBP", "JPY", "HKD", "TWD", "SGD", "KRW", "AUD", "CAD", "CHF",
    "INR", "RUB", "BRL", "MXN", "SEK", "NOK", "DKK", "NZD", "ZAR", "THB", "MYR", "IDR",
    "VND", "PHP", "AED", "SAR",
)  # fmt: skip
CURRENCY_SYMBOLS = {
    "CNY": "¥", "JPY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "HKD": "HK$", "TWD": "NT$",
    "KRW": "₩", "INR": "₹", "RUB": "₽",
}  # fmt: skip

_TRUE = {"true", "1", "yes", "y", "on", "是", "t"}
_FALSE = {"false", "0", "no", "n", "off", "否", "f"}
_PHONE = re.compile(r"^\+?[\d\s()./-]+(\s*(ext\.?|x|#|转)\s*\d{1,6})?$", re.IGNORECASE)


class ValueProblem(Exception):
    """One value is not valid for its field; the message is shown at the field."""


def currencies() -> tuple[str, ...]:
    """Return the currencies money fields accept (settings.RAPPORT_CURRENCIES or a default)."""
    return tuple(getattr(settings, "RAPPORT_CURRENCIES", DEFAULT_CURRENCIES))


def default_currency() -> str:
    return currencies()[0]


def choice_values(field: CustomField) -> list[str]:
    return [str(c["value"]) for c in field.choices or []]


def choice_labels(field: CustomField) -> dict[str, str]:
    return {str(c["value"]): str(c.get("label") or c["value"]) for c in field.choices or []}


def is_empty(raw: Any, kind: str | None = None) -> bool:
    """Return True if `raw` holds no value (money without an amount counts as empty)."""
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, dict):
        return is_empty(raw.get("amount"))
    if isinstance(raw, list | tuple) and kind == T.MONEY:
        return len(raw) == 0 or is_empty(raw[0])
    if isinstance(raw, list | tuple | set | frozenset):
        return all(is_empty(x) for x in raw)
    return False


# --- parsing -----------------------------------------------------------------------------


def _text(raw: Any, limit: int) -> str:
    if isinstance(raw, dict | list | tuple | set):
        raise ValueProblem(_("Enter text."))
    value = str(raw).strip()
    if len(value) > limit:
        raise ValueProblem(
            _("Enter at most %(limit)d characters (this has %(n)d).")
            % {"limit": limit, "n": len(value)}
        )
    return value


def _decimal(raw: Any) -> decimal.Decimal:
    if isinstance(raw, bool | dict | list | tuple | set):
        raise ValueProblem(_("Enter a number."))
    if isinstance(raw, float):
        raw = repr(raw)
    text = str(raw).strip().replace(",", "").replace(" ", "").replace("\u00a0", "")
    try:
        value = decimal.Decimal(text)
    except decimal.InvalidOperation:
        raise ValueProblem(_("Enter a number.")) from None
    if not value.is_finite():
        raise ValueProblem(_("Enter a number."))
    return value


def _digits(value: decimal.Decimal) -> tuple[int, int]:
    """Return (significant digits, decimal places) of `value`."""
    _sign, digits, exponent = value.normalize().as_tuple()
    assert isinstance(exponent, int)
    places = max(0, -exponent)
    whole = max(0, len(digits) + exponent)
    return whole + places, places


def parse_number(raw: Any) -> int | float:
    value = _decimal(raw)
    total, places = _digits(value)
    if total > MAX_NUMBER_DIGITS:
        raise ValueProblem(
            _("Enter a number with at most %(n)d digits.") % {"n": MAX_NUMBER_DIGITS}
        )
    value = value.normalize()
    if places == 0:
        return int(value)
    return float(value)


def parse_money(raw: Any, field: CustomField) -> dict[str, str]:
    amount_raw: Any
    currency: Any = None
    if isinstance(raw, dict):
        amount_raw, currency = raw.get("amount"), raw.get("currency")
    elif isinstance(raw, list | tuple) and len(raw) == 2:
        amount_raw, currency = raw
    elif isinstance(raw, str):
        match = re.fullmatch(r"\s*([A-Za-z]{3})?\s*([^A-Za-z]+?)\s*([A-Za-z]{3})?\s*", raw)
        if not match or (match.group(1) and match.group(3)):
            raise ValueProblem(_("Enter an amount, optionally with a currency code (1234.50 CNY)."))
        amount_raw, currency = match.group(2), match.group(1) or match.group(3)
    else:
        amount_raw = raw
    if is_empty(amount_raw):
        raise ValueProblem(_("Enter an amount."))
    try:
        amount = _decimal(amount_raw)
    except ValueProblem:
        raise ValueProblem(_("Enter the amount as a number, such as 1234.50.")) from None
    total, places = _digits(amount)
    if places > MAX_MONEY_PLACES or total > MAX_MONEY_DIGITS:
        raise ValueProblem(
            _("Enter an amount with at most %(places)d decimal places and %(digits)d digits.")
            % {"places": MAX_MONEY_PLACES, "digits": MAX_MONEY_DIGITS}
        )
    currency = (str(currency).strip().upper() if not is_empty(currency) else "") or (
        str((field.default or {}).get("currency", "")) if isinstance(field.default, dict) else ""
    )
    currency = currency or default_currency()
    if currency not in currencies():
        raise ValueProblem(_("%(code)s is not a currency Rapport accepts.") % {"code": currency})
    shown = amount.quantize(decimal.Decimal(1).scaleb(-max(2, places)))
    return {"amount": str(shown), "currency": currency}


def parse_date(raw: Any) -> str:
    if isinstance(raw, dt.datetime):
        raise ValueProblem(_("Enter a date without a time."))
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if not isinstance(raw, str):
        raise ValueProblem(_("Enter a date as YYYY-MM-DD."))
    try:
        return dt.date.fromisoformat(raw.strip()).isoformat()
    except ValueError:
        raise ValueProblem(_("Enter a real date as YYYY-MM-DD.")) from None


def parse_datetime(raw: Any) -> str:
    if isinstance(raw, dt.datetime):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip().replace(" ", "T", 1)
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValueProblem(_("Enter a date and time as YYYY-MM-DD HH:MM.")) from None
    else:
        raise ValueProblem(_("Enter a date and time as YYYY-MM-DD HH:MM."))
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_current_timezone())
    value = value.astimezone(dt.UTC).replace(microsecond=0)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueProblem(_("Enter yes or no."))


def parse_choice(raw: Any, field: CustomField) -> str:
    if isinstance(raw, dict | list | tuple | set):
        raise ValueProblem(_("Choose one of the offered values."))
    text = str(raw).strip()
    values = choice_values(field)
    if text in values:
        return text
    by_label = {label.casefold(): value for value, label in choice_labels(field).items()}
    if text.casefold() in by_label:  # imports and scripts may send the label
        return by_label[text.casefold()]
    raise ValueProblem(
        _("“%(value)s” is not one of the choices: %(choices)s.")
        % {"value": text[:50], "choices": ", ".join(choice_labels(field).values())}
    )


def parse_multi_choice(raw: Any, field: CustomField) -> list[str]:
    items: Iterable[Any]
    if isinstance(raw, str):
        items = [x for x in re.split(r"[,;，；]", raw) if x.strip()]
    elif isinstance(raw, list | tuple | set | frozenset):
        items = raw
    else:
        raise ValueProblem(_("Choose values from the offered choices."))
    chosen = {parse_choice(item, field) for item in items}
    return [v for v in choice_values(field) if v in chosen]


def parse_user(raw: Any, *, unchanged_from: Any = None) -> int:
    if isinstance(raw, bool):
        raise ValueProblem(_("Choose an active user."))
    pk_raw = getattr(raw, "pk", raw)
    try:
        pk = int(str(pk_raw).strip())
    except ValueError:
        raise ValueProblem(_("Choose an active user.")) from None
    if unchanged_from is not None and pk == unchanged_from:
        return pk  # a user deactivated since stays on records that keep them
    if not get_user_model()._default_manager.filter(pk=pk, is_active=True).exists():
        raise ValueProblem(_("Choose an active user (no active user has id %(pk)s).") % {"pk": pk})
    return pk


def parse_url(raw: Any) -> str:
    value = _text(raw, 500)
    if "://" not in value:
        value = "https://" + value
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValueProblem(_("Enter a web address such as https://example.com.")) from None
    return value


def parse_email(raw: Any) -> str:
    value = _text(raw, 254)
    try:
        EmailValidator()(value)
    except ValidationError:
        raise ValueProblem(_("Enter an email address such as name@example.com.")) from None
    local, _at, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"


def parse_phone(raw: Any) -> str:
    value = " ".join(_text(raw, 40).split())
    digits = sum(ch.isdigit() for ch in value.split("ext")[0].split("x")[0])
    if not _PHONE.match(value) or not 5 <= digits <= 17:
        raise ValueProblem(_("Enter a phone number such as +86 21 5555 0101."))
    return value


def parse_value(field: CustomField, raw: Any, *, existing: Any = None) -> Any:
    """Return the stored form of `raw` for `field`, or raise ValueProblem. `raw` is not empty."""
    kind = field.type
    if kind == T.TEXT:
        return _text(raw, MAX_TEXT)
    if kind == T.LONG_TEXT:
        return _text(raw, MAX_LONG_TEXT)
    if kind == T.NUMBER:
        return parse_number(raw)
    if kind == T.MONEY:
        return parse_money(raw, field)
    if kind == T.DATE:
        return parse_date(raw)
    if kind == T.DATETIME:
        return parse_datetime(raw)
    if kind == T.CHOICE:
        return parse_choice(raw, field)
    if kind == T.MULTI_CHOICE:
        return parse_multi_choice(raw, field) or None
    if kind == T.BOOLEAN:
        return parse_boolean(raw)
    if kind == T.USER:
        return parse_user(raw, unchanged_from=existing)
    if kind == T.URL:
        return parse_url(raw)
    if kind == T.EMAIL:
        return parse_email(raw)
    if kind == T.PHONE:
        return parse_phone(raw)
    raise ValueProblem(_("This field has an unknown type."))


# --- reading the stored form back --------------------------------------------------------


def to_python(field: CustomField, stored: Any) -> Any:
    """Return the Python value of a stored value (Decimal, date, datetime, …), or None."""
    if stored is None:
        return None
    try:
        if field.type == T.NUMBER:
            return decimal.Decimal(str(stored))
        if field.type == T.MONEY:
            return (decimal.Decimal(str(stored["amount"])), str(stored["currency"]))
        if field.type == T.DATE:
            return dt.date.fromisoformat(str(stored))
        if field.type == T.DATETIME:
            return dt.datetime.fromisoformat(str(stored).replace("Z", "+00:00"))
        if field.type == T.MULTI_CHOICE:
            return list(stored) if isinstance(stored, list) else [stored]
    except (ValueError, TypeError, KeyError, decimal.InvalidOperation):
        return None
    return stored


def user_labels(ids: Iterable[int]) -> dict[int, str]:
    """Return {user id: display name} for `ids` in one query."""
    wanted = {int(i) for i in ids if i is not None}
    if not wanted:
        return {}
    users = get_user_model()._default_manager.filter(pk__in=wanted)
    return {u.pk: str(u) for u in users}


def format_money(amount: decimal.Decimal, currency: str) -> str:
    number = formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{number}" if symbol else f"{currency} {number}"


def display(field: CustomField, stored: Any, *, users: Mapping[int, str] | None = None) -> str:
    """Return `stored` as text for a page, in the active language and time zone."""
    value = to_python(field, stored)
    if value is None or value == []:
        return ""
    kind = field.type
    if kind == T.NUMBER:
        places = max(0, -int(value.normalize().as_tuple().exponent))
        return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    if kind == T.MONEY:
        return format_money(*value)
    if kind == T.DATE:
        return formats.date_format(value, "DATE_FORMAT")
    if kind == T.DATETIME:
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if kind == T.CHOICE:
        return choice_labels(field).get(str(value), str(value))
    if kind == T.MULTI_CHOICE:
        labels = choice_labels(field)
        return ", ".join(labels.get(str(v), str(v)) for v in value)
    if kind == T.BOOLEAN:
        return _("Yes") if value else _("No")
    if kind == T.USER:
        names = users if users is not None else user_labels([value])
        return names.get(int(value), _("User #%(pk)s") % {"pk": value})
    return str(value)


def api_value(field: CustomField, stored: Any) -> Any:
    """Return `stored` as the API shows it (numbers as numbers, money amounts as strings)."""
    if stored is None:
        return None
    if field.type == T.MONEY and isinstance(stored, dict):
        return {"amount": str(stored.get("amount")), "currency": str(stored.get("currency"))}
    if field.type == T.MULTI_CHOICE:
        return list(stored) if isinstance(stored, list) else [stored]
    return stored


def default_as_text(field: CustomField) -> str:
    """Return a field's default as the settings form shows it ("" for none)."""
    stored = field.default
    value = to_python(field, stored)
    if value is None:
        return ""
    if field.type == T.MONEY:
        return f"{value[0]} {value[1]}"
    if field.type == T.MULTI_CHOICE:
        return ", ".join(value)
    if field.type == T.BOOLEAN:
        return "yes" if value else "no"
    if field.type == T.DATETIME:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if field.type == T.NUMBER:
        return format(value.normalize(), "f")
    return str(value)
