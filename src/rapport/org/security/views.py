"""Sign-in pages: the two-step login, the user's Security page, and the administrators' page
of lockouts and second factors.

The login's second step keeps only the pending user's id in the session, for five minutes;
the session is logged in after the code is right, never before. Without the settings edit
right the administrators' page answers 404 (no settings at all) or 403 (view only).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice

from rapport.core.errors import DomainError, NotFound, PermissionDenied
from rapport.core.http import AuthedRequest
from rapport.core.models import Module, Right
from rapport.core.pagination import BadCursor
from rapport.org import selectors as org_selectors
from rapport.org.forms import LoginForm
from rapport.org.models import User
from rapport.org.security import qr, selectors, services
from rapport.org.security.forms import (
    ConfirmAppForm,
    PasswordChangeForm,
    PasswordConfirmForm,
    SecondFactorForm,
    UnlockForm,
)
from rapport.org.security.lockout import lockout_username
from rapport.org.security.receivers import SECOND_STEP

PENDING_KEY = "security_pending_login"
PENDING_SECONDS = 300
FRESH_CODES_KEY = "security_fresh_codes"

View = Callable[..., HttpResponse]


# --- login ---------------------------------------------------------------------------------


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _complete_login(
    request: HttpRequest, user: User, next_url: str, backend: str | None, device: Device | None
) -> HttpResponse:
    """Log the session in, switch to the user's language and go on to the next page."""
    if device is not None:
        user.otp_device = device  # type: ignore[attr-defined]  # django-otp marks the session
    auth_login(request, user, backend=backend)
    language = user.language if user.language in dict(settings.LANGUAGES) else None
    response = redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    if language:
        translation.activate(language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language,
            max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )  # fmt: skip
    if isinstance(device, StaticDevice):
        left = selectors.two_factor_status(user=user).backup_codes_left
        messages.warning(
            request,
            ngettext(
                "You used a backup code. %(n)d code is left: make new ones on your Security page.",
                "You used a backup code. %(n)d codes are left: make new ones on your Security page.",
                left,
            ) % {"n": left},
        )  # fmt: skip
    return response


@sensitive_post_parameters()
@csrf_protect
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    """First step: username or email and password; then a code if the user has 2FA."""
    next_url = _next_url(request)
    if request.user.is_authenticated:
        return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    request.session.pop(PENDING_KEY, None)
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        backend = getattr(user, "backend", None)
        if selectors.has_two_factor(user=user):
            request.session[PENDING_KEY] = {
                "user": user.pk, "backend": backend, "at": int(time.time()), "next": next_url,
            }  # fmt: skip
            return redirect("login-verify")
        return _complete_login(request, user, next_url, backend, None)
    return render(request, "registration/login.html", {"form": form, "next": next_url})


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """Answer a locked-out login (AXES_LOCKOUT_CALLABLE) with the locked page, status 429."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": selectors.failure_limit(),
        "minutes": max(1, round(cool_off.total_seconds() / 60)) if cool_off else None,
        "username": lockout_username(request, credentials) or "",
    }
    return render(request, "registration/locked.html", context, status=429)


def _pending_user(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None
    user = selectors.pending_login_user(pk=pending.get("user"))
    return (user, pending) if user is not None else None


def _locked(request: HttpRequest, user: User) -> bool:
    """Return True (and let axes answer with the locked page) if the account is locked."""
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_allowed(request, credentials):
        return False
    request.session.pop(PENDING_KEY, None)
    request.axes_locked_out = True  # type: ignore[attr-defined]
    request.axes_credentials = credentials  # type: ignore[attr-defined]
    return True


@sensitive_post_parameters()
@csrf_protect
@never_cache
def login_verify(request: HttpRequest) -> HttpResponse:
    """Second step: a code from the authenticator app or a backup code."""
    found = _pending_user(request)
    if found is None:
        messages.warning(request, _("Your sign-in timed out. Log in again."))
        return redirect("login")
    user, pending = found
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not _locked(request, user) and form.is_valid():
        try:
            device = services.verify_second_factor(user=user, code=form.cleaned_data["code"])
        except DomainError as exc:
            form.add_domain_error(exc)
            if exc.code == "invalid_code":
                credentials = {"username": user.get_username(), SECOND_STEP: True}
                user_login_failed.send(__name__, credentials=credentials, request=request)
                if getattr(request, "axes_locked_out", False):
                    request.session.pop(PENDING_KEY, None)
        else:
            request.session.pop(PENDING_KEY, None)
            return _complete_login(
                request, user, pending.get("next", ""), pending["backend"], device
            )
    return render(request, "registration/login_verify.html", {"form": form, "pending": user})


# --- the user's Security page --------------------------------------------------------------


def _overview(request: AuthedRequest, **forms: Any) -> HttpResponse:
    user = request.user
    context = {
        "status": selectors.two_factor_status(user=user),
        "history": selectors.sign_in_history(user=user),
        "password_form": forms.get("password_form") or PasswordChangeForm(),
        "disable_form": forms.get("disable_form") or PasswordConfirmForm(),
        "can_administer": user.has_right(Module.SETTINGS, Right.EDIT),
    }
    return render(request, "org/security/overview.html", context)


def overview(request: AuthedRequest) -> HttpResponse:
    return _overview(request)


@require_POST
@sensitive_post_parameters()
def password_change(request: AuthedRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.change_password(
                actor=request.user,
                old_password=data["old_password"],
                new_password=data["new_password"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password is changed."))
            return redirect("security:overview")
    return _overview(request, password_form=form)


@require_POST
def two_factor_start(request: AuthedRequest) -> HttpResponse:
    try:
        services.start_two_factor(actor=request.user)
    except DomainError as exc:
        messages.info(request, exc.message)
        return redirect("security:overview")
    return redirect("security:two-factor-setup")


def two_factor_setup(request: AuthedRequest) -> HttpResponse:
    """Show the QR code and secret of the new app, and confirm it with a code."""
    device = selectors.pending_totp_device(user=request.user)
    if device is None or selectors.has_two_factor(user=request.user):
        return redirect("security:overview")
    form = ConfirmAppForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_two_factor(actor=request.user, code=form.cleaned_data["code"])
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            # This session has just proven the second factor.
            otp_login(request, selectors.confirmed_totp_device(user=request.user))
            request.session[FRESH_CODES_KEY] = True
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect("security:backup-codes")
    context = {
        "form": form, "qr_svg": qr.svg(device.config_url), "secret": qr.readable_secret(device),
    }  # fmt: skip
    return render(request, "org/security/two_factor_setup.html", context)


@require_POST
@sensitive_post_parameters()
def two_factor_disable(request: AuthedRequest) -> HttpResponse:
    form = PasswordConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.disable_two_factor(actor=request.user, password=form.cleaned_data["password"])
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Two-factor sign-in is off."))
            return redirect("security:overview")
    return _overview(request, disable_form=form)


def backup_codes(request: AuthedRequest) -> HttpResponse:
    if not selectors.has_two_factor(user=request.user):
        return redirect("security:overview")
    context = {
        "codes": selectors.backup_codes(user=request.user),
        "fresh": request.session.pop(FRESH_CODES_KEY, False),
        "total": services.BACKUP_CODE_COUNT,
    }
    return render(request, "org/security/backup_codes.html", context)


def backup_codes_download(request: AuthedRequest) -> HttpResponse:
    if not selectors.has_two_factor(user=request.user):
        raise Http404
    lines = [
        str(_("Rapport backup codes for %(name)s") % {"name": request.user.get_username()}),
        str(_("Each code works once, in place of a code from your authenticator app.")),
        "",
        *selectors.backup_codes(user=request.user),
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="rapport-backup-codes.txt"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def backup_codes_regenerate(request: AuthedRequest) -> HttpResponse:
    try:
        services.regenerate_backup_codes(actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("security:overview")
    request.session[FRESH_CODES_KEY] = True
    messages.success(request, _("New backup codes are made; the old ones no longer work."))
    return redirect("security:backup-codes")


# --- administration ------------------------------------------------------------------------


def admin_page(view: View) -> View:
    """Answer 404 without the settings view right, 403 without the edit right."""

    @wraps(view)
    def wrapper(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_right(Module.SETTINGS, Right.VIEW):
            raise Http404
        if not request.user.has_right(Module.SETTINGS, Right.EDIT):
            raise HttpForbidden(_("Only people who may edit users manage sign-in security."))
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None
        except PermissionDenied as exc:
            raise HttpForbidden(exc.message) from None

    return wrapper


@admin_page
def administration(request: AuthedRequest) -> HttpResponse:
    try:
        page = selectors.two_factor_users(actor=request.user, cursor=request.GET.get("cursor"))
    except BadCursor:
        page = selectors.two_factor_users(actor=request.user)
    context = {
        "lockouts": selectors.list_lockouts(actor=request.user),
        "page": page,
        "failure_limit": selectors.failure_limit(),
    }
    return render(request, "org/security/administration.html", context)


@admin_page
@require_POST
def unlock(request: AuthedRequest) -> HttpResponse:
    form = UnlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a locked sign-in from the list."))
        return redirect("security:administration")
    username = form.cleaned_data["username"]
    try:
        count = services.unlock_login(
            actor=request.user, username=username, ip_address=form.cleaned_data["ip_address"]
        )
    except DomainError as exc:
        if isinstance(exc, NotFound | PermissionDenied):
            raise
        messages.error(request, exc.message)
    else:
        if count:
            messages.success(request, _("%(name)s may log in again.") % {"name": username})
        else:
            messages.info(request, _("%(name)s was no longer locked.") % {"name": username})
    return redirect("security:administration")


@admin_page
@require_POST
def two_factor_reset(request: AuthedRequest, pk: int) -> HttpResponse:
    user = org_selectors.get_user(actor=request.user, pk=pk)
    try:
        services.reset_two_factor(actor=request.user, user=user)
    except DomainError as exc:
        if isinstance(exc, NotFound | PermissionDenied):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Two-factor sign-in of %(name)s is reset: they log in with their password.")
            % {"name": user},
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = resolve_url("security:administration")
    return redirect(target)
