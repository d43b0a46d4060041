"""Request facts that the audit log records without every service taking them as arguments."""

from __future__ import annotations

from contextvars import ContextVar

_ip: ContextVar[str | None] = ContextVar("rapport_request_ip", default=None)


def current_ip() -> str | None:
    return _ip.get()


def set_ip(ip: str | None) -> None:
    _ip.set(ip)
