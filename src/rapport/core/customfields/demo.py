"""Demo custom fields and tags (idempotent): what a CRM team typically adds on day one."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction

from rapport.core.customfields import clean_values, entity_model, services
from rapport.core.models import CustomField, Tag
from rapport.core.tags import apply_tags, create_tag

T = CustomField.Type

FIELDS: list[dict[str, Any]] = [
    {"entity": "account", "key": "contract_no", "label": "Contract number", "type": T.TEXT,
     "unique": True, "help_text": "As printed on the signed framework contract."},
    {"entity": "account", "key": "annual_budget", "label": "Annual budget", "type": T.MONEY,
     "help_text": "The customer's yearly spend on our category."},
    {"entity": "account", "key": "renewal_date", "label": "Renewal date", "type": T.DATE},
    {"entity": "account", "key": "tier", "label": "Service tier", "type": T.CHOICE,
     "choices": "gold | Gold\nsilver | Silver\nbronze | Bronze", "default": "bronze",
     "required": True},
    {"entity": "account", "key": "channels", "label": "Preferred channels",
     "type": T.MULTI_CHOICE, "choices": "email | Email\nphone | Phone\nwechat | WeChat\nvisit | Visit"},
    {"entity": "account", "key": "employees", "label": "Employees", "type": T.NUMBER},
    {"entity": "account", "key": "key_account", "label": "Key account", "type": T.BOOLEAN,
     "default": "no"},
    {"entity": "user", "key": "employee_no", "label": "Employee number", "type": T.TEXT,
     "unique": True},
    {"entity": "user", "key": "extension", "label": "Desk phone", "type": T.PHONE},
]  # fmt: skip

TAGS = [
    ("VIP", Tag.Color.PURPLE),
    ("Strategic", Tag.Color.BLUE),
    ("At risk", Tag.Color.RED),
    ("Reseller", Tag.Color.TEAL),
    ("Trade fair 2026", Tag.Color.ORANGE),
    ("重点客户", Tag.Color.GREEN),
    ("Government", Tag.Color.GRAY),
]


@transaction.atomic
def build_demo_fields(seed: int = 2026) -> tuple[int, int]:
    """Create the demo fields and tags, and fill companies that have no values yet."""
    for spec in FIELDS:
        if not CustomField.objects.filter(entity=spec["entity"], key=spec["key"]).exists():
            services.create_field(actor=None, **spec)
    for name, color in TAGS:
        if not Tag.objects.filter(name__iexact=name).exists():
            create_tag(actor=None, name=name, color=color)
    _fill_accounts(random.Random(seed))
    return CustomField.objects.count(), Tag.objects.count()


def _fill_accounts(rng: random.Random) -> None:
    """Give every company not yet filled some plausible values, and to half of them tags."""
    model = entity_model("account")
    tags = list(Tag.objects.order_by("name"))
    today = dt.date(2026, 11, 25)
    for account in model._default_manager.order_by("pk"):
        custom = dict(getattr(account, "custom", None) or {})
        if "tier" in custom:  # filled on an earlier run
            continue
        raw: dict[str, Any] = {
            "contract_no": f"FC-{2024 + account.pk % 3}-{account.pk:04d}",
            "tier": rng.choice(["gold", "silver", "bronze", "bronze"]),
            "employees": rng.choice([12, 45, 120, 380, 1500, 8200]),
            "key_account": rng.random() < 0.2,
        }
        if rng.random() < 0.8:
            amount = rng.choice([50, 120, 300, 800, 2500]) * 1000
            raw["annual_budget"] = f"{amount} {rng.choice(['CNY', 'CNY', 'USD', 'EUR'])}"
        if rng.random() < 0.7:
            raw["renewal_date"] = today + dt.timedelta(days=rng.randint(-30, 330))
        if rng.random() < 0.6:
            raw["channels"] = rng.sample(["email", "phone", "wechat", "visit"], rng.randint(1, 3))
        account.custom = clean_values("account", raw, account.pk, existing=custom)  # type: ignore[attr-defined]
        account.save(update_fields=["custom"])
        if tags and hasattr(account, "tags") and not account.tags.exists() and rng.random() < 0.5:
            apply_tags(account, rng.sample(tags, rng.randint(1, 2)))
