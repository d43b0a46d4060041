"""Temporary placeholder view used while parallel work lands (removed before release)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def todo(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return render(request, "org/settings_home.html")
