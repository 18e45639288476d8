"""allauth's API endpoints answer hostile bodies with a JSON 400, never a 500."""

import pytest

pytestmark = pytest.mark.django_db

PATHS = [
    "/_allauth/app/v1/auth/login",
    "/_allauth/app/v1/auth/signup",
    "/_allauth/app/v1/auth/password/request",
    "/_allauth/app/v1/auth/email/verify",
    "/_allauth/app/v1/auth/2fa/authenticate",
]
BODIES = {
    "5000-digit integer": b'{"email": ' + b"7" * 5000 + b', "password": "x"}',
    "5000-digit key value": b'{"key": ' + b"9" * 5000 + b"}",
    "malformed JSON": b'{"email": "a@example.com", ',
    "form body": b"email=a%40example.com&password=secret",
    "not UTF-8": b'{"email": "\xff\xfe"}',
    "a list": b'["a@example.com"]',
    "a number": b"12",
    "nested too deeply": b'{"a": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("name", list(BODIES))
@pytest.mark.parametrize("content_type", ["application/json", "text/plain"])
def test_hostile_bodies_get_a_json_400(client, path, name, content_type):
    response = client.generic("POST", path, BODIES[name], content_type=content_type)
    assert response.status_code == 400, (path, name)
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][0]["code"] == "invalid"


def test_a_proper_body_still_reaches_allauth(client, partner_a):
    response = client.post(
        "/_allauth/app/v1/auth/login",
        {"email": partner_a.email, "password": "not the password"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["param"] == "password"


@pytest.mark.parametrize(
    "path",
    ["/_allauth/app/v1/auth/session", "/_allauth/app/v1/account/authenticators/totp"],
)
def test_hostile_delete_bodies_get_a_json_400(client, path):
    response = client.generic("DELETE", path, BODIES["5000-digit integer"], "application/json")
    assert response.status_code == 400
