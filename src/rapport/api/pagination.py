"""Cursor (keyset) pagination for the API, built on core.pagination.

The project's ninja pagination class (settings.NINJA_PAGINATION_CLASS), so an app's router
writes `@paginate(ordering=("name",))` with ninja's own decorator and imports nothing from
this package. A list answers

    {"items": [...], "next_cursor": "…" or null}

and the next page is `?cursor=<next_cursor>` with the same filters. Pages are found by the
last row's sort key, never by OFFSET, and nothing is counted. A cursor that was not made
by this list answers 400 with the code "bad_cursor" (core.pagination.BadCursor).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from rapport.core.pagination import BadCursor, paginate

MAX_PAGE_SIZE = 200


class KeysetPagination(PaginationBase):
    class Input(Schema):
        cursor: str | None = Field(
            None,
            max_length=2000,
            description="The `next_cursor` of the previous page; leave out for the first page.",
        )
        limit: int = Field(
            getattr(settings, "NINJA_PAGINATION_PER_PAGE", 50),
            ge=1,
            le=MAX_PAGE_SIZE,
            description="How many items a page holds.",
        )

    class Output(Schema):
        items: list[Any]
        next_cursor: str | None = Field(
            description="Pass as `cursor` to get the next page; null on the last page."
        )

    items_attribute = "items"

    def __init__(self, *, ordering: tuple[str, ...] | list[str] = ("-id",), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ordering = list(ordering)

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        cursor = pagination.cursor or None
        try:
            page = paginate(queryset, self.ordering, cursor, pagination.limit)
        except BadCursor:
            raise
        except (ValueError, TypeError) as exc:
            if cursor is None:
                raise
            # Well-formed but forged: its values do not fit the sort fields' types.
            raise BadCursor("The page cursor does not fit this list.") from exc
        return {"items": page.items, "next_cursor": page.next_cursor}
