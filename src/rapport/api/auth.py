"""API authentication: a personal token (Authorization: Bearer rpt_…) or the browser session.

Either way the request then runs as that user (`request.auth`, also `request.user`), so every
handler applies the same data scopes and rights as the pages do: a token carries exactly
its user's rights. A session needs the CSRF token for unsafe methods; a bearer token does not
(browsers never attach it by themselves).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from rapport.org.tokens import find_usable_token


class CsrfFailed(HttpError):
    """A session-authenticated unsafe request came without a valid CSRF token."""

    def __init__(self) -> None:
        super().__init__(
            403,
            str(
                _(
                    "CSRF check failed: with session authentication, send the CSRF token "
                    "in the X-CSRFToken header (or use an API token)."
                )
            ),
        )


class TokenAuth(HttpBearer):
    """Authorization: Bearer rpt_<prefix>_<secret>."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header, "")
        scheme, _sep, value = header.partition(" ")
        if not header:
            return None
        if scheme.lower() != self.openapi_scheme:
            # Another scheme (e.g. Basic) is not ours to judge: let session auth try.
            return None
        return self.authenticate(request, value.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = find_usable_token(token)
        if found is None:
            # A token was offered and is wrong, revoked or expired: refuse outright rather
            # than falling back to a session cookie that may ride along.
            raise AuthenticationError(
                message=str(_("The API token is not valid, has expired or was revoked."))
            )
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


class SessionAuth(APIKeyCookie):
    """Django's login session, with CSRF checked on unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # not logged in: a 401, not a CSRF complaint
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfFailed()
        return self.authenticate(request, request.COOKIES.get(self.param_name))

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        return user if user.is_authenticated and user.is_active else None


token_auth = TokenAuth()
session_auth = SessionAuth()
