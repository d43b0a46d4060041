"""The Simplified Chinese catalogue is complete, compiled, faithful to its placeholders, and used.

Refresh it with `scripts/i18n.sh` (makemessages + compilemessages), translate what the
failures below name in src/rapport/locale/zh_Hans/LC_MESSAGES/django.po, run the script
again and commit both the .po and the .mo.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

LOCALE_DIR = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
PO = LOCALE_DIR / "django.po"
MO = LOCALE_DIR / "django.mo"
SHOW = 20  # how many offending entries a failure names

# Python %-formats (named and positional, with %% as a literal), and str.format fields.
PLACEHOLDER = re.compile(r"%%|%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[sdifrxXeEgGc]|%[sdifr]|\{\w*\}")
TAG = re.compile(r"</?[A-Za-z][^<>]*>")


@dataclass
class Entry:
    msgid: str
    line: int
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        text = self.msgid if len(self.msgid) <= 70 else self.msgid[:67] + "..."
        return f"line {self.line}: {text!r}"

    def sources(self) -> list[str]:
        return [self.msgid] + ([self.msgid_plural] if self.msgid_plural is not None else [])


def read_po(path: Path) -> tuple[dict[str, str], list[Entry]]:
    """Parse a .po file into its header fields and its (non-obsolete) entries."""
    entries: list[Entry] = []
    flags: set[str] = set()
    parts: dict[str, str] = {}
    key: str | None = None
    start = 0

    def finish() -> None:
        nonlocal flags, parts, key
        if "msgid" in parts:
            entry = Entry(msgid=parts["msgid"], line=start, flags=flags)
            entry.msgctxt = parts.get("msgctxt")
            entry.msgid_plural = parts.get("msgid_plural")
            for k, v in parts.items():
                if k == "msgstr":
                    entry.msgstr[0] = v
                elif k.startswith("msgstr["):
                    entry.msgstr[int(k[7:-1])] = v
            entries.append(entry)
        flags, parts, key = set(), {}, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):  # obsolete entry: not part of the catalogue
            continue
        elif line.startswith("#,"):
            if "msgid" in parts:
                finish()
            flags |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            if "msgid" in parts:
                finish()
        elif line.startswith('"'):
            assert key is not None, f"{path.name} line {number}: a string outside an entry"
            parts[key] += ast.literal_eval(line)
        else:
            keyword, _, value = line.partition(" ")
            if keyword in {"msgctxt", "msgid"} and "msgstr" in parts:
                finish()
            if keyword in {"msgctxt", "msgid"} and not parts:
                start = number
            key = keyword
            parts[key] = ast.literal_eval(value)
    finish()
    header = next((e for e in entries if e.msgid == "" and e.msgctxt is None), None)
    assert header is not None, f"{path} has no header entry"
    fields = dict(
        line.split(": ", 1) for line in header.msgstr.get(0, "").splitlines() if ": " in line
    )
    return fields, [e for e in entries if e is not header]


@pytest.fixture(scope="module")
def catalogue() -> tuple[dict[str, str], list[Entry]]:
    assert PO.exists(), f"{PO} is missing: run scripts/i18n.sh"
    return read_po(PO)


def listing(entries: list[Entry], extra: str = "") -> str:
    names = [e.name for e in entries[:SHOW]]
    more = f"\n  … and {len(entries) - SHOW} more" if len(entries) > SHOW else ""
    return f"{len(entries)} entries{extra}:\n  " + "\n  ".join(names) + more


def test_the_catalogue_is_simplified_chinese_with_one_plural_form(catalogue) -> None:  # type: ignore[no-untyped-def]
    header, entries = catalogue
    assert header.get("Language") == "zh_Hans"
    assert header.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"
    assert "charset=UTF-8" in header.get("Content-Type", "")
    assert len(entries) > 100


def test_every_entry_is_translated(catalogue) -> None:  # type: ignore[no-untyped-def]
    _, entries = catalogue
    missing = [e for e in entries if not e.msgstr or not all(e.msgstr.values())]
    if missing:
        pytest.fail(listing(missing, " are untranslated (fill their msgstr)"))


def test_no_entry_is_fuzzy(catalogue) -> None:  # type: ignore[no-untyped-def]
    _, entries = catalogue
    fuzzy = [e for e in entries if "fuzzy" in e.flags]
    if fuzzy:
        pytest.fail(listing(fuzzy, " are fuzzy (check the msgstr, then remove '#, fuzzy')"))


def test_plural_entries_have_exactly_one_form(catalogue) -> None:  # type: ignore[no-untyped-def]
    _, entries = catalogue
    wrong = [e for e in entries if e.msgid_plural is not None and set(e.msgstr) != {0}]
    if wrong:
        pytest.fail(listing(wrong, " need exactly one msgstr[0] (Chinese has one form)"))


def test_translations_keep_the_placeholders(catalogue) -> None:  # type: ignore[no-untyped-def]
    """%(name)s, %s and {name} must be the same in msgid and msgstr, or rendering breaks."""
    _, entries = catalogue
    wrong = []
    for e in entries:
        expected = {p for text in e.sources() for p in PLACEHOLDER.findall(text)}
        for text in e.msgstr.values():
            if text and set(PLACEHOLDER.findall(text)) != expected:
                wrong.append(e)
                break
    if wrong:
        pytest.fail(listing(wrong, " have different placeholders in msgid and msgstr"))


def test_translations_keep_the_html_tags(catalogue) -> None:  # type: ignore[no-untyped-def]
    _, entries = catalogue
    wrong = [
        e
        for e in entries
        if any(
            text and sorted(TAG.findall(text)) != sorted(TAG.findall(e.msgid))
            for text in e.msgstr.values()
        )
    ]
    if wrong:
        pytest.fail(listing(wrong, " have different HTML tags in msgid and msgstr"))


def test_the_compiled_catalogue_matches_the_po_file(catalogue) -> None:  # type: ignore[no-untyped-def]
    """The .mo is committed (running Rapport needs no gettext tools) and must not be stale."""
    _, entries = catalogue
    assert MO.exists(), f"{MO} is missing: run scripts/i18n.sh and commit it"
    with MO.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    stale = []
    for e in entries:
        if "fuzzy" in e.flags or not e.msgstr.get(0):
            continue
        if e.msgid_plural is not None:
            got = compiled.ngettext(e.msgid, e.msgid_plural, 2)
            if e.msgctxt is not None:
                got = compiled.npgettext(e.msgctxt, e.msgid, e.msgid_plural, 2)
        elif e.msgctxt is not None:
            got = compiled.pgettext(e.msgctxt, e.msgid)
        else:
            got = compiled.gettext(e.msgid)
        if got != e.msgstr[0]:
            stale.append(e)
    if stale:
        pytest.fail(listing(stale, " differ in the compiled .mo: run scripts/i18n.sh"))


def test_the_glossary_terms_are_used() -> None:
    """A few terms from shared/GLOSSARY.md, through the running translation machinery."""
    from rapport.core.models import DataScope

    with translation.override("zh-hans"):
        assert [str(label) for label in DataScope.labels] == [
            "本人",
            "本人及下属",
            "本部门",
            "本部门及下属部门",
            "全部",
        ]
        assert translation.gettext("Customers") == "客户"
        assert translation.gettext("owner") == "负责人"
        assert translation.gettext("Data scope") == "数据权限"


@pytest.mark.django_db
def test_the_login_page_is_chinese_for_a_browser_asking_for_chinese(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh-Hans;q=0.9,en;q=0.5")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans"' in html
    assert "登录您的账号" in html
    assert "Log in to your account" not in html


@pytest.mark.django_db
def test_the_language_cookie_chooses_chinese(client) -> None:  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "登录您的账号" in html
    assert "使用用户名或邮箱地址登录。" in html


@pytest.mark.django_db
def test_the_login_page_stays_english_by_default(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Log in to your account" in html
    assert "登录您的账号" not in html
