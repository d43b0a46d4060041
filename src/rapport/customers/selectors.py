"""Customer reads, each starting from the actor's scope in the customers module."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from rapport.core.models import Module
from rapport.core.scopes import scope
from rapport.core.selectors import SearchGroup, SearchHit
from rapport.customers.models import Account


def list_accounts(*, actor: Any) -> QuerySet[Account]:
    """Return the companies the actor may see."""
    qs = Account.objects.select_related("owner", "owner__unit")
    return scope(actor, qs, Module.CUSTOMERS)


def search_accounts(*, actor: Any, q: str, limit: int = 10) -> SearchGroup:
    """Return companies whose name, phone or email matches `q`, within scope."""
    group = SearchGroup(kind="accounts", label=_("Companies"))
    qs = (
        list_accounts(actor=actor)
        .filter(
            Q(name__istartswith=q)
            | Q(name__icontains=q)
            | Q(phone__startswith=q)
            | Q(email__istartswith=q)
        )
        .order_by("name", "id")[:limit]
    )
    for account in qs:
        subtitle = " · ".join(x for x in [account.industry, account.city, str(account.owner)] if x)
        group.hits.append(
            SearchHit("account", account.name, subtitle, account.get_absolute_url(), "building")
        )
    return group
