"""In a real browser: dragging custom fields saves their order, the definition form adapts to
the type, and the tag picker shows coloured tags (headless Chromium through Playwright)."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.templatetags.static import static

from rapport.core import tags
from rapport.core.customfields import fields_for, services
from rapport.core.models import CustomField
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = "/usr/bin/chromium"
OUT = Path(os.environ.get("RAPPORT_TEST_OUTPUT", "/tmp/rapport-test-output"))


@contextmanager
def chromium():  # type: ignore[no-untyped-def]
    """Yield (page, page errors). Touch the database only outside this block: Playwright runs
    an event loop in this thread, and a connection opened inside it is never closed."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's Chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            yield page, errors
        finally:
            browser.close()


def login(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/accounts/login/")
    page.fill('input[name="username"]', "admin")
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')
    page.wait_for_load_state("networkidle")


def test_dragging_fields_saves_their_order_and_the_form_follows_the_type(org, live_server) -> None:  # type: ignore[no-untyped-def]
    for key in ("alpha", "beta", "gamma"):
        services.create_field(
            actor=org.admin,
            entity="account",
            key=key,
            label=key.title(),
            type=CustomField.Type.TEXT,
        )
    with chromium() as (page, errors):
        login(page, live_server.url)
        page.goto(live_server.url + "/settings/fields/")
        page.locator('tr[data-key="gamma"] [data-drag-handle]').drag_to(
            page.locator('tr[data-key="alpha"] [data-drag-handle]')
        )
        page.wait_for_selector(".toast")
        check_form(page, live_server.url)
    assert errors == []
    assert [f.key for f in fields_for("account")] == ["gamma", "alpha", "beta"]


def check_form(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/settings/fields/new/?entity=account")
    page.fill('input[name="label"]', "Renewal date")
    assert page.input_value('input[name="key"]') == "renewal_date"
    page.select_option('select[name="type"]', "text")
    assert not page.is_visible("[data-cf-choices]") and page.is_visible("[data-cf-unique]")
    page.select_option('select[name="type"]', "choice")
    assert page.is_visible("[data-cf-choices]") and not page.is_visible("[data-cf-unique]")
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / "custom-field-form.png"), full_page=True)


def test_the_tag_picker_shows_coloured_tags_and_submits_the_choice(org, live_server) -> None:  # type: ignore[no-untyped-def]
    from django import forms

    from rapport.core.forms import TagField

    vip = tags.create_tag(actor=org.admin, name="VIP", color="purple")
    tags.create_tag(actor=org.admin, name="Reseller", color="teal")

    class PickForm(forms.Form):
        tags = TagField()

    picker = render_to_string(
        "ui/cf_tags.html", {"field": PickForm(initial={"tags": [vip.pk]})["tags"]}
    )
    scripts = "".join(
        f'<script src="{live_server.url}{static(path)}"></script>'
        for path in ("vendor/tom-select/tom-select.complete.min.js",)
    )
    css = (
        f'<link rel="stylesheet" href="{live_server.url}{static("vendor/tabler/tabler.min.css")}">'
    )
    html = f'<!doctype html><html><head><meta charset="utf-8">{css}{scripts}</head><body><form>{picker}</form></body></html>'
    html = html.replace('src="/static/', f'src="{live_server.url}/static/')
    url = live_server.url + "/picker-test/"
    with chromium() as (page, errors):
        page.route(
            url,
            lambda route: route.fulfill(
                status=200, content_type="text/html; charset=utf-8", body=html
            ),
        )
        page.goto(url)
        page.wait_for_selector(".ts-wrapper")
        first = page.locator(".ts-control .badge.bg-purple-lt").inner_text()
        page.click(".ts-control")
        page.keyboard.type("Res")
        page.locator(".ts-dropdown .badge.bg-teal-lt").click()
        values = page.eval_on_selector(
            "select[data-tag-picker]", "s => [...s.selectedOptions].map(o => o.textContent)"
        )
    assert first.startswith("VIP")
    assert sorted(values) == ["Reseller", "VIP"]
    assert errors == []
