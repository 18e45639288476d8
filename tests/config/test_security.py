"""Security behaviour a person relies on: headers, idle logout, sessions, throttling."""

import time

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from config.middleware import IdleTimeoutMiddleware
from tests.app_client import app_client, let_token_sit_idle

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


def test_a_made_up_forwarded_address_does_not_earn_a_fresh_allowance(monkeypatch, client):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/min"})
    statuses = [
        client.get("/api/schema/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(5)
    ]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[-1] == 429


def test_behind_one_proxy_each_visitor_has_their_own_allowance(monkeypatch, client, settings):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/min"})
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(3):
        client.get("/api/schema/", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert (
        client.get("/api/schema/", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    )
    assert (
        client.get("/api/schema/", HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy).status_code == 200
    )


def test_unknown_api_urls_answer_in_json(api, single):
    response = api.as_user(single).get("/api/v1/behaviors/null,null/")
    assert response.status_code == 404
    assert response.json() == {
        "type": "client_error",
        "errors": [{"code": "not_found", "detail": "Not found.", "attr": None}],
    }


def test_the_api_takes_json_only(api, single):
    response = api.as_user(single).post(
        "/api/v1/invitations/", {"email": "x@example.com"}, format="multipart"
    )
    assert response.status_code == 415


def test_idle_api_tokens_end_too(single):
    client = app_client(single)
    assert client.get("/api/v1/behaviors/").status_code == 200
    let_token_sit_idle(client.token, minutes=31)
    assert client.get("/api/v1/behaviors/").status_code == 401


@pytest.mark.parametrize(
    "path", ["/_allauth/app/v1/auth/session", "/_allauth/app/v1/account/email"]
)
def test_idle_api_tokens_end_on_allauths_own_endpoints_too(single, path):
    client = app_client(single)
    assert client.get(path).status_code == 200
    let_token_sit_idle(client.token, minutes=31)
    assert client.get(path).status_code in (401, 410)
    # Ended for good: the DRF API refuses the token as well.
    assert client.get("/api/v1/behaviors/").status_code == 401


class _InlineFinder:
    """What a strict policy (no 'unsafe-inline') would block in a page's HTML."""

    def __init__(self, html):
        from html.parser import HTMLParser

        found = self.found = []

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                attrs = dict(attrs)
                if tag == "style":
                    found.append("<style>")
                data = attrs.get("type") in ("application/json", "application/ld+json")
                if tag == "script" and "src" not in attrs and not data:
                    found.append("inline <script>")
                for name in attrs:
                    if name == "style" or name.startswith("on"):
                        found.append(f"{tag} {name}=")

        Parser().feed(html)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/about/",
        "/privacy/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/therapists/",
    ],
)
def test_public_pages_have_nothing_inline_the_policy_would_block(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert _InlineFinder(response.content.decode()).found == []


def test_the_api_docs_have_nothing_inline_either(staff_client):
    response = staff_client.get("/api/docs/")
    assert response.status_code == 200
    assert _InlineFinder(response.content.decode()).found == []


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/activate/",
        "/accounts/sessions/",
        "/accounts/reauthenticate/",
        "/account/",
        "/partner/invite/",
    ],
)
def test_signed_in_pages_have_nothing_inline_the_policy_would_block(fresh_login, single, url):
    response = fresh_login(single).get(url)
    assert response.status_code == 200, url
    assert _InlineFinder(response.content.decode()).found == []


class TestLoginRateLimits:
    """allauth's limits on failed logins, counted in the shared cache by client address (ten a
    minute) and by account (five in five minutes)."""

    PAUSED = "logging in is paused for a little while"

    def fail(self, client, email, **extra):
        """Try a wrong password; whether the login was paused rather than just refused."""
        response = client.post(
            "/accounts/login/", {"login": email, "password": "not the password at all"}, **extra
        )
        assert response.status_code in (200, 429)
        return response.status_code == 429 or self.PAUSED in response.content.decode()

    def test_an_account_is_paused_after_five_wrong_passwords(self, client, single):
        from tests.factories import PASSWORD

        assert [self.fail(client, single.email) for _ in range(5)] == [False] * 5
        assert self.fail(client, single.email)
        # Even the right password waits: guessing cannot go on from another angle.
        response = client.post("/accounts/login/", {"login": single.email, "password": PASSWORD})
        assert self.PAUSED in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_a_made_up_forwarded_address_does_not_reset_the_count(self, client):
        paused = [
            self.fail(client, f"someone{n}@example.com", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
            for n in range(11)
        ]
        assert paused[:10] == [False] * 10
        assert paused[10]  # ten failures a minute from one address, whatever it claims

    def test_behind_the_proxy_one_visitor_does_not_lock_out_another(self, client, settings):
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
        proxy = {"REMOTE_ADDR": "10.0.0.2"}
        for n in range(10):
            self.fail(client, f"x{n}@example.com", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
        assert self.fail(client, "y@example.com", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
        assert not self.fail(client, "y@example.com", HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)


def test_messages_stay_on_the_server_not_in_a_cookie(client, single):
    from tests.factories import PASSWORD

    response = client.post("/accounts/login/", {"login": single.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "messages" not in response.cookies
    assert single.email not in str(response.cookies)
