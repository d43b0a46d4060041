"""Org forms: login (username or email), users, units, roles with their grants matrix, profile.

Forms parse and shape input; the rules (uniqueness, cycles, passwords) live in the services,
whose DomainErrors the views put back at the field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from rapport.core.errors import DomainError
from rapport.core.forms import StyledForm, StyledFormMixin
from rapport.core.models import DataScope, Module, Right
from rapport.org import selectors
from rapport.org.models import OrgUnit, Role, User
from rapport.org.services import RIGHTS, GrantInput, UserInput, time_zones


class LoginForm(StyledFormMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("Username or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


TZ_ERRORS = {"invalid_choice": _("Choose a time zone from the list, such as Europe/London.")}


def _tz_choices() -> list[tuple[str, str]]:
    return [(tz, tz.replace("_", " ")) for tz in sorted(time_zones())]


class OrgForm(StyledForm):
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


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A unit picker labelled with breadcrumbs, so two "Sales" departments differ."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.labels: dict[int, str] = {}

    def label_from_instance(self, obj: Any) -> str:
        return self.labels.get(obj.pk, obj.name)


def _picker(placeholder: Any = "") -> dict[str, Any]:
    return {"data-picker": "", "data-placeholder": placeholder}


class UserForm(OrgForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=150,
        required=False,
        help_text=_("Shown instead of the first and last name, e.g. 王芳."),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    title = forms.CharField(label=_("Job title"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    unit = UnitChoiceField(
        label=_("Unit"), queryset=OrgUnit.objects.none(), required=False, empty_label=_("No unit"),
        widget=forms.Select(attrs=_picker(_("Choose a unit"))),
    )  # fmt: skip
    manager = forms.ModelChoiceField(
        label=_("Manager"), queryset=User.objects.none(), required=False,
        empty_label=_("No manager"),
        widget=forms.Select(attrs=_picker(_("No manager"))),
    )  # fmt: skip
    roles = forms.ModelMultipleChoiceField(
        label=_("Roles"), queryset=Role.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs=_picker(_("Choose roles"))),
    )  # fmt: skip
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    time_zone = forms.ChoiceField(
        label=_("Time zone"), widget=forms.Select(attrs=_picker()), initial="UTC",
        error_messages=TZ_ERRORS,
    )  # fmt: skip
    is_active = forms.BooleanField(label=_("Active (may log in)"), required=False, initial=True)
    password = forms.CharField(
        label=_("Password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )  # fmt: skip
    password2 = forms.CharField(
        label=_("Repeat the password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )  # fmt: skip

    def __init__(self, *args: Any, actor: Any, user: User | None = None, **kwargs: Any) -> None:
        if user is not None:
            initial = {name: getattr(user, name) for name in UserInput.__dataclass_fields__}
            initial.update(roles=list(user.roles.all()), seen_version=user.version)
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, UnitChoiceField)
        unit_field.queryset = selectors.unit_choices(keep=user.unit_id if user else None)
        unit_field.labels = selectors.unit_labels()
        manager_field = self.fields["manager"]
        assert isinstance(manager_field, forms.ModelChoiceField)
        manager_field.queryset = selectors.manager_choices(
            actor=actor, keep=user.manager if user else None
        )
        if user is not None:
            manager_field.queryset = manager_field.queryset.exclude(pk=user.pk)
        roles_field = self.fields["roles"]
        assert isinstance(roles_field, forms.ModelMultipleChoiceField)
        roles_field.queryset = selectors.role_choices()
        tz_field = self.fields["time_zone"]
        assert isinstance(tz_field, forms.ChoiceField)
        tz_field.choices = _tz_choices()
        if user is not None:
            del self.fields["password"], self.fields["password2"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "password" in self.fields and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data

    def to_input(self) -> UserInput:
        data = self.cleaned_data
        values: dict[str, Any] = {name: data.get(name) for name in UserInput.__dataclass_fields__}
        values["roles"] = tuple(data.get("roles") or ())
        values["email"] = data.get("email") or ""
        return UserInput(**values)


class PasswordResetForm(OrgForm):
    password = forms.CharField(
        label=_("New password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )  # fmt: skip
    password2 = forms.CharField(
        label=_("Repeat the new password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class UnitForm(OrgForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgUnit.Kind.choices)
    parent = UnitChoiceField(
        label=_("Parent unit"), queryset=OrgUnit.objects.none(), required=False,
        empty_label=_("None (top of the tree)"),
        widget=forms.Select(attrs=_picker(_("None (top of the tree)"))),
        help_text=_("Choose another parent to move the unit with all its sub-units."),
    )  # fmt: skip

    def __init__(self, *args: Any, unit: OrgUnit | None = None, **kwargs: Any) -> None:
        if unit is not None:
            kwargs.setdefault(
                "initial",
                {"name": unit.name, "kind": unit.kind, "parent": unit.parent_id,
                 "seen_version": unit.version},
            )  # fmt: skip
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, UnitChoiceField)
        parent.queryset = selectors.unit_choices(
            keep=unit.parent_id if unit else None, exclude_subtree_of=unit
        )
        parent.labels = selectors.unit_labels()


class RoleForm(OrgForm):
    """A role and its grants matrix: per module a data scope and six rights."""

    name = forms.CharField(label=_("Name"), max_length=80)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    is_admin = forms.BooleanField(
        label=_("Administrator"),
        required=False,
        help_text=_("Every right in every module, whatever the grants below say."),
    )

    def __init__(self, *args: Any, role: Role | None = None, **kwargs: Any) -> None:
        if role is not None:
            initial: dict[str, Any] = {
                "name": role.name, "description": role.description, "is_admin": role.is_admin,
                "seen_version": role.version,
            }  # fmt: skip
            for module, grant in selectors.grants_of(role).items():
                initial[f"{module}_scope"] = grant.scope
                initial.update({f"{module}_{r}": True for r in grant.rights})
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for module in Module.values:
            self.fields[f"{module}_scope"] = forms.ChoiceField(
                label=_("Data scope"), choices=DataScope.choices, initial=DataScope.OWN,
                required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )  # fmt: skip
            for right in RIGHTS:
                self.fields[f"{module}_{right}"] = forms.BooleanField(
                    label=Right(right).label, required=False,
                    widget=forms.CheckboxInput(
                        attrs={"class": "form-check-input m-0", "data-right": right}
                    ),
                )  # fmt: skip

    def rows(self) -> list[dict[str, Any]]:
        """Return the grants matrix: one row per module with its scope and right fields."""
        return [
            {
                "module": module,
                "label": label,
                "scope": self[f"{module}_scope"],
                "rights": [self[f"{module}_{r}"] for r in RIGHTS],
                "errors": [e for r in ("scope", *RIGHTS) for e in self[f"{module}_{r}"].errors],
            }
            for module, label in Module.choices
        ]

    def grants(self) -> dict[str, GrantInput]:
        data = self.cleaned_data
        return {
            module: GrantInput(
                data.get(f"{module}_scope") or DataScope.OWN,
                frozenset(r for r in RIGHTS if data.get(f"{module}_{r}")),
            )
            for module in Module.values
        }


class ProfileForm(OrgForm):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    display_name = forms.CharField(
        label=_("Display name"), max_length=150, required=False,
        help_text=_("Shown instead of your first and last name, e.g. 王芳."),
    )  # fmt: skip
    email = forms.EmailField(label=_("Email"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    time_zone = forms.ChoiceField(
        label=_("Time zone"), widget=forms.Select(attrs=_picker()), error_messages=TZ_ERRORS
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        names = ("first_name", "last_name", "display_name", "email", "language", "time_zone")
        initial = {name: getattr(user, name) for name in names}
        kwargs.setdefault("initial", {**initial, "seen_version": user.version})
        super().__init__(*args, **kwargs)
        tz_field = self.fields["time_zone"]
        assert isinstance(tz_field, forms.ChoiceField)
        tz_field.choices = _tz_choices()
