"""Form helpers: Tabler classes on every widget, DomainError shown at its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rapport.core.errors import DomainError, ValidationFailed
from rapport.core.models import CustomField, Tag


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


# --- settings: custom fields and tags -------------------------------------------------------


class VersionedForm(StyledForm):
    """A styled form that marks invalid widgets and carries the version the user saw."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    stale = False

    def add_domain_error(self, error: DomainError) -> None:
        self.stale = self.stale or error.code == "stale_edit"
        super().add_domain_error(error)

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()

    def disable(self) -> None:
        """Show the form read-only (the viewer may look but not change)."""
        for f in self.fields.values():
            f.disabled = True

    @property
    def version(self) -> int:
        return int(self.cleaned_data.get("seen_version") or 0)


class CustomFieldForm(VersionedForm):
    """A custom-field definition. The entity, key and type are fixed once the field exists."""

    entity = forms.ChoiceField(label=_("Record type"))
    label = forms.CharField(label=_("Label"), max_length=100)
    key = forms.CharField(
        label=_("Key"),
        max_length=50,
        help_text=_("Used in the API, imports and filters (cf_<key>). Cannot change later."),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    type = forms.ChoiceField(label=_("Type"), choices=CustomField.Type.choices)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
        help_text=_(
            "One per line. Write “value | Label” to keep a short value apart from its label."
        ),
    )
    default = forms.CharField(
        label=_("Default value"),
        required=False,
        max_length=500,
        help_text=_("Filled in on new records. Leave empty for none."),
    )
    help_text = forms.CharField(
        label=_("Help text"),
        required=False,
        max_length=200,
        help_text=_("Shown under the field in forms."),
    )
    required = forms.BooleanField(label=_("Required"), required=False)
    unique = forms.BooleanField(
        label=_("Unique"),
        required=False,
        help_text=_("No two records may hold the same value."),
    )

    def __init__(self, *args: Any, field: CustomField | None = None, **kwargs: Any) -> None:
        from rapport.core.customfields import ENTITIES
        from rapport.core.customfields.values import default_as_text

        self.instance = field
        if field is not None:
            choices = "\n".join(
                c["value"]
                if c["value"] == c.get("label", c["value"])
                else f"{c['value']} | {c['label']}"
                for c in field.choices or []
            )
            kwargs.setdefault(
                "initial",
                {
                    "entity": field.entity, "label": field.label, "key": field.key,
                    "type": field.type, "choices": choices,
                    "default": default_as_text(field), "help_text": field.help_text,
                    "required": field.required, "unique": field.unique,
                    "seen_version": field.version,
                },
            )  # fmt: skip
        super().__init__(*args, **kwargs)
        entity = self.fields["entity"]
        assert isinstance(entity, forms.ChoiceField)
        entity.choices = [(k, str(label)) for k, (label, _model) in ENTITIES.items()]
        if field is not None:
            for name in ("entity", "key", "type"):
                self.fields[name].disabled = True
                self.fields[name].required = False
        self.fields["type"].widget.attrs["data-cf-type"] = ""


class TagForm(VersionedForm):
    name = forms.CharField(label=_("Name"), max_length=60)
    color = forms.ChoiceField(
        label=_("Colour"),
        choices=Tag.Color.choices,
        initial=Tag.Color.BLUE,
        widget=forms.RadioSelect(attrs={"class": "form-colorinput-input"}),
    )

    def __init__(self, *args: Any, tag: Tag | None = None, **kwargs: Any) -> None:
        if tag is not None:
            kwargs.setdefault(
                "initial", {"name": tag.name, "color": tag.color, "seen_version": tag.version}
            )
        super().__init__(*args, **kwargs)
        self.fields["color"].widget.attrs["class"] = "form-colorinput-input"


class TagSelect(forms.SelectMultiple):
    """A multiple select whose options carry their tag's colour, for the Tom Select picker."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        tag = getattr(option["value"], "instance", None)
        if tag is not None:
            option["attrs"]["data-color"] = tag.color
        return option


class TagField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Pick tags for a record; render it with {% include "ui/cf_tags.html" with field=… %}."""

    widget = TagSelect

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Tag.objects.order_by("name"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Tags"))
        super().__init__(**kwargs)
        self.widget.attrs.update({"data-tag-picker": "", "class": "form-select"})
