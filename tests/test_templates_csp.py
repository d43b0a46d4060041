"""Templates keep to the Content-Security-Policy: no inline script of any kind.

The policy allows scripts only from our own static files (script-src 'self'), so an inline
`<script>` body, an `on...=` handler attribute, an htmx `hx-on` attribute (run through
eval) or a `javascript:` URL would be blocked in the browser: the feature silently breaks.
This scan finds them before a browser does, naming the file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.I | re.S)
# Data blocks are not run, so the policy allows them (e.g. Django's json_script).
DATA_TYPES = re.compile(r"""\btype\s*=\s*["']?application/(ld\+)?json""", re.I)
TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.S)
HANDLER = re.compile(r"""(?:^|[\s"'/])(?P<name>on[a-z]+|hx-on(?:[:-][\w:.-]*)?)\s*=""", re.I)
JS_URL = re.compile(r"javascript\s*:", re.I)


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def problems_in(text: str) -> list[tuple[int, str]]:
    """Return (line, what) for every inline script, handler attribute and javascript: URL."""
    found: list[tuple[int, str]] = []
    for m in SCRIPT.finditer(text):
        attrs, body = m.group("attrs"), m.group("body")
        if DATA_TYPES.search(attrs):
            continue
        if body.strip():
            found.append((_line(text, m.start()), "inline <script> body"))
        elif not re.search(r"\bsrc\s*=", attrs, re.I):
            found.append((_line(text, m.start()), "<script> without src"))
    for tag in TAG.finditer(text):
        for h in HANDLER.finditer(tag.group(0)):
            where = tag.start() + h.start("name")
            found.append((_line(text, where), f"inline handler attribute {h.group('name')}="))
    for m in JS_URL.finditer(text):
        found.append((_line(text, m.start()), "javascript: URL"))
    return sorted(found)


def templates() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.html") if "templates" in p.relative_to(SRC).parts)


def test_there_are_templates_to_scan() -> None:
    names = {p.name for p in templates()}
    assert {"base.html", "login.html", "404.html", "500.html"} <= names


def test_no_template_has_inline_script_handlers_or_javascript_urls() -> None:
    report = [
        f"{path.relative_to(SRC.parent)}:{line}: {what}"
        for path in templates()
        for line, what in problems_in(path.read_text(encoding="utf-8"))
    ]
    assert not report, "Templates break the CSP (script-src 'self'):\n" + "\n".join(report)


@pytest.mark.parametrize(
    ("snippet", "what"),
    [
        ("<p>\n<script>alert(1)</script>", "inline <script> body"),
        ('<script nonce="{{ n }}">\n  go();\n</script>', "inline <script> body"),
        ("<script></script>", "<script> without src"),
        ('<button type="button" onclick="go()">', "inline handler attribute onclick="),
        ("<img src=x\n  ONERROR='x()'>", "inline handler attribute ONERROR="),
        ('<form hx-on::after-request="reset()">', "inline handler attribute hx-on::after-request="),
        ('<a href="javascript:void(0)">', "javascript: URL"),
        ('<a href=" JavaScript :go()">', "javascript: URL"),
    ],
)
def test_the_scan_catches_each_kind(snippet: str, what: str) -> None:
    assert [w for _, w in problems_in(snippet)] == [what]


@pytest.mark.parametrize(
    "snippet",
    [
        "<script src=\"{% static 'rapport/app.js' %}\" defer></script>",
        '<script id="data" type="application/json">{"a": 1}</script>',
        '<button data-confirm="Sure?" x-on:click="open" @click="toggle">',
        "<p>Go online = always; the onboarding tour</p>",
        '<input name="month" data-onchange="x">',
    ],
)
def test_the_scan_allows_what_the_policy_allows(snippet: str) -> None:
    assert problems_in(snippet) == []


def test_the_scan_names_the_line() -> None:
    assert problems_in("a\nb\n<div onclick='x'>")[0][0] == 3
