"""Settings → API tokens: list one's tokens, create one (shown once), revoke; admins see all."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rapport.api.forms import TokenForm
from rapport.core.errors import DomainError, NotFound
from rapport.core.http import AuthedRequest
from rapport.core.pagination import BadCursor, paginate
from rapport.org import tokens

TEMPLATE = "api/token_list.html"
PAGE_SIZE = 50


def _context(request: AuthedRequest, form: TokenForm | None = None, **extra: Any) -> dict[str, Any]:
    actor = request.user
    can_all = tokens.can_manage_all_tokens(actor)
    tab = "all" if can_all and request.GET.get("tab") == "all" else "mine"
    now = timezone.now()
    context = {
        "form": form or TokenForm(),
        "tab": tab,
        "can_all": can_all,
        "now": now,
        "soon": now + dt.timedelta(days=7),
    }
    if tab == "all":
        everyone = tokens.list_all_tokens(actor=actor)
        try:
            page = paginate(everyone, ["-created_at"], request.GET.get("cursor"), PAGE_SIZE)
        except BadCursor:
            page = paginate(everyone, ["-created_at"], None, PAGE_SIZE)
        context.update(tokens=page.items, next_cursor=page.next_cursor)
    else:
        context.update(tokens=list(tokens.list_own_tokens(actor=actor)), next_cursor=None)
    return {**context, **extra}


@require_http_methods(["GET", "POST"])
def token_list(request: AuthedRequest) -> HttpResponse:
    """Show the actor's tokens; on POST create one and show its plaintext this once."""
    if request.method != "POST":
        return render(request, TEMPLATE, _context(request))
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, plaintext = tokens.create_token(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            # Rendered, not redirected: the plaintext is never stored, so it exists only here.
            response = render(
                request, TEMPLATE, _context(request, created=token, plaintext=plaintext)
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(request, TEMPLATE, _context(request, form))


@require_POST
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        token = tokens.get_token(actor=request.user, pk=pk)
    except NotFound:
        raise Http404 from None
    try:
        tokens.revoke_token(actor=request.user, token=token)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    url = redirect("apitokens:token-list").url
    return redirect(f"{url}?tab=all" if request.POST.get("tab") == "all" else url)
