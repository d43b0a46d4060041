"""Form for creating an API token on the settings page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rapport.core.forms import StyledForm
from rapport.org.tokens import NAME_LIMIT

LIFETIMES = [
    (7, _("7 days")),
    (30, _("30 days")),
    (90, _("90 days")),
    (180, _("180 days")),
    (365, _("1 year")),
]


class TokenForm(StyledForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_LIMIT,
        help_text=_("What will use the token, so you recognise it later."),
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. Nightly export"), "autocomplete": "off"}
        ),
    )
    expires_in_days = forms.TypedChoiceField(
        label=_("Expires after"), choices=LIFETIMES, coerce=int, initial=90
    )
