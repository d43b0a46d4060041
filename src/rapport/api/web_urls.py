"""Pages for managing one's API tokens (the API itself is in urls.py)."""

from django.urls import path

from rapport.api import views

app_name = "apitokens"

urlpatterns = [
    path("", views.token_list, name="token-list"),
    path("<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
]
