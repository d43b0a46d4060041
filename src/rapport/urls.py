from django.contrib.auth import views as auth_views
from django.urls import include, path

from rapport.api.urls import api
from rapport.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("search/", core_views.search, name="search"),
    path("notifications/", core_views.notifications, name="notifications"),
    path("m/<slug:module>/", core_views.module_home, name="module"),
    path("accounts/", include("rapport.org.security.auth_urls")),  # two-step login
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("settings/security/", include("rapport.org.security.urls")),
    path("settings/api-tokens/", include("rapport.api.web_urls")),
    path("settings/", include("rapport.core.urls")),
    path("settings/", include("rapport.org.urls")),
    path("customers/", include("rapport.customers.urls")),
    path("api/v1/", api.urls),
]
