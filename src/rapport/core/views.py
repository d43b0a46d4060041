"""Shell pages: home, global search, notifications, module landing pages, health check."""

from __future__ import annotations

from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from rapport.core import selectors, services
from rapport.core.http import AuthedRequest
from rapport.core.models import Module


def home(request: AuthedRequest) -> HttpResponse:
    return render(request, "core/home.html", {"home": selectors.get_home(actor=request.user)})


def healthz(request: AuthedRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def search(request: AuthedRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    results = selectors.global_search(actor=request.user, q=q) if q else []
    return render(request, "core/search.html", {"q": q, "results": results})


def notifications(request: AuthedRequest) -> HttpResponse:
    if request.method == "POST":
        services.mark_notifications_read(actor=request.user)
    items = request.user.notifications.all()[:100]
    return render(request, "core/notifications.html", {"items": items})


MODULE_TEXT = {
    "sales": (
        _("Leads, deals, quotes, contracts, orders and payments will live here."),
        "chart-arrows",
    ),
    "service": (_("Tickets, SLAs, surveys and the knowledge base will live here."), "headset"),
    "marketing": (
        _("Segments, campaigns, email campaigns and web forms will live here."),
        "speakerphone",
    ),
    "analytics": (
        _("RFM, lifetime value, churn scores, funnels and dashboards will live here."),
        "chart-pie",
    ),
}


def module_home(request: AuthedRequest, module: str) -> HttpResponse:
    if module not in Module.values or not request.user.has_right(module, "view"):
        raise Http404
    text, icon = MODULE_TEXT.get(module, ("", "box"))
    return render(
        request,
        "core/module.html",
        {"module": Module(module), "text": text, "icon": icon},
    )
