"""The production path without Docker: gunicorn, production settings, the test database.

This is what docker-compose runs; the test starts it for real and talks HTTP to it.
"""

import http.client
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.subprocess_env import clean_env

ROOT = Path(__file__).resolve().parents[2]
# gunicorn reads what the test wrote, so it must be committed; the catalog comes back after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SECRET = "prod-path-" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(settings['NAME']).resolve()}"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    port = settings["PORT"] or 5432
    host = settings["HOST"] or "127.0.0.1"
    return f"postgres://{settings['USER']}{password}@{host}:{port}/{settings['NAME']}"


def request(port, path, *, https=True, host="localhost"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": host}
    if https:
        headers["X-Forwarded-Proto"] = "https"
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def post_json(port, path, payload):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(
        "POST",
        path,
        body=json.dumps(payload),
        headers={
            "Host": "localhost",
            "X-Forwarded-Proto": "https",
            "Content-Type": "application/json",
        },
    )
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def start_gunicorn(tmp_path, db_url):
    port = free_port()
    env = clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=SECRET,
        DATABASE_URL=db_url,
        ALLOWED_HOSTS="localhost",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        CACHE_URL="dummycache://",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(collect, cwd=ROOT, env=env, check=True, timeout=120)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "gunicorn.log").open("w"),
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            if server.poll() is not None:
                raise AssertionError((tmp_path / "gunicorn.log").read_text()) from None
            time.sleep(0.2)
    server.kill()
    raise AssertionError("gunicorn did not start within 30 s")


@pytest.fixture
def gunicorn(tmp_path):
    server, port = start_gunicorn(tmp_path, database_url())
    yield port
    server.terminate()
    server.wait(timeout=10)


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
        server.terminate()
        server.wait(timeout=10)
