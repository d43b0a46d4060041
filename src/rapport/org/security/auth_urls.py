"""The public sign-in pages (under /accounts/, outside the login requirement)."""

from django.urls import path

from rapport.org.security import views

urlpatterns = [
    path("login/", views.login, name="login"),
    path("login/verify/", views.login_verify, name="login-verify"),
]
