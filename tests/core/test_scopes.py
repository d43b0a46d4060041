"""The data-scope filter: each scope sees exactly the owners it should."""

import pytest

from rapport.core.models import Module
from rapport.core.scopes import can_see_owner, scope
from rapport.customers.models import Account
from tests.factories import make_account

pytestmark = pytest.mark.django_db


def visible(user, org):
    qs = scope(user, Account.objects.all(), Module.CUSTOMERS)
    return {a.owner.username for a in qs.select_related("owner")}


def test_each_scope_sees_exactly_its_owners(org):
    for name in ("rep", "teammate", "manager", "unit", "tree", "outsider", "all"):
        make_account(org.users[name])
    everyone = {"rep", "teammate", "manager", "unit_user", "tree_user", "outsider", "all_user"}
    assert visible(org.rep, org) == {"rep"}
    assert visible(org.manager, org) == {"manager", "rep", "teammate"}
    assert visible(org.unit, org) == {"unit_user", "manager", "rep"}
    assert visible(org.tree, org) == {"tree_user", "unit_user", "manager", "rep", "teammate"}
    assert visible(org.all, org) == everyone
    assert visible(org.admin, org) == everyone
    assert visible(org.outsider, org) == {"outsider"}


def test_user_without_a_role_sees_nothing(org):
    make_account(org.rep)
    assert visible(org.nobody, org) == set()
    assert not can_see_owner(org.nobody, Module.CUSTOMERS, org.rep.pk)


def test_deactivated_user_sees_nothing_but_keeps_records(org):
    make_account(org.rep)
    org.rep.is_active = False
    org.rep.save()
    assert visible(org.rep, org) == set()
    assert visible(org.manager, org) == {"rep"}
