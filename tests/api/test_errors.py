"""api.errors: every error kind answers the one JSON shape with the right status."""

from __future__ import annotations

import pytest
from django.http import Http404
from ninja import NinjaAPI, Schema
from ninja.testing import TestClient

from rapport.api import errors
from rapport.core.errors import DomainError, NotFound, PermissionDenied, StaleEdit, ValidationFailed
from rapport.core.pagination import BadCursor
from rapport.org.tokens import create_token
from tests.api.conftest import bearer, make_token

pytestmark = pytest.mark.django_db


class Thing(Schema):
    name: str
    size: int


def build_probe() -> TestClient:
    """An API with the real handlers and one route per kind of failure."""
    probe = NinjaAPI(urls_namespace="error-probe")
    errors.install(probe)
    failures = {
        "not-found": NotFound(),
        "forbidden": PermissionDenied(),
        "stale": StaleEdit(),
        "rule": DomainError("role_in_use", "3 users hold this role."),
        "rule-field": DomainError(
            "deactivate_self", "You cannot deactivate yourself.", "is_active"
        ),
        "fields": ValidationFailed({"name": "Enter a name.", "email": "Enter an email."}),
        "http404": Http404("secret detail"),
        "cursor": BadCursor("x"),
        "crash": RuntimeError("database password is hunter2"),
    }

    @probe.get("/fail/{kind}")
    def fail(request, kind: str):  # type: ignore[no-untyped-def]
        raise failures[kind]

    @probe.post("/things")
    def make_thing(request, payload: Thing):  # type: ignore[no-untyped-def]
        return {"ok": True}

    return TestClient(probe)


@pytest.fixture(scope="module")
def probe() -> TestClient:
    return build_probe()


def shape(response) -> dict:  # type: ignore[no-untyped-def, type-arg]
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize(
    ("kind", "status", "code", "fields"),
    [
        ("not-found", 404, "not_found", {}),
        ("forbidden", 403, "permission_denied", {}),
        ("stale", 409, "stale_edit", {"version"}),
        ("rule", 400, "role_in_use", {}),
        ("rule-field", 422, "deactivate_self", {"is_active"}),
        ("fields", 422, "invalid", {"name", "email"}),
        ("http404", 404, "not_found", {}),
        ("cursor", 400, "bad_cursor", {"cursor"}),
    ],
)
def test_each_error_kind_has_its_status_code_and_fields(probe, kind, status, code, fields):
    response = probe.get(f"/fail/{kind}")

    assert response.status_code == status
    error = shape(response)
    assert error["code"] == code
    assert set(error["fields"]) == set(fields)


def test_validation_failed_keeps_every_field_message(probe):
    error = shape(probe.get("/fail/fields"))

    assert error["fields"] == {"name": "Enter a name.", "email": "Enter an email."}


def test_http404_does_not_leak_its_detail(probe):
    assert "secret" not in probe.get("/fail/http404").content.decode()


def test_uncaught_error_answers_500_without_details(probe, caplog):
    response = probe.get("/fail/crash")

    assert response.status_code == 500
    assert shape(response)["code"] == "server_error"
    assert "hunter2" not in response.content.decode()
    assert "hunter2" in caplog.text  # but the log has it


def test_schema_validation_names_each_bad_field(probe):
    response = probe.post("/things", json={"size": "big"})

    assert response.status_code == 422
    error = shape(response)
    assert error["code"] == "invalid"
    assert error["fields"] == {"name": "This field is required.", "size": "Enter a whole number."}


def test_malformed_json_body_is_a_clear_400(probe):
    response = probe.post("/things", data="{not json", content_type="application/json")

    assert response.status_code == 400
    assert shape(response)["code"] == "bad_request"


def test_query_parameter_errors_name_the_parameter(org, client):
    response = client.get(
        "/api/v1/org/users?limit=0&active=perhaps", headers=bearer(make_token(org.admin))
    )

    assert response.status_code == 422
    error = shape(response)
    assert error["fields"] == {
        "limit": "Enter a value of at least 1.",
        "active": "Enter true or false.",
    }


def test_service_field_errors_reach_the_client(org, client):
    client.force_login(org.rep)

    response = client.post(
        "/api/v1/tokens/", {"name": " ", "expires_in_days": 0}, content_type="application/json"
    )

    assert response.status_code == 422
    error = shape(response)
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"name", "expires_in_days"}


def test_unknown_api_path_answers_json_404(client):
    response = client.get("/api/v1/no/such/thing")

    assert response.status_code == 404
    assert shape(response)["code"] == "not_found"


def test_missing_record_answers_404_in_the_shape(org, client):
    response = client.get("/api/v1/org/users/999999", headers=bearer(make_token(org.admin)))

    assert response.status_code == 404
    assert shape(response) == {"code": "not_found", "message": "Not found.", "fields": {}}


def test_permission_denied_from_a_service_answers_403(org, client):
    """A non-administrator who may edit every user still may not revoke an admin's token."""
    token, _raw = create_token(actor=org.admin, name="CI", expires_in_days=7)

    response = client.delete(
        f"/api/v1/tokens/{token.pk}", headers=bearer(make_token(org.users["all"]))
    )

    assert response.status_code == 403
    assert shape(response)["code"] == "permission_denied"
