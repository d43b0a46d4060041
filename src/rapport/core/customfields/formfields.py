"""Django form fields for custom fields, keyed "cf_<key>", with the record's values as initial.

The form fields parse what the browser sends; `clean_values` (called by the service) is
still the one place that decides what is valid, so the API and imports get the same rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from rapport.core.customfields import values as v
from rapport.core.models import CustomField

T = CustomField.Type


class MoneyWidget(forms.MultiWidget):
    """An amount box and a currency select, side by side in one Tabler input group."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        amount = forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"})
        currency = forms.Select(choices=[(c, c) for c in v.currencies()])
        super().__init__([amount, currency], attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dict):
            return [value.get("amount"), value.get("currency")]
        if isinstance(value, list | tuple) and len(value) == 2:
            return list(value)
        return [None, v.default_currency()]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        amount, currency = context["widget"]["subwidgets"]
        amount["attrs"]["class"] = "form-control"
        currency["attrs"]["class"] = "form-select flex-grow-0 w-auto"
        currency["attrs"]["aria-label"] = str(_("Currency"))
        currency["attrs"].pop("required", None)
        return context

    def render(self, *args: Any, **kwargs: Any) -> SafeString:
        return format_html(
            '<div class="input-group cf-money">{}</div>', super().render(*args, **kwargs)
        )


class MoneyField(forms.MultiValueField):
    """An amount and a currency; cleans to (Decimal, "CNY") or None."""

    widget = MoneyWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = (
            forms.DecimalField(
                max_digits=v.MAX_MONEY_DIGITS, decimal_places=v.MAX_MONEY_PLACES, required=False
            ),
            forms.ChoiceField(choices=[(c, c) for c in v.currencies()], required=False),
        )
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> Any:
        if not data_list or data_list[0] in (None, ""):
            return None
        return (data_list[0], data_list[1] or v.default_currency())

    def validate(self, value: Any) -> None:
        if self.required and value is None:
            raise forms.ValidationError(self.error_messages["required"], code="required")


def _user_choices(keep: Any = None) -> Callable[[], list[tuple[Any, str]]]:
    def choices() -> list[tuple[Any, str]]:
        users = get_user_model()._default_manager.filter(is_active=True)
        if keep not in (None, ""):
            users = users | get_user_model()._default_manager.filter(pk=keep)
        rows: list[tuple[Any, str]] = [("", "—")]
        rows += sorted(((u.pk, str(u)) for u in users), key=lambda row: row[1].casefold())
        return rows

    return choices


def _boolean_choices() -> list[tuple[str, Any]]:
    return [("", "—"), ("true", _("Yes")), ("false", _("No"))]


def initial_for(field: CustomField, stored: Any) -> Any:
    """Return the form's initial value for a stored value."""
    value = v.to_python(field, stored)
    if value is None:
        return None
    if field.type == T.DATETIME:
        return timezone.localtime(value).replace(tzinfo=None)
    if field.type == T.BOOLEAN:
        return "true" if value else "false"
    if field.type == T.MONEY:
        return [value[0], value[1]]
    return value


def form_field(field: CustomField, *, initial: Any = None) -> forms.Field:
    """Return the Django form field for one custom field."""
    common: dict[str, Any] = {
        "label": field.label,
        "required": field.required,
        "help_text": field.help_text,
        "initial": initial,
    }
    kind = field.type
    out: forms.Field
    if kind == T.TEXT:
        out = forms.CharField(max_length=v.MAX_TEXT, **common)
    elif kind == T.LONG_TEXT:
        out = forms.CharField(
            max_length=v.MAX_LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3}), **common
        )
    elif kind == T.NUMBER:
        out = forms.DecimalField(
            max_digits=v.MAX_NUMBER_DIGITS,
            widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            **common,
        )
    elif kind == T.MONEY:
        out = MoneyField(**common)
    elif kind == T.DATE:
        out = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    elif kind == T.DATETIME:
        out = forms.DateTimeField(
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            **common,
        )
    elif kind == T.CHOICE:
        choices = [("", "—"), *v.choice_labels(field).items()]
        out = forms.ChoiceField(choices=choices, **common)
    elif kind == T.MULTI_CHOICE:
        out = forms.MultipleChoiceField(
            choices=list(v.choice_labels(field).items()),
            widget=forms.SelectMultiple(attrs={"data-picker": ""}),
            **common,
        )
    elif kind == T.BOOLEAN:
        out = forms.TypedChoiceField(
            choices=_boolean_choices,
            coerce=v.parse_boolean,
            empty_value=None,
            **common,
        )
    elif kind == T.USER:
        out = forms.TypedChoiceField(
            choices=_user_choices(initial),
            coerce=int,
            empty_value=None,
            widget=forms.Select(attrs={"data-picker": ""}),
            **common,
        )
    elif kind == T.URL:
        out = forms.URLField(max_length=500, assume_scheme="https", **common)
    elif kind == T.EMAIL:
        out = forms.EmailField(max_length=254, **common)
    else:
        out = forms.CharField(
            max_length=40, widget=forms.TextInput(attrs={"type": "tel"}), **common
        )
    out.widget.attrs.setdefault("data-custom-field", field.key)
    return out
