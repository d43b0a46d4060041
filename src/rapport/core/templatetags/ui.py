"""UI template tags shared by every page: icons, badges, relative times, query-string edits."""

from __future__ import annotations

from typing import Any

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def icon(name: str, css: str = "") -> str:
    """Return an inline SVG that uses the vendored Tabler sprite."""
    href = static("vendor/icons/tabler-sprite.svg")
    return format_html(
        '<svg class="icon {}" aria-hidden="true"><use href="{}#tabler-{}"></use></svg>',
        css,
        href,
        name,
    )


@register.simple_tag(takes_context=True)
def query(context: dict[str, Any], **changes: Any) -> str:
    """Return the current query string with `changes` applied (None removes a key)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    params.pop("cursor", None) if "cursor" not in changes else None
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"
