"""Demo companies, spread over the demo sales reps with a realistic skew."""

from __future__ import annotations

import random

from django.db import transaction

from rapport.customers.models import Account
from rapport.org.models import User

EN_NAMES = ["Northwind", "Bluebird", "Harbour", "Kestrel", "Redwood", "Summit", "Meridian",
            "Lighthouse", "Oakridge", "Brightwater", "Silverline", "Granite"]  # fmt: skip
EN_SUFFIX = ["Ltd", "Holdings", "Logistics", "Foods", "Software", "Engineering", "Retail"]
ZH_NAMES = [
    "华东",
    "东方",
    "恒信",
    "嘉禾",
    "博远",
    "润达",
    "星辰",
    "宏图",
    "瑞丰",
    "金桥",
    "海纳",
    "天成",
]
ZH_SUFFIX = [
    "科技有限公司",
    "贸易有限公司",
    "物流集团",
    "食品有限公司",
    "制造有限公司",
    "信息技术有限公司",
]
INDUSTRIES = ["Manufacturing", "Retail", "Logistics", "Software", "Food & beverage", "Healthcare"]


@transaction.atomic
def build_demo_customers(seed: int = 2026, count: int = 60) -> int:
    """Create the demo companies once; return how many demo companies exist."""
    if Account.objects.filter(custom__demo=True).exists():
        return Account.objects.filter(custom__demo=True).count()
    rng = random.Random(seed)
    cn_reps = list(User.objects.filter(language="zh-hans", roles__name="Sales rep").order_by("id"))
    en_reps = list(User.objects.filter(language="en", roles__name="Sales rep").order_by("id"))
    rows = []
    for i in range(count):
        chinese = i % 2 == 0
        reps = cn_reps if chinese else en_reps
        owner = reps[min(int(rng.paretovariate(1.2)) - 1, len(reps) - 1)]
        if chinese:
            name = f"{rng.choice(['上海', '杭州', '苏州', '南京'])}{rng.choice(ZH_NAMES)}{rng.choice(ZH_SUFFIX)}"
            phone, city = f"+86 21 {rng.randint(5000, 6999)} {rng.randint(1000, 9999)}", "上海"
        else:
            name = f"{rng.choice(EN_NAMES)} {rng.choice(EN_SUFFIX)}"
            phone, city = f"+44 20 {rng.randint(7000, 7999)} {rng.randint(1000, 9999)}", "London"
        rows.append(Account(
            name=name, owner=owner, created_by=owner, industry=rng.choice(INDUSTRIES),
            phone=phone, city=city, type=Account.Type.B2B, custom={"demo": True},
            email=f"info{i}@example.com", website=f"https://example{i}.com",
        ))  # fmt: skip
    Account.objects.bulk_create(rows)
    return count
