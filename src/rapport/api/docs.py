"""The API docs page: Swagger UI from ninja's bundled files, no CDN and no inline script.

Ninja's own page falls back to a CDN copy of Swagger UI unless "ninja" is an installed app,
and its settings would let Swagger UI call the public validator. This page loads only
static files served by Rapport (so it works offline and under the CSP) and passes its
settings as a JSON data block that a static script reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI


class LocalSwagger(Swagger):
    template = "api/docs.html"
    default_settings = {
        "layout": "BaseLayout",
        "deepLinking": True,
        "validatorUrl": None,  # never send the schema to validator.swagger.io
        "displayRequestDuration": True,
        "docExpansion": "list",
        "defaultModelsExpandDepth": 0,
        "tryItOutEnabled": False,
    }

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {"api": api, "swagger_settings": settings}
        return render(request, self.template, context)
