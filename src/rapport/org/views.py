"""Settings pages: users, units, roles; the user's own profile.

Without the settings view right the organisation pages do not exist (404); a viewer sees
forms read-only, and a write they may not make answers 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from rapport.core.errors import DomainError, NotFound, PermissionDenied
from rapport.core.http import AuthedRequest
from rapport.core.models import Module, Right
from rapport.core.pagination import BadCursor
from rapport.core.scopes import require_right
from rapport.org import selectors, services
from rapport.org.forms import PasswordResetForm, ProfileForm, RoleForm, UnitForm, UserForm
from rapport.org.models import User

View = Callable[..., HttpResponse]


def settings_page(view: View) -> View:
    """Answer 404 without the settings view right; turn service refusals into 404 or 403."""

    @wraps(view)
    def wrapper(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_right(Module.SETTINGS, Right.VIEW):
            raise Http404
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None
        except PermissionDenied as exc:
            raise HttpForbidden(exc.message) from None

    return wrapper


def _message(exc: DomainError) -> str:
    """Return a refusal's message; a missing right or record is re-raised (403 / 404)."""
    if isinstance(exc, NotFound | PermissionDenied):
        raise exc
    return exc.message


def _to_form(form: Any, exc: DomainError) -> None:
    """Show a refusal at its field; a missing right or record is not a form error."""
    _message(exc)
    form.add_domain_error(exc)


def _can(request: AuthedRequest, right: str) -> bool:
    return bool(request.user.has_right(Module.SETTINGS, right))


def settings_home(request: AuthedRequest) -> HttpResponse:
    overview = selectors.get_settings_overview(actor=request.user)
    return render(request, "org/settings_home.html", {"overview": overview})


def profile(request: AuthedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "seen_version"}
        try:
            services.update_profile(actor=request.user, version=form.version, **values)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            translation.activate(request.user.language)
            messages.success(request, _("Your profile is saved."))
            response = redirect("org:profile")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, request.user.language,
                max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax",
            )  # fmt: skip
            return response
    return render(request, "org/profile.html", {"form": form})


@require_POST
def set_language(request: AuthedRequest) -> HttpResponse:
    """Switch the interface language and keep it as the user's preference."""
    language = request.POST.get("language", "")
    try:
        services.set_language(actor=request.user, language=language)
    except DomainError:
        return HttpResponse(_("Choose one of the offered languages."), status=400)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    translation.activate(language)
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language,
        max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax",
    )  # fmt: skip
    return response


# --- users ---------------------------------------------------------------------------------


@settings_page
def user_list(request: AuthedRequest) -> HttpResponse:
    filters = selectors.UserFilter.from_query(request.GET)
    try:
        page = selectors.filter_users(
            actor=request.user, filters=filters, cursor=request.GET.get("cursor")
        )
    except BadCursor:
        page = selectors.filter_users(actor=request.user, filters=filters)
    labels = selectors.unit_labels()
    context = {
        "page": page, "filters": filters, "can_create": _can(request, Right.CREATE),
        "units": sorted(labels.items(), key=lambda item: item[1]),
        "roles": selectors.role_choices(),
    }  # fmt: skip
    template = (
        "org/user_list.html#user-table" if getattr(request, "htmx", False) else "org/user_list.html"
    )
    return render(request, template, context)


@settings_page
def user_create(request: AuthedRequest) -> HttpResponse:
    require_right(request.user, Module.SETTINGS, Right.CREATE)
    form = UserForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password"]
        try:
            user = services.create_user(actor=request.user, data=form.to_input(), password=password)
        except DomainError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("User %(name)s is created.") % {"name": user})
            return redirect("org:user-edit", user.pk)
    return render(request, "org/user_form.html", {"form": form, "can_edit": True})


def _user_page(request: AuthedRequest, user: User, form: UserForm, password_form: Any) -> Any:
    can_edit = _can(request, Right.EDIT)
    if not can_edit:
        form.disable()
    context = {
        "form": form, "subject": user, "password_form": password_form, "can_edit": can_edit,
        "history": selectors.user_history(user=user),
        "is_self": user.pk == request.user.pk,
    }  # fmt: skip
    return render(request, "org/user_form.html", context)


@settings_page
def user_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = selectors.get_user(actor=request.user, pk=pk)
    form = UserForm(request.POST or None, actor=request.user, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(
                actor=request.user, user=user, version=form.version, data=form.to_input()
            )
        except DomainError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("Changes to %(name)s are saved.") % {"name": user})
            return redirect("org:user-edit", user.pk)
    return _user_page(request, user, form, PasswordResetForm())


@settings_page
@require_POST
def user_password(request: AuthedRequest, pk: int) -> HttpResponse:
    user = selectors.get_user(actor=request.user, pk=pk)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        try:
            services.set_user_password(
                actor=request.user, user=user, password=form.cleaned_data["password"]
            )
        except DomainError as exc:
            _to_form(form, exc)
        else:
            if user.pk == request.user.pk:
                update_session_auth_hash(request, user)
            messages.success(request, _("The password of %(name)s is changed.") % {"name": user})
            return redirect("org:user-edit", user.pk)
    return _user_page(request, user, UserForm(actor=request.user, user=user), form)


@settings_page
@require_POST
def user_set_active(request: AuthedRequest, pk: int, active: bool) -> HttpResponse:
    user = selectors.get_user(actor=request.user, pk=pk)
    service = services.reactivate_user if active else services.deactivate_user
    try:
        service(actor=request.user, user=user)
    except DomainError as exc:
        messages.error(request, _message(exc))
    else:
        done = _("%(name)s may log in again.") if active else _("%(name)s is deactivated.")
        messages.success(request, done % {"name": user})
    return redirect("org:user-edit", user.pk)


# --- units ---------------------------------------------------------------------------------


@settings_page
def unit_list(request: AuthedRequest) -> HttpResponse:
    nodes = selectors.unit_tree(actor=request.user)
    context = {
        "nodes": nodes, "can_create": _can(request, Right.CREATE),
        "can_edit": _can(request, Right.EDIT), "can_delete": _can(request, Right.DELETE),
    }  # fmt: skip
    return render(request, "org/unit_list.html", context)


@settings_page
def unit_create(request: AuthedRequest) -> HttpResponse:
    require_right(request.user, Module.SETTINGS, Right.CREATE)
    initial = {"parent": request.GET.get("parent"), "kind": request.GET.get("kind", "team")}
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.create_unit(
                actor=request.user, name=data["name"], kind=data["kind"], parent=data["parent"]
            )
        except DomainError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("Unit %(name)s is created.") % {"name": unit})
            return redirect("org:unit-list")
    return render(request, "org/unit_form.html", {"form": form, "can_edit": True})


@settings_page
def unit_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = selectors.get_unit(actor=request.user, pk=pk)
    form = UnitForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_unit(
                actor=request.user, unit=unit, version=form.version,
                name=data["name"], kind=data["kind"], parent=data["parent"],
            )  # fmt: skip
        except DomainError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("Unit %(name)s is saved.") % {"name": data["name"]})
            return redirect("org:unit-list")
    can_edit = _can(request, Right.EDIT)
    if not can_edit:
        form.disable()
    context = {
        "form": form, "unit": unit, "can_edit": can_edit, "can_delete": _can(request, Right.DELETE),
        "node": selectors.unit_summary(unit=unit),
    }  # fmt: skip
    return render(request, "org/unit_form.html", context)


@settings_page
@require_POST
def unit_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = selectors.get_unit(actor=request.user, pk=pk)
    try:
        services.delete_unit(actor=request.user, unit=unit)
    except DomainError as exc:
        messages.error(request, _message(exc))
        return redirect("org:unit-edit", unit.pk)
    messages.success(request, _("Unit %(name)s is deleted.") % {"name": unit})
    return redirect("org:unit-list")


# --- roles ---------------------------------------------------------------------------------


@settings_page
def role_list(request: AuthedRequest) -> HttpResponse:
    rows = selectors.list_roles(actor=request.user)
    context = {"rows": rows, "can_create": _can(request, Right.CREATE)}
    return render(request, "org/role_list.html", context)


@settings_page
def role_create(request: AuthedRequest) -> HttpResponse:
    require_right(request.user, Module.SETTINGS, Right.CREATE)
    form = RoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            role = services.create_role(
                actor=request.user, name=data["name"], description=data["description"],
                is_admin=data["is_admin"], grants=form.grants(),
            )  # fmt: skip
        except DomainError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("Role %(name)s is created.") % {"name": role})
            return redirect("org:role-list")
    return render(request, "org/role_form.html", {"form": form, "can_edit": True})


@settings_page
def role_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    role = selectors.get_role(actor=request.user, pk=pk)
    form = RoleForm(request.POST or None, role=role)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_role(
                actor=request.user, role=role, version=form.version, name=data["name"],
                description=data["description"], is_admin=data["is_admin"], grants=form.grants(),
            )  # fmt: skip
        except DomainError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("Role %(name)s is saved.") % {"name": data["name"]})
            return redirect("org:role-list")
    can_edit = _can(request, Right.EDIT)
    if not can_edit:
        form.disable()
    context = {
        "form": form, "role": role, "can_edit": can_edit, "can_delete": _can(request, Right.DELETE),
        "holders": selectors.role_holders(role=role),
    }  # fmt: skip
    return render(request, "org/role_form.html", context)


@settings_page
@require_POST
def role_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    role = selectors.get_role(actor=request.user, pk=pk)
    try:
        services.delete_role(actor=request.user, role=role)
    except DomainError as exc:
        messages.error(request, _message(exc))
        return redirect("org:role-edit", role.pk)
    messages.success(request, _("Role %(name)s is deleted.") % {"name": role})
    return redirect("org:role-list")
