"""Form helpers: Tabler classes on every widget, DomainError shown at its field."""

from __future__ import annotations

from typing import Any

from django import forms

from rapport.core.errors import DomainError, ValidationFailed


class StyledFormMixin:
    """Give each widget the Tabler/Bootstrap class its type needs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                css = ""
            else:
                css = "form-control"
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{existing} {css}".strip()

    def add_domain_error(self, error: DomainError) -> None:
        """Put a service's DomainError at its field (or at the form's top)."""
        form = self  # type: Any
        if isinstance(error, ValidationFailed):
            for field, message in error.errors.items():
                form.add_error(field if field in form.fields else None, message)
            return
        target = error.field if error.field in form.fields else None
        form.add_error(target, error.message)


class StyledForm(StyledFormMixin, forms.Form):
    pass


class StyledModelForm(StyledFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass
