from django.urls import path

from rapport.org.security import views

app_name = "security"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("password/", views.password_change, name="password-change"),
    path("two-factor/start/", views.two_factor_start, name="two-factor-start"),
    path("two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/disable/", views.two_factor_disable, name="two-factor-disable"),
    path("two-factor/backup-codes/", views.backup_codes, name="backup-codes"),
    path(
        "two-factor/backup-codes/download/",
        views.backup_codes_download,
        name="backup-codes-download",
    ),
    path(
        "two-factor/backup-codes/new/",
        views.backup_codes_regenerate,
        name="backup-codes-regenerate",
    ),
    path("admin/", views.administration, name="administration"),
    path("admin/unlock/", views.unlock, name="unlock"),
    path(
        "admin/users/<int:pk>/reset-two-factor/",
        views.two_factor_reset,
        name="two-factor-reset",
    ),
]
