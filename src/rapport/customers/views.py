"""Company pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rapport.customers.selectors import list_accounts


def account_list(request: HttpRequest) -> HttpResponse:
    accounts = list_accounts(actor=request.user)[:50]
    return render(request, "customers/account_list.html", {"accounts": accounts})


def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "customers/account_list.html", {"accounts": []})
