"""Template context for the app shell: the sidebar's modules and the unread count."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (module, label, icon, url name); the sidebar shows a module when the user may view it.
NAV = [
    ("home", _("Home"), "home", "home"),
    ("customers", _("Customers"), "building", "customers:account-list"),
    (
        "sales",
        _("Sales"),
        "chart-arrows",
        "module",
    ),
    ("service", _("Service"), "headset", "module"),
    ("marketing", _("Marketing"), "speakerphone", "module"),
    ("analytics", _("Analytics"), "chart-pie", "module"),
    ("settings", _("Settings"), "settings", "org:settings"),
]


def _url(name: str, module: str) -> str:
    try:
        if name == "module":
            return reverse("module", args=[module])
        return reverse(name)
    except NoReverseMatch:
        return reverse("module", args=[module])


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    for module, label, icon, url_name in NAV:
        if module != "home" and not user.has_right(module, "view"):
            continue
        items.append(
            {
                "module": module,
                "label": label,
                "icon": icon,
                "url": _url(url_name, module),
                "active": request.path.startswith(f"/{module}/")
                or (module == "home" and request.path == "/"),
            }
        )
    return {
        "nav_items": items,
        "unread_count": user.notifications.filter(read_at__isnull=True).count(),
        "perms_settings": user.has_right("settings", "view"),
    }
