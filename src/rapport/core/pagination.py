"""Keyset pagination: pages are found by the last row's sort key, never by OFFSET or COUNT(*).

A cursor is an opaque URL-safe string holding the last row's sort values and id.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import models
from django.db.models import Q

M = TypeVar("M", bound=models.Model)


class BadCursor(ValueError):
    pass


def _encode_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"n": str(value)}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict) and "d" in value:
        text = value["d"]
        return dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)
    if isinstance(value, dict) and "n" in value:
        return decimal.Decimal(value["n"])
    return value


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps([_encode_value(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadCursor("The page cursor is not valid.") from exc
    if not isinstance(values, list):
        raise BadCursor("The page cursor is not valid.")
    return [_decode_value(v) for v in values]


@dataclass
class Page(Generic[M]):
    items: list[M]
    next_cursor: str | None
    has_next: bool


def _after(order: list[str], values: list[Any]) -> Q:
    """Return the filter for rows strictly after `values` in `order` (each may start with -)."""
    condition = Q()
    for i, field in enumerate(order):
        name = field.lstrip("-")
        op = "lt" if field.startswith("-") else "gt"
        step = Q(**{f"{name}__{op}": values[i]})
        for prev_field, prev_value in zip(order[:i], values[:i], strict=True):
            step &= Q(**{prev_field.lstrip("-"): prev_value})
        condition |= step
    return condition


def paginate(
    queryset: models.QuerySet[M], order: list[str], cursor: str | None, size: int
) -> Page[M]:
    """Return one page of `queryset` sorted by `order` (which must end with a unique field).

    Sort fields must be non-null; nullable columns are sorted through a Coalesce annotation.
    """
    if order[-1].lstrip("-") not in {"id", "pk"}:
        order = [*order, "id"]
    qs = queryset.order_by(*order)
    if cursor:
        values = decode_cursor(cursor)
        if len(values) != len(order):
            raise BadCursor("The page cursor does not fit this sort order.")
        qs = qs.filter(_after(order, values))
    rows = list(qs[: size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    next_cursor = None
    if has_next and rows:
        last = rows[-1]
        next_cursor = encode_cursor([getattr(last, f.lstrip("-")) for f in order])
    return Page(items=rows, next_cursor=next_cursor, has_next=has_next)
