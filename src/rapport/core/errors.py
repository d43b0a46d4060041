"""DomainError: the one error type services raise, with a stable code and an optional field."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the action; `code` is stable, `message` is shown to the user."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.field = field

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "field": self.field}


class PermissionDenied(DomainError):
    """The actor lacks the right for the action (the record itself was visible)."""

    def __init__(self, message: str = "You do not have permission to do this.") -> None:
        super().__init__("permission_denied", message)


class NotFound(DomainError):
    """Missing and out-of-scope records answer the same."""

    def __init__(self, message: str = "Not found.") -> None:
        super().__init__("not_found", message)


class StaleEdit(DomainError):
    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            "stale_edit",
            message
            or "Someone else changed this record after you opened it. "
            "Reload to see their changes, then apply yours again.",
            field="version",
        )


class ValidationFailed(DomainError):
    """Several field errors at once: `errors` maps field → message."""

    def __init__(self, errors: dict[str, str]) -> None:
        first_field, first_msg = next(iter(errors.items()))
        super().__init__("invalid", first_msg, field=first_field)
        self.errors = errors
