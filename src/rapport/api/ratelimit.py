"""Rate limiting per API token (per user for session requests), in Django's cache.

A fixed window: settings.RAPPORT_API_RATE_LIMIT ("600/m") requests per window and
credential. The counter lives in the default cache (Redis when configured, else the
database cache), so every web process shares it. Each authenticated response carries
X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (Unix time the window ends);
a refused request answers 429 with Retry-After.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from ninja.throttling import BaseThrottle

PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
STATE_ATTR = "rapport_rate_limit"


@dataclass(frozen=True)
class RateLimitState:
    limit: int
    remaining: int
    reset_at: float

    @property
    def reset_in(self) -> float:
        return max(0.0, self.reset_at - time.time())


def parse_rate(rate: str) -> tuple[int, int]:
    """Return (requests, seconds) for "600/m", "100/10s", "5000/h" or "10000/d"."""
    try:
        count, _sep, period = rate.strip().partition("/")
        digits = "".join(ch for ch in period if ch.isdigit())
        unit = period[len(digits) :].strip().lower()
        seconds = int(digits or 1) * PERIODS[unit]
        requests = int(count)
    except (KeyError, ValueError) as exc:
        raise ImproperlyConfigured(f"RAPPORT_API_RATE_LIMIT is not a rate: {rate!r}") from exc
    if requests < 1 or seconds < 1:
        raise ImproperlyConfigured(f"RAPPORT_API_RATE_LIMIT is not a rate: {rate!r}")
    return requests, seconds


def rate_limit_state(request: HttpRequest) -> RateLimitState | None:
    """Return the rate-limit figures counted for this request, if it was counted."""
    return getattr(request, STATE_ATTR, None)


def add_headers(request: HttpRequest, response: HttpResponse) -> None:
    """Put the X-RateLimit-* headers on a response to a counted request."""
    state = rate_limit_state(request)
    if state is None:
        return
    response["X-RateLimit-Limit"] = str(state.limit)
    response["X-RateLimit-Remaining"] = str(state.remaining)
    response["X-RateLimit-Reset"] = str(int(state.reset_at))


def _credential(request: HttpRequest) -> str | None:
    token = getattr(request, "api_token", None)
    if token is not None:
        return f"token:{token.pk}"
    user: Any = getattr(request, "auth", None)
    if user is not None and getattr(user, "pk", None) is not None:
        return f"user:{user.pk}"
    return None


class RateLimit(BaseThrottle):
    """Count the request against its token's (or session user's) window.

    Ninja shares one instance between threads, so the per-request figures are kept on the
    request, never on `self`.
    """

    def allow_request(self, request: HttpRequest) -> bool:
        credential = _credential(request)
        if credential is None:
            return True
        limit, period = parse_rate(settings.RAPPORT_API_RATE_LIMIT)
        now = time.time()
        window = int(now // period)
        key = f"rapport:api-rate:{credential}:{period}:{window}"
        cache.add(key, 0, timeout=period + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=period + 1)
            count = 1
        state = RateLimitState(limit, max(0, limit - count), (window + 1) * period)
        setattr(request, STATE_ATTR, state)
        return count <= limit

    def wait(self) -> float | None:
        return None  # Retry-After is set from the request's state by the 429 handler
