"""Settings pages owned by core: custom fields, tags and the audit log.

Without the settings view right these pages do not exist (404); a viewer sees them
read-only, and a write they may not make answers 403 (the services check the right).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from rapport.core import auditlog, tags
from rapport.core.customfields import ENTITIES, selectors, services
from rapport.core.customfields.values import CHOICE_TYPES, UNIQUE_TYPES
from rapport.core.errors import DomainError, NotFound, PermissionDenied
from rapport.core.forms import CustomFieldForm, TagForm
from rapport.core.http import AuthedRequest
from rapport.core.models import Module, Right, Tag
from rapport.core.pagination import BadCursor

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


def _can_edit(request: AuthedRequest) -> bool:
    return bool(request.user.has_right(Module.SETTINGS, Right.EDIT))


def _to_form(form: Any, exc: DomainError) -> None:
    if isinstance(exc, NotFound | PermissionDenied):
        raise exc
    form.add_domain_error(exc)


# --- custom fields -----------------------------------------------------------------------


@settings_page
def field_list(request: AuthedRequest) -> HttpResponse:
    groups = selectors.list_field_groups(actor=request.user)
    context = {"groups": groups, "can_edit": _can_edit(request)}
    return render(request, "core/settings/field_list.html", context)


def _field_context(form: CustomFieldForm, **extra: Any) -> dict[str, Any]:
    return {
        "form": form,
        "choice_types": " ".join(sorted(CHOICE_TYPES)),
        "unique_types": " ".join(sorted(UNIQUE_TYPES)),
        **extra,
    }


@settings_page
def field_create(request: AuthedRequest) -> HttpResponse:
    if not _can_edit(request):
        raise PermissionDenied()
    entity = request.GET.get("entity", "")
    initial = {"entity": entity if entity in ENTITIES else next(iter(ENTITIES))}
    form = CustomFieldForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            field = services.create_field(
                actor=request.user, entity=data["entity"], key=data["key"], label=data["label"],
                type=data["type"], required=data["required"], unique=data["unique"],
                default=data["default"], choices=data["choices"], help_text=data["help_text"],
            )  # fmt: skip
        except DomainError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("Field %(label)s is created.") % {"label": field.label})
            return redirect(f"{_list_url()}#entity-{field.entity}")
    return render(request, "core/settings/field_form.html", _field_context(form, can_edit=True))


def _list_url() -> str:
    return reverse("core:field-list")


@settings_page
def field_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    field = selectors.get_field(actor=request.user, pk=pk)
    form = CustomFieldForm(request.POST or None, field=field)
    can_edit = _can_edit(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_field(
                actor=request.user, field=field, version=form.version, label=data["label"],
                required=data["required"], unique=data["unique"], default=data["default"],
                choices=data["choices"], help_text=data["help_text"],
            )  # fmt: skip
        except DomainError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("Field %(label)s is saved.") % {"label": data["label"]})
            return redirect(f"{_list_url()}#entity-{field.entity}")
    if not can_edit:
        form.disable()
    history = auditlog.audit_for(request.user, field, limit=10)
    context = _field_context(form, field=field, can_edit=can_edit, history=history)
    return render(request, "core/settings/field_form.html", context)


@settings_page
@require_POST
def field_set_active(request: AuthedRequest, pk: int, active: bool) -> HttpResponse:
    field = selectors.get_field(actor=request.user, pk=pk)
    services.set_field_active(actor=request.user, field=field, active=active)
    if active:
        messages.success(request, _("Field %(label)s is back in use.") % {"label": field.label})
    else:
        messages.success(
            request,
            _("Field %(label)s is deactivated; records keep their values.")
            % {"label": field.label},
        )
    return redirect(f"{_list_url()}#entity-{field.entity}")


@settings_page
@require_POST
def field_reorder(request: AuthedRequest) -> HttpResponse:
    """Save the order the user dragged the fields into (SortableJS posts the ids)."""
    try:
        services.reorder_fields(
            actor=request.user,
            entity=request.POST.get("entity", ""),
            ids=request.POST.getlist("ids"),
        )
    except DomainError as exc:
        if isinstance(exc, NotFound | PermissionDenied):
            raise
        return JsonResponse({"error": exc.message}, status=400)
    return JsonResponse({"message": _("The new order is saved.")})


# --- tags --------------------------------------------------------------------------------


@settings_page
def tag_list(request: AuthedRequest) -> HttpResponse:
    can_edit = _can_edit(request)
    form = TagForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied()
        if form.is_valid():
            data = form.cleaned_data
            try:
                tag = tags.create_tag(actor=request.user, name=data["name"], color=data["color"])
            except DomainError as exc:
                _to_form(form, exc)
            else:
                messages.success(request, _("Tag %(name)s is created.") % {"name": tag.name})
                return redirect("core:tag-list")
    rows = tags.list_tags(actor=request.user)
    context = {"rows": rows, "form": form, "can_edit": can_edit, "colors": Tag.Color.choices}
    return render(request, "core/settings/tag_list.html", context)


@settings_page
def tag_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    tag = tags.get_tag(actor=request.user, pk=pk)
    form = TagForm(request.POST or None, tag=tag)
    can_edit = _can_edit(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tags.update_tag(
                actor=request.user, tag=tag, version=form.version,
                name=data["name"], color=data["color"],
            )  # fmt: skip
        except DomainError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("Tag %(name)s is saved.") % {"name": data["name"]})
            return redirect("core:tag-list")
    if not can_edit:
        form.disable()
    usage = tags.usage_counts().get(tag.pk, {})
    context = {
        "form": form, "tag": tag, "can_edit": can_edit, "usage": usage,
        "used": sum(usage.values()), "history": auditlog.audit_for(request.user, tag, limit=10),
    }  # fmt: skip
    return render(request, "core/settings/tag_form.html", context)


@settings_page
@require_POST
def tag_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    tag = tags.get_tag(actor=request.user, pk=pk)
    removed = tags.delete_tag(actor=request.user, tag=tag)
    text = ngettext(
        "Tag %(name)s is deleted and taken off %(n)d record.",
        "Tag %(name)s is deleted and taken off %(n)d records.",
        removed,
    )
    messages.success(request, text % {"name": tag.name, "n": removed})
    return redirect("core:tag-list")


# --- audit log ---------------------------------------------------------------------------


@settings_page
def audit_list(request: AuthedRequest) -> HttpResponse:
    filters = auditlog.AuditFilter.from_query(request.GET)
    try:
        page = auditlog.filter_audit(
            actor=request.user, filters=filters, cursor=request.GET.get("cursor")
        )
    except BadCursor:
        page = auditlog.filter_audit(actor=request.user, filters=filters)
    context = {
        "page": page, "filters": filters, "actions": auditlog.action_choices(),
        "object_types": auditlog.object_type_choices(), "actors": auditlog.actor_choices(),
    }  # fmt: skip
    partial = getattr(request, "htmx", False) and request.headers.get("HX-Target") == "audit-table"
    template = "core/settings/audit_list.html" + ("#audit-table" if partial else "")
    return render(request, template, context)
