"""Score how likely two customer records are the same, with the reasons shown to users."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from rapport.customers.dedupe import normalize

# A pair scoring at or above this is shown as a likely duplicate.
THRESHOLD = 70


@dataclass(frozen=True)
class Record:
    """The comparable facts of a company or a person (plain values, no model)."""

    name: str
    company: str = ""  # a person's company, for "similar name at the same company"
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    is_person: bool = False


@dataclass(frozen=True)
class Match:
    score: int
    reasons: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Prepared:
    """A record's normal forms, computed once per record rather than once per pair."""

    name: str
    name_pinyin: str
    company: str
    phones: frozenset[str]
    emails: frozenset[str]
    is_person: bool


def prepare(record: Record, region: str = "CN") -> Prepared:
    """Return the normal forms of `record` used by `score`."""
    clean = normalize.person_name if record.is_person else normalize.company_name
    return Prepared(
        name=clean(record.name),
        name_pinyin=normalize.pinyin_key(record.name),
        company=normalize.company_name(record.company),
        phones=frozenset(p for p in (normalize.phone(x, region) for x in record.phones) if p),
        emails=frozenset(e for e in (normalize.email(x) for x in record.emails) if e),
        is_person=record.is_person,
    )


def name_similarity(a: Prepared, b: Prepared) -> int:
    """Return 0–100: the best of the direct and the pinyin comparison of the two names."""
    if not a.name or not b.name:
        return 0
    direct = fuzz.token_sort_ratio(a.name, b.name)
    spoken = fuzz.token_sort_ratio(a.name_pinyin, b.name_pinyin) if a.name_pinyin else 0
    return round(max(direct, spoken))


def score(a: Prepared, b: Prepared) -> Match:
    """Return the likelihood (0–100) that `a` and `b` are one customer, and why."""
    reasons: list[str] = []
    best = 0
    if a.phones & b.phones:
        best = max(best, 95)
        reasons.append("phone")
    if a.emails & b.emails:
        best = max(best, 95)
        reasons.append("email")
    similar = name_similarity(a, b)
    if a.is_person:
        same_company = bool(a.company) and a.company == b.company
        if same_company and similar >= 85:
            best = max(best, similar - 5)
            reasons.append("name_and_company")
        elif similar == 100 and a.name:
            best = max(best, 60)  # one shared name alone is a hint, not a duplicate
            reasons.append("name")
    elif similar >= 85:
        best = max(best, similar if similar < 100 else 90)
        reasons.append("name")
    if len(reasons) > 1:
        best = min(100, best + 5)
    return Match(best, tuple(reasons))
