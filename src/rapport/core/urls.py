"""Settings pages owned by core: custom fields, tags, the audit log."""

from django.urls import path

from rapport.core import settings_views as views

app_name = "core"

urlpatterns = [
    path("fields/", views.field_list, name="field-list"),
    path("fields/new/", views.field_create, name="field-create"),
    path("fields/order/", views.field_reorder, name="field-reorder"),
    path("fields/<int:pk>/", views.field_edit, name="field-edit"),
    path(
        "fields/<int:pk>/deactivate/",
        views.field_set_active,
        {"active": False},
        name="field-deactivate",
    ),
    path(
        "fields/<int:pk>/reactivate/",
        views.field_set_active,
        {"active": True},
        name="field-reactivate",
    ),
    path("tags/", views.tag_list, name="tag-list"),
    path("tags/<int:pk>/", views.tag_edit, name="tag-edit"),
    path("tags/<int:pk>/delete/", views.tag_delete, name="tag-delete"),
    path("audit/", views.audit_list, name="audit-list"),
]
