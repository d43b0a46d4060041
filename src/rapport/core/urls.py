"""Settings pages owned by core: custom fields, tags, the audit log."""

from django.urls import path

from rapport.core.stub import todo

app_name = "core"

urlpatterns = [
    path("fields/", todo, name="field-list"),
    path("tags/", todo, name="tag-list"),
    path("audit/", todo, name="audit-list"),
]
