"""Sign-in security forms: the login's second step, the app's set-up code, passwords, unlock.

Forms only shape input; the rules (is the code right, is the password good) live in
services, whose DomainErrors the views put back at the field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rapport.core.forms import StyledForm


class _Form(StyledForm):
    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def _code_input(**attrs: Any) -> forms.TextInput:
    return forms.TextInput(
        attrs={
            "autocomplete": "one-time-code",
            "autocapitalize": "off",
            "spellcheck": "false",
            "class": "form-control-lg text-center font-monospace code-input",
            **attrs,
        }
    )


class SecondFactorForm(_Form):
    """The login's second step: a code from the app, or a backup code."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        error_messages={"required": _("Enter the 6-digit code from your authenticator app.")},
        widget=_code_input(autofocus=True, placeholder="123456"),
    )


class ConfirmAppForm(_Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=12,
        error_messages={"required": _("Enter the 6 digits your authenticator app shows.")},
        widget=_code_input(inputmode="numeric", placeholder="123456"),
    )


def _password(label: Any, autocomplete: str, **extra: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
        **extra,
    )


class PasswordConfirmForm(_Form):
    """Turning the second factor off asks for the password again."""

    password = _password(
        _("Your password"),
        "current-password",
        error_messages={"required": _("Enter your password to turn two-factor sign-in off.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].widget.attrs["placeholder"] = _("Your password")


class PasswordChangeForm(_Form):
    old_password = _password(
        _("Current password"),
        "current-password",
        error_messages={"required": _("Enter your current password.")},
    )
    new_password = _password(
        _("New password"),
        "new-password",
        error_messages={"required": _("Enter a new password.")},
    )
    new_password2 = _password(
        _("Repeat the new password"),
        "new-password",
        error_messages={"required": _("Repeat the new password.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("The two new passwords differ."))
        return data


class UnlockForm(_Form):
    username = forms.CharField(max_length=150, widget=forms.HiddenInput)
    ip_address = forms.GenericIPAddressField(required=False, widget=forms.HiddenInput)
