"""Security behaviour a person relies on: headers, idle logout, sessions, throttling."""

import time

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from config.middleware import IdleTimeoutMiddleware

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/api/docs/", "/about/"])
def test_every_page_sends_a_strict_content_security_policy(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    for part in [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]:
        assert part in policy


def test_idle_sessions_end_after_thirty_minutes(login, single):
    client = login(single)
    assert client.get("/").context["user"] == single
    session = client.session
    session[IdleTimeoutMiddleware.key] = int(time.time()) - 31 * 60
    session.save()
    assert client.get("/").context["user"].is_anonymous


def test_active_sessions_stay(login, single):
    client = login(single)
    session = client.session
    session[IdleTimeoutMiddleware.key] = int(time.time()) - 29 * 60
    session.save()
    assert client.get("/").context["user"] == single


def test_people_can_see_and_end_their_sessions(fresh_login, single):
    client = fresh_login(single)
    response = client.get(reverse("usersessions_list"))
    assert response.status_code == 200


def test_a_new_session_key_at_login(client, single):
    from tests.factories import PASSWORD

    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    client.post("/accounts/login/", {"login": single.email, "password": PASSWORD})
    assert client.session.session_key != before


def test_changing_the_password_ends_other_sessions(fresh_login, single):
    from django.test import Client

    from tests.factories import PASSWORD

    other_device = Client()
    other_device.post("/accounts/login/", {"login": single.email, "password": PASSWORD})
    assert other_device.get("/").context["user"] == single
    client = fresh_login(single)
    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "a new calm evening",
            "password2": "a new calm evening",
        },
    )
    assert client.get("/").context["user"] == single
    assert other_device.get("/").context["user"].is_anonymous


def test_the_api_is_throttled(monkeypatch, single):
    from rest_framework.throttling import UserRateThrottle

    # The rate is configuration (read once at start-up); a low one keeps the test short.
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/min"})
    client = APIClient()
    client.force_authenticate(single)
    statuses = [client.get("/api/v1/behaviors/").status_code for _ in range(5)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[-1] == 429


def test_unknown_api_urls_answer_in_json(api, single):
    response = api.as_user(single).get("/api/v1/behaviors/null,null/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_the_api_takes_json_only(api, single):
    response = api.as_user(single).post(
        "/api/v1/invitations/", {"email": "x@example.com"}, format="multipart"
    )
    assert response.status_code == 415


def test_idle_api_tokens_end_too(single):
    from importlib import import_module

    from django.conf import settings

    from tests.factories import PASSWORD

    login = APIClient().post(
        "/_allauth/app/v1/auth/login",
        {"email": single.email, "password": PASSWORD},
        format="json",
    )
    token = login.json()["meta"]["session_token"]
    client = APIClient(headers={"X-Session-Token": token})
    assert client.get("/api/v1/behaviors/").status_code == 200
    # The token is allauth's session key; age its idle stamp past the limit.
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=token)
    store[IdleTimeoutMiddleware.key] = int(time.time()) - 31 * 60
    store.save()
    assert client.get("/api/v1/behaviors/").status_code == 401
