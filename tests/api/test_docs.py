"""The OpenAPI schema and the docs page: complete, local-only, CSP-clean."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

EXPECTED_PATHS = {
    "/api/v1/org/me": {"get"},
    "/api/v1/org/users": {"get"},
    "/api/v1/org/users/{user_id}": {"get"},
    "/api/v1/org/units": {"get"},
    "/api/v1/org/units/{unit_id}": {"get"},
    "/api/v1/org/roles": {"get"},
    "/api/v1/org/roles/{role_id}": {"get"},
    "/api/v1/tokens/": {"get", "post"},
    "/api/v1/tokens/{token_id}": {"delete"},
}


def refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(refs(v) for v in node))
    return set()


@pytest.fixture
def schema(client):  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_openapi_schema_is_version_3_and_lists_the_endpoints(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Rapport API"
    for path, methods in EXPECTED_PATHS.items():
        assert methods <= set(schema["paths"][path]), path


def test_every_schema_reference_resolves(schema):
    components = schema["components"]["schemas"]
    for ref in refs(schema):
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[1] in components, ref


def test_operations_are_unique_and_documented(schema):
    ids = [op["operationId"] for ops in schema["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))
    for ops in schema["paths"].values():
        for op in ops.values():
            assert op.get("summary")
            assert "200" in op["responses"] or "201" in op["responses"]


def test_schema_declares_both_authentications_and_the_error_shape(schema):
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["TokenAuth"].items()
    assert schemes["SessionAuth"]["in"] == "cookie"
    users = schema["paths"]["/api/v1/org/users"]["get"]
    assert users["responses"]["401"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"
    }
    assert {"cursor", "limit", "unit", "active", "q"} <= {p["name"] for p in users["parameters"]}


class Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self.handlers: list[str] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.handlers += [name for name in values if name.startswith("on")]
        for name in ("src", "href"):
            if values.get(name):
                self.urls.append(values[name] or "")
        if tag == "script":
            self._in_script = values

    def handle_data(self, data: str) -> None:
        script = self._in_script
        if script is not None and data.strip() and script.get("type") != "application/json":
            self.inline_scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None


def test_docs_page_loads_only_local_assets_and_no_inline_script(client, settings):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"https?://", html), "the docs page must not name another site"
    page = Assets()
    page.feed(html)
    assert page.inline_scripts == []
    assert page.handlers == []
    static = [u for u in page.urls if u.startswith(settings.STATIC_URL)]
    assert any(u.endswith("swagger-ui-bundle.js") for u in static)
    for url in static:
        assert finders.find(url.removeprefix(settings.STATIC_URL)), f"{url} is not served"
    assert all(u.startswith("/") for u in page.urls)


def test_docs_page_runs_under_the_content_security_policy(client):
    policy = client.get("/api/v1/docs")["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]


def test_docs_settings_never_call_the_public_validator(client):
    html = client.get("/api/v1/docs").content.decode()

    assert '"validatorUrl": null' in html
