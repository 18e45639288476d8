"""Every API error comes in one documented shape, whoever answers it: DRF, a service's
rule, Django's URL resolver, a middleware, or the calm 503 of an outage."""

import json

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tests.api_errors import error_codes, errors_of

pytestmark = pytest.mark.django_db

SHAPE = {"$ref": "#/components/schemas/ErrorResponse"}


@pytest.fixture(scope="module")
def schema():
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(json.dumps(document, default=str))


def error_responses(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    yield f"{method.upper()} {path} {status}", response


def test_every_operation_documents_every_shared_error(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            documented = set(operation["responses"])
            missing = {"400", "401", "403", "404", "409", "413", "429", "503"} - documented
            assert not missing, f"{method.upper()} {path} leaves out {sorted(missing)}"


def test_every_error_response_is_the_one_shape_or_built_on_it(schema):
    components = schema["components"]["schemas"]
    shape = components["ErrorResponse"]
    assert shape["required"] == ["errors", "type"]
    assert "additionalProperties" not in shape
    error = components["Error"]
    assert set(error["properties"]) == {"code", "detail", "attr"}
    for where, response in error_responses(schema):
        assert response["description"], where
        body = response["content"]["application/json"]["schema"]
        if body != SHAPE:
            # A richer body: the same fields, and one of its own (e.g. the open check-in).
            richer = components[body["$ref"].rsplit("/", 1)[1]]
            assert set(shape["properties"]) < set(richer["properties"]), where
            assert {"type", "errors"} <= set(richer["required"]), where


def test_a_refused_field_names_its_path(api, partner_b):
    response = api.as_user(partner_b).patch(
        "/api/v1/me/notification-settings/",
        {"kinds": {"report_ready": {"email": "maybe"}}},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert body["errors"] == [
        {
            "code": "invalid",
            "detail": "Must be a valid boolean.",
            "attr": "kinds.report_ready.email",
        }
    ]


def test_a_services_rule_is_a_validation_error_on_its_field(api, partner_a, couple):
    response = api.as_user(partner_a).post("/api/v1/invitations/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"
    assert "already linked" in errors_of(response)["non_field_errors"][0]


def test_not_logged_in(client):
    response = APIClient().get("/api/v1/checkins/")
    assert response.status_code in (401, 403)
    assert response.json()["type"] == "client_error"
    assert error_codes(response) == ["not_authenticated"]
    assert errors_of(response) == {None: ["Authentication credentials were not provided."]}


def test_a_strangers_check_in_is_not_found(api, checkin, single):
    response = api.as_user(single).get(f"/api/v1/checkins/{checkin.pk}/")
    assert response.status_code == 404
    assert error_codes(response) == ["not_found"]


def test_a_404_keeps_the_words_it_was_raised_with(api, single):
    response = api.as_user(single).get("/api/v1/invitations/")
    assert response.status_code == 404
    assert errors_of(response) == {None: ["You have no invitation waiting."]}


def test_a_conflict_carries_its_data_beside_the_errors(api, partner_a, partner_b, checkin):
    response = api.as_user(partner_b).post("/api/v1/checkins/", format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["checkin"] == checkin.pk
    assert body["type"] == "client_error"
    assert error_codes(response) == ["checkin_open"]


def test_an_unreadable_body_is_a_parse_error(api, single):
    response = api.as_user(single).generic(
        "POST", "/api/v1/invitations/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert error_codes(response) == ["parse_error"]


def test_a_body_nested_too_deeply_is_a_parse_error(api, single):
    deep = "[" * 100_000 + "]" * 100_000
    response = api.as_user(single).generic(
        "POST", "/api/v1/invitations/", deep, content_type="application/json"
    )
    assert response.status_code == 400
    assert error_codes(response) == ["parse_error"]


def test_a_method_django_refuses_is_the_same_shape(api, single):
    response = api.as_user(single).delete("/api/v1/behaviors/")
    assert response.status_code == 405
    assert error_codes(response) == ["method_not_allowed"]


def test_throttled_is_the_same_shape(monkeypatch, single):
    from rest_framework.throttling import UserRateThrottle

    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "1/min"})
    client = APIClient()
    client.force_authenticate(single)
    client.get("/api/v1/behaviors/")
    response = client.get("/api/v1/behaviors/")
    assert response.status_code == 429
    assert error_codes(response) == ["throttled"]
    assert int(response["Retry-After"]) > 0
