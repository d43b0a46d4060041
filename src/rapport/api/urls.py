"""The /api/v1/ NinjaAPI object; each app's router is mounted here.

Every operation authenticates (API token or session), is rate limited per credential and
answers errors in one shape (api.errors). Routers live in their apps (`<app>/api.py`) and
import nothing from this package: auth, errors, rate limits and the pagination class
(settings.NINJA_PAGINATION_CLASS) apply to them from here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Router

from rapport.api import errors, ratelimit
from rapport.api.auth import session_auth, token_auth
from rapport.api.docs import LocalSwagger
from rapport.api.tokens import router as tokens_router
from rapport.customers.api import router as customers_router
from rapport.org.api import router as org_router

DESCRIPTION = """
Rapport's REST API. Everything the API returns or changes goes through the same rules as
the pages: you see and change exactly what your user may.

**Authentication.** Create a personal token under *Settings → API tokens* and send it as
`Authorization: Bearer rpt_…`. A token acts as its user, with exactly that user's rights,
until it expires or is revoked. In a logged-in browser the session works too; then writes
need the CSRF token in the `X-CSRFToken` header.

**Pages.** Lists answer `{"items": [...], "next_cursor": "…"}`. Ask for the next page with
`?cursor=<next_cursor>` (keep the same filters); `next_cursor` is `null` on the last page.
`limit` sets the page size (1–200).

**Errors.** Every error answers
`{"error": {"code": "…", "message": "…", "fields": {"field": "what is wrong"}}}`.
`code` is stable: `not_authenticated` (401), `permission_denied` and `csrf_failed` (403),
`not_found` (404; also for records outside your data scope), `stale_edit` (409),
`invalid` (422, with `fields`), `bad_cursor` (400), `rate_limited` (429).

**Rate limits.** Each token (or logged-in user) may make a limited number of requests per
window; responses carry `X-RateLimit-Limit`, `X-RateLimit-Remaining` and
`X-RateLimit-Reset` (Unix time), and a refused request carries `Retry-After` (seconds).
"""

ERROR_RESPONSES = {
    "401": _("Not authenticated"),
    "404": _("Not found, or outside your data scope"),
    "422": _("Invalid input"),
    "429": _("Rate limited"),
}


class RapportAPI(NinjaAPI):
    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        ratelimit.add_headers(request, response)
        return response

    def _get_urls(self) -> list[Any]:
        """Return the URL patterns, with a wrong method answering in the error shape too."""
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = self._json_not_allowed(pattern.callback)
        return patterns

    def _json_not_allowed(self, view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if not isinstance(response, HttpResponseNotAllowed):
                return response
            message = _("This address does not accept %(method)s; it accepts %(allowed)s.") % {
                "method": request.method,
                "allowed": response["Allow"],
            }
            body = errors.error_body("method_not_allowed", str(message))
            json_response = self.create_response(request, body, status=405)
            json_response["Allow"] = response["Allow"]
            return json_response

        return wrapped

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """Return the schema, with the shared error shape on every authenticated operation."""
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(
            errors.ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")["$defs"]
        )
        detail = errors.ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        detail.pop("$defs", None)
        components["ErrorOut"] = detail
        ref = {"$ref": "#/components/schemas/ErrorOut"}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if not operation.get("security"):
                    continue
                responses = operation.setdefault("responses", {})
                for status, label in ERROR_RESPONSES.items():
                    responses.setdefault(
                        status,
                        {
                            "description": str(label),
                            "content": {"application/json": {"schema": ref}},
                        },
                    )
        return schema


api = RapportAPI(
    title="Rapport API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[token_auth, session_auth],
    throttle=[ratelimit.RateLimit()],
    docs=LocalSwagger(),
)
errors.install(api)

api.add_router("/org/", org_router)
api.add_router("/tokens/", tokens_router)
api.add_router("/customers/", customers_router)

# Keep last: any other path under /api/v1/ answers the JSON 404, not Django's HTML page.
fallback = Router()


@fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None, include_in_schema=False
)
def unknown_path(request: HttpRequest, rest: str) -> None:
    raise Http404()


api.add_router("", fallback)
