"""One JSON shape for every API error.

    {"error": {"code": "not_found", "message": "Not found.", "fields": {"name": "…"}}}

`code` is stable (DomainError codes from the services, plus the few below); `message` is
for people, in the request's language; `fields` maps an input field to what is wrong with
it (empty when the error is not about one field). Unexpected errors answer 500 with no
detail; the traceback goes to the log.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from ninja.errors import (
    AuthenticationError,
    AuthorizationError,
    HttpError,
    Throttled,
    ValidationError,
)

from rapport.api.auth import CsrfFailed
from rapport.api.ratelimit import rate_limit_state
from rapport.core.errors import DomainError, ValidationFailed
from rapport.core.pagination import BadCursor

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("rapport.api")

STATUS_BY_CODE = {
    "not_found": 404,
    "permission_denied": 403,
    "stale_edit": 409,
    "invalid": 422,
    "bad_cursor": 400,
}
CODE_BY_STATUS = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
}

# Pydantic's messages are English only; the common ones get translatable wording.
FIELD_MESSAGES: dict[str, Any] = {
    "missing": _("This field is required."),
    "int_parsing": _("Enter a whole number."),
    "int_type": _("Enter a whole number."),
    "int_from_float": _("Enter a whole number."),
    "float_parsing": _("Enter a number."),
    "decimal_parsing": _("Enter a number."),
    "bool_parsing": _("Enter true or false."),
    "bool_type": _("Enter true or false."),
    "string_type": _("Enter text."),
    "date_parsing": _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
    "datetime_parsing": _("Enter a date and time in ISO 8601 form."),
    "datetime_from_date_parsing": _("Enter a date and time in ISO 8601 form."),
    "uuid_parsing": _("Enter a valid UUID."),
    "json_invalid": _("The request body is not valid JSON."),
    "model_attributes_type": _("Send a JSON object."),
    "dict_type": _("Send a JSON object."),
    "list_type": _("Send a list."),
}
RANGE_MESSAGES: dict[str, Any] = {
    "string_too_short": _("Use at least %(min_length)s characters."),
    "string_too_long": _("Use at most %(max_length)s characters."),
    "greater_than_equal": _("Enter a value of at least %(ge)s."),
    "greater_than": _("Enter a value greater than %(gt)s."),
    "less_than_equal": _("Enter a value of at most %(le)s."),
    "less_than": _("Enter a value less than %(lt)s."),
    "too_long": _("Give at most %(max_length)s items."),
    "enum": _("Choose one of: %(expected)s."),
    "literal_error": _("Choose one of: %(expected)s."),
}


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, str]


class ErrorOut(Schema):
    """The body of every error response."""

    error: ErrorDetail


def error_body(code: str, message: str, fields: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Return the error document."""
    return {"error": {"code": code, "message": str(message), "fields": dict(fields or {})}}


def _respond(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: Mapping[str, str] | None = None,
) -> HttpResponse:
    return api.create_response(request, error_body(code, message, fields), status=status)


def field_name(loc: Iterable[Any]) -> str:
    """Return the input field a pydantic location points at ("body.payload.name" → "name")."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form", "file"}:
        source = parts.pop(0)
        # A body schema sits under its parameter's name; the client never sees that name.
        if source in {"body", "form"} and len(parts) > 1:
            parts.pop(0)
        if not parts:
            return source
    return ".".join(parts) or "__all__"


def field_message(error: Mapping[str, Any]) -> str:
    """Return a readable message for one pydantic error."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind in FIELD_MESSAGES:
        return str(FIELD_MESSAGES[kind])
    if kind in RANGE_MESSAGES:
        try:
            return str(RANGE_MESSAGES[kind]) % {k: str(v) for k, v in ctx.items()}
        except (KeyError, TypeError, ValueError):
            pass
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"])
    return str(error.get("msg", _("This value is not valid.")))


def validation_fields(errors: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Return {field: message} for ninja's validation errors (messages of one field joined)."""
    fields: dict[str, str] = {}
    for error in errors:
        name = field_name(error.get("loc", ()))
        message = field_message(error)
        fields[name] = f"{fields[name]} {message}" if name in fields else message
    return fields


def _summary(fields: Mapping[str, str]) -> str:
    return str(_("Some fields are not valid: %(fields)s.") % {"fields": ", ".join(fields)})


def _register(
    api: NinjaAPI, exc_class: type[Exception], handler: Callable[..., HttpResponse]
) -> None:
    # Ninja types a handler as taking the class or an instance; ours take instances.
    api.add_exception_handler(exc_class, handler)


def install(api: NinjaAPI) -> None:
    """Register the handlers that turn every exception into the one error shape."""

    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        if isinstance(exc, ValidationFailed):
            message = exc.message if len(exc.errors) == 1 else _summary(exc.errors)
            return _respond(api, request, 422, exc.code, message, exc.errors)
        status = STATUS_BY_CODE.get(exc.code, 422 if exc.field else 400)
        fields = {exc.field: exc.message} if exc.field else {}
        return _respond(api, request, status, exc.code, exc.message, fields)

    def bad_cursor(request: HttpRequest, exc: BadCursor) -> HttpResponse:
        message = str(_("The page cursor is not valid; start again from the first page."))
        return _respond(api, request, 400, "bad_cursor", message, {"cursor": message})

    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields = validation_fields(exc.errors)
        return _respond(api, request, 422, "invalid", _summary(fields), fields)

    def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = exc.message
        if message == "Unauthorized":  # ninja's default, when no credentials came at all
            message = str(
                _(
                    "Authentication required: send an API token "
                    "(Authorization: Bearer rpt_…) or log in."
                )
            )
        response = _respond(api, request, 401, "not_authenticated", message)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def rate_limited(request: HttpRequest, exc: Throttled) -> HttpResponse:
        state = rate_limit_state(request)
        wait = max(1, math.ceil(state.reset_in)) if state else 60
        message = _("Too many requests; try again in %(n)d seconds.") % {"n": wait}
        response = _respond(api, request, 429, "rate_limited", str(message))
        response["Retry-After"] = str(wait)
        return response

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, CsrfFailed):
            code = "csrf_failed"
        elif isinstance(exc, AuthorizationError):
            code = "permission_denied"
        else:
            code = CODE_BY_STATUS.get(exc.status_code, "error")
        message = exc.message
        if message == "Cannot parse request body":  # ninja's words for a malformed body
            message = str(_("The request body is not valid JSON."))
        return _respond(api, request, exc.status_code, code, message)

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return _respond(api, request, 404, "not_found", str(_("Not found.")))

    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        message = str(_("You do not have permission to do this."))
        return _respond(api, request, 403, "permission_denied", message)

    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
        message = str(_("Something went wrong on our side. The error was logged."))
        return _respond(api, request, 500, "server_error", message)

    _register(api, DomainError, domain_error)
    _register(api, BadCursor, bad_cursor)
    _register(api, ValidationError, validation_error)
    _register(api, AuthenticationError, not_authenticated)
    _register(api, Throttled, rate_limited)
    _register(api, HttpError, http_error)
    _register(api, Http404, not_found)
    _register(api, ObjectDoesNotExist, not_found)
    _register(api, DjangoPermissionDenied, forbidden)
    _register(api, Exception, server_error)
