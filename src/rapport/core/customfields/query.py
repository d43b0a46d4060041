"""Filtering and sorting records by custom-field values in their `custom` JSON column.

Query parameters (the list pages' and the API's), for a field with key `k`:
- text, long text, URL, email, phone: `cf_k=abc` (contains, any case)
- number, money (the amount), date, datetime: `cf_k=…` (equals; for a datetime, that day),
  `cf_k__gte=…`, `cf_k__lte=…`; money also `cf_k__currency=CNY`
- choice: `cf_k=value` (equals; `a,b` for either); multi-choice: `cf_k=value` (contains;
  `a,b` for both); boolean: `cf_k=1` / `cf_k=0` (no value counts as no); user: `cf_k=<id>`
- any type: `cf_k__empty=1` (no value) / `cf_k__empty=0` (has a value)

Works the same on SQLite and PostgreSQL: values are compared through JSON key extraction
and casts (numbers cast to numeric; dates and UTC datetimes compare as ISO text).
A value that cannot be read (`cf_amount__gte=abc`) is ignored, or with `strict=True`
raises ValidationFailed naming the parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import connections, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast, Lower
from django.utils import timezone

from rapport.core.customfields import values as v
from rapport.core.errors import ValidationFailed
from rapport.core.models import CustomField

T = CustomField.Type
M = TypeVar("M", bound=models.Model)

RANGE_TYPES = frozenset({T.NUMBER, T.MONEY, T.DATE, T.DATETIME})


def _numeric() -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(max_digits=30, decimal_places=8)


def json_text(key: str, *path: str) -> Any:
    """Return the text of `custom -> key [-> path]` as a plain text expression.

    The Cast makes comparisons plain text ones (a bare KeyTextTransform would compare as
    JSON on SQLite).
    """
    expr: Any = KeyTransform(key, "custom") if path else KeyTextTransform(key, "custom")
    for i, step in enumerate(path):
        last = i == len(path) - 1
        expr = KeyTextTransform(step, expr) if last else KeyTransform(step, expr)
    return Cast(expr, models.TextField())


def value_expression(field: CustomField) -> Any:
    """Return an ORM expression for the field's comparable value (numbers as numeric)."""
    key = field.key
    if field.type == T.NUMBER:
        return Cast(KeyTextTransform(key, "custom"), _numeric())
    if field.type == T.MONEY:
        return Cast(KeyTextTransform("amount", KeyTransform(key, "custom")), _numeric())
    if field.type == T.USER:
        return Cast(KeyTextTransform(key, "custom"), models.BigIntegerField())
    if field.type in {T.BOOLEAN, T.MULTI_CHOICE}:
        return KeyTransform(key, "custom")
    return json_text(key)


def order_expression(field: CustomField) -> Any:
    """Return an expression to sort by: numbers numerically, text without regard to case."""
    if field.type in v.TEXT_TYPES or field.type in {T.CHOICE, T.MULTI_CHOICE}:
        return Lower(json_text(field.key))
    if field.type == T.BOOLEAN:
        return json_text(field.key)
    return value_expression(field)


def _bound(field: CustomField, raw: str, *, upper: bool) -> Any:
    """Parse a range bound for `field`; raise ValueProblem when it cannot be read."""
    if field.type in {T.NUMBER, T.MONEY}:
        return v._decimal(raw)
    if field.type == T.DATE:
        return v.parse_date(raw)
    # datetime: a bare date means the start (lower bound) or the end (upper bound) of that day
    text = raw.strip()
    if len(text) == 10:
        day = dt.date.fromisoformat(v.parse_date(text))
        moment = dt.datetime.combine(day, dt.time.max if upper else dt.time.min)
        aware = timezone.make_aware(moment, timezone.get_current_timezone())
        return v.parse_datetime(aware.replace(microsecond=0))
    return v.parse_datetime(text)


def _truthy(raw: str) -> bool:
    return v.parse_boolean(raw)


def _multi_contains(qs: models.QuerySet[M], field: CustomField, wanted: str) -> Q:
    connection = connections[qs.db]
    if connection.vendor == "postgresql":
        return Q(**{f"_cf_{field.key}__contains": [wanted]})
    # SQLite (and others with JSON1): look into the array with json_each.
    table = connection.ops.quote_name(qs.model._meta.db_table)
    sql = (
        f"EXISTS (SELECT 1 FROM json_each({table}.{connection.ops.quote_name('custom')}, %s) "  # noqa: S608
        "WHERE json_each.value = %s)"
    )
    path = '$."' + field.key + '"'
    # The SQL is fixed text; the path and the value are parameters.
    return Q(RawSQL(sql, [path, wanted], output_field=models.BooleanField()))  # noqa: S611


def _field_filter(qs: models.QuerySet[M], field: CustomField, op: str, raw: str) -> Q | None:
    """Return the condition for one parameter, None when it does not apply."""
    alias = f"_cf_{field.key}"
    if op == "empty":
        has = Q(**{f"{alias}__isnull": False})
        return ~has if _truthy(raw) else has
    kind = field.type
    if op in {"gte", "lte"}:
        if kind not in RANGE_TYPES:
            return None
        return Q(**{f"{alias}__{op}": _bound(field, raw, upper=op == "lte")})
    if op == "currency":
        if kind != T.MONEY:
            return None
        return Q(**{f"{alias}_currency": raw.strip().upper()})
    if op:
        return None
    if kind in v.TEXT_TYPES:
        return Q(**{f"{alias}__icontains": raw.strip()})
    if kind in {T.NUMBER, T.MONEY}:
        return Q(**{alias: v._decimal(raw)})
    if kind == T.DATE:
        return Q(**{alias: v.parse_date(raw)})
    if kind == T.DATETIME:
        return Q(**{f"{alias}__gte": _bound(field, raw, upper=False)}) & Q(
            **{f"{alias}__lte": _bound(field, raw, upper=True)}
        )
    if kind == T.CHOICE:
        wanted = [v.parse_choice(x, field) for x in raw.split(",") if x.strip()]
        return Q(**{f"{alias}__in": wanted}) if wanted else None
    if kind == T.MULTI_CHOICE:
        condition = Q()
        for item in (x for x in raw.split(",") if x.strip()):
            condition &= _multi_contains(qs, field, v.parse_choice(item, field))
        return condition
    if kind == T.BOOLEAN:
        if _truthy(raw):
            return Q(**{alias: True})
        return Q(**{alias: False}) | Q(**{f"{alias}__isnull": True})
    if kind == T.USER:
        return Q(**{alias: v.parse_user(raw, unchanged_from=_int_or_none(raw))})
    return None


def _int_or_none(raw: str) -> int | None:
    try:
        return int(raw)
    except ValueError:
        return None


def filter_by_fields(
    qs: models.QuerySet[M],
    fields: list[CustomField],
    params: Mapping[str, str],
    *,
    strict: bool = False,
) -> models.QuerySet[M]:
    """Return `qs` narrowed by the `cf_<key>[__op]` parameters among `params`."""
    by_key = {f.key: f for f in fields}
    errors: dict[str, str] = {}
    for name in sorted(params):
        if not name.startswith("cf_"):
            continue
        raw = params[name]
        if raw is None or str(raw).strip() == "":
            continue
        key, _sep, op = name[3:].partition("__")
        field = by_key.get(key)
        if field is None:
            continue
        try:
            condition = _field_filter(qs, field, op, str(raw))
        except v.ValueProblem as exc:
            errors[name] = str(exc)
            continue
        if condition is None:
            continue
        alias = f"_cf_{field.key}"
        if alias not in qs.query.annotations:
            qs = qs.alias(**{alias: value_expression(field)})
            if field.type == T.MONEY:
                qs = qs.alias(**{f"{alias}_currency": json_text(field.key, "currency")})
        qs = qs.filter(condition)
    if errors and strict:
        raise ValidationFailed(errors)
    return qs
