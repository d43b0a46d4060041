"""Request typing for views: behind LoginRequiredMiddleware the user is always a real user."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


class AuthedRequest(HttpRequest):
    user: Any  # rapport.org.models.User; typed loosely so core imports no app
