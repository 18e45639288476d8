"""The production path without Docker: gunicorn, production settings, the test database.

This is what docker-compose runs; the test starts it for real and talks HTTP to it.
"""

import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from tests.factories import PASSWORD, UserFactory
from tests.servers import call, database_url, post_json, request, start_gunicorn, stop

# gunicorn reads what the test wrote, so it must be committed; the catalog comes back after.
# One worker runs the module, so what it starts or builds once is started or built once.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.xdist_group("gunicorn"),
]


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory, django_db_setup):
    """One server for the module's tests (it keeps no state of its own between requests)."""
    server, port = start_gunicorn(tmp_path_factory.mktemp("gunicorn"), database_url())
    yield port
    stop(server)


def test_serves_pages_with_security_headers(gunicorn):
    health, body = request(gunicorn, "/healthz", https=False, host="10.0.0.5")
    assert health.status == 200, body

    response, body = request(gunicorn, "/")
    assert response.status == 200, body
    assert "max-age=31536000; includeSubDomains" in response.getheader("Strict-Transport-Security")
    assert response.getheader("X-Frame-Options") == "DENY"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == "same-origin"
    policy = response.getheader("Content-Security-Policy")
    for part in ["default-src 'self'", "object-src 'none'", "frame-ancestors 'none'"]:
        assert part in policy

    html = body.decode()
    css = html.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    assert css != "/static/css/app.css", "static names carry a content hash in production"
    static, _ = request(gunicorn, css)
    assert static.status == 200
    assert "max-age" in static.getheader("Cache-Control")

    login, _ = request(gunicorn, "/accounts/login/")
    assert login.status == 200
    cookies = login.getheader("Set-Cookie") or ""
    assert "csrftoken" in cookies and "Secure" in cookies and "HttpOnly" in cookies


def test_plain_http_is_redirected_to_https(gunicorn):
    response, _ = request(gunicorn, "/", https=False)
    assert response.status == 301
    assert response.getheader("Location") == "https://localhost/"


def test_unknown_host_is_refused(gunicorn):
    response, _ = request(gunicorn, "/", host="evil.example")
    assert response.status == 400


def test_healthz_says_so_when_the_database_is_down(tmp_path):
    server, port = start_gunicorn(tmp_path, "postgres://postgres@127.0.0.1:9/nowhere")
    try:
        response, body = request(port, "/healthz", https=False)
        assert response.status == 503
        assert b"unreachable" in body
        # A page that needs the database says so calmly; the API answers in JSON.
        page, body = request(port, "/invite/ABCDEFGHJK/")
        assert page.status == 503
        assert b"A short pause" in body
        assert page.getheader("Retry-After") == "30"
        api, body = post_json(
            port,
            "/_allauth/app/v1/auth/login",
            {"email": "someone@example.com", "password": "a long password"},
        )
        assert api.status == 503
        assert b"briefly unavailable" in body
    finally:
        stop(server)


def cookie_named(response, name):
    """The Set-Cookie line that sets `name`, split into its attributes (lower-cased names)."""
    for line in response.msg.get_all("Set-Cookie") or []:
        first, *attributes = [part.strip() for part in line.split(";")]
        key, _, value = first.partition("=")
        if key == name:
            flags = {a.partition("=")[0].lower(): a.partition("=")[2] for a in attributes}
            return value, flags
    raise AssertionError(f"no {name} cookie in {response.msg.get_all('Set-Cookie')}")


def test_logging_in_over_https_sets_a_locked_down_session_cookie(gunicorn):
    # The test settings hash with MD5 for speed; production only accepts its own hashers.
    user = UserFactory(email="https.login@example.com")
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])

    page, body = request(gunicorn, "/accounts/login/")
    assert page.status == 200
    csrf_cookie, _ = cookie_named(page, "csrftoken")
    form_token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)

    form = urlencode(
        {"csrfmiddlewaretoken": form_token.decode(), "login": user.email, "password": PASSWORD}
    )
    response, body = call(
        gunicorn,
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
            "Referer": "https://localhost/accounts/login/",
        },
    )
    assert response.status == 302, body
    session, flags = cookie_named(response, "sessionid")
    assert session
    assert "secure" in flags
    assert "httponly" in flags
    assert flags.get("samesite", "").lower() == "lax"

    home, body = call(gunicorn, "GET", "/", headers={"Cookie": f"sessionid={session}"})
    assert home.status == 200
    assert b'action="/accounts/logout/"' in body, "the page is the signed-in one"
    cache_control = {p.strip() for p in home.getheader("Cache-Control").split(",")}
    assert {"no-store", "private"} <= cache_control
    policy = home.getheader("Content-Security-Policy")
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
