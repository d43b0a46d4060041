"""Blocking keys: cheap, indexable strings that two likely duplicates share.

Candidates are only the records that share at least one key with the new record, so the
real-time check reads a few rows through an index instead of scoring the whole table.
"""

from __future__ import annotations

from rapport.customers.dedupe.scoring import Prepared

PREFIX = 4  # characters of a normalised name used as its key


def keys(record: Prepared) -> set[str]:
    """Return the blocking keys of a prepared record ("p:", "e:", "n:", "y:" namespaces)."""
    found = {f"p:{p}" for p in record.phones} | {f"e:{e}" for e in record.emails}
    compact = record.name.replace(" ", "")
    if compact:
        found.add(f"n:{compact[:PREFIX]}")
    spoken = record.name_pinyin.replace(" ", "")
    if spoken:
        found.add(f"y:{spoken[: PREFIX + 2]}")
    if record.is_person and record.company:
        found.add(f"c:{record.company.replace(' ', '')[:PREFIX]}")
    return found
