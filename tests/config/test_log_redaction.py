"""Logs never contain invitation codes, allauth keys or query values.

The redaction itself, Django's logging (console handler) end to end, and gunicorn's access
log end to end as the Dockerfile starts it (config/gunicorn.py).
"""

import io
import logging

import pytest

from config.log_redaction import RedactSecretsFilter, redact_path
from tests.servers import call, database_url, start_gunicorn, stop

CODE = "ABCDEFGHJK"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/invite/ABCDEFGHJK/", "/invite/[redacted]/"),
        ("/invite/ABCDEFGHJK", "/invite/[redacted]"),
        ("/accounts/confirm-email/MQ:1tXyz:abc-def_ghi/", "/accounts/confirm-email/[redacted]/"),
        (
            "/accounts/password/reset/key/1-abc123-secret/",
            "/accounts/password/reset/key/[redacted]/",
        ),
        ("/partner/therapist/?code=TH3RAPIST", "/partner/therapist/?code=[redacted]"),
        (
            "/invite/ABCDEFGHJK/?x=secretvalue&y=&z",
            "/invite/[redacted]/?x=[redacted]&y=[redacted]&[redacted]",
        ),
        ("/checkins/12/report/", "/checkins/12/report/"),
        ("/partner/invite/", "/partner/invite/"),
    ],
)
def test_redact_path_hides_each_kind_of_secret(path, expected):
    assert redact_path(path) == expected
    assert redact_path(expected) == expected, "redacting twice changes nothing"


def test_redact_path_works_on_request_lines_urls_and_messages():
    assert (
        redact_path('"GET /invite/ABCDEFGHJK/?code=XYZ HTTP/1.1" 404 179')
        == '"GET /invite/[redacted]/?code=[redacted] HTTP/1.1" 404 179'
    )
    assert (
        redact_path("https://example.com/invite/ABCDEFGHJK/#accept")
        == "https://example.com/invite/[redacted]/#accept"
    )
    assert redact_path("Not Found: /invite/ABCDEFGHJK/") == "Not Found: /invite/[redacted]/"
    assert redact_path("Are you sure? Yes.") == "Are you sure? Yes."


@pytest.fixture
def console_output():
    """What the settings' redacting handlers write, instead of stderr."""
    handlers = [
        handler
        for name in ("", "django.server")
        for handler in logging.getLogger(name).handlers
        if any(isinstance(f, RedactSecretsFilter) for f in handler.filters)
    ]
    assert len(handlers) == 2, "the console and runserver handlers redact"
    output = io.StringIO()
    streams = [handler.setStream(output) for handler in handlers]
    yield output
    for handler, stream in zip(handlers, streams, strict=True):
        handler.setStream(stream)


@pytest.mark.django_db
def test_django_request_log_hides_the_invitation_code(client, console_output, caplog):
    response = client.get(f"/invite/{CODE}/?code=secretvalue")
    assert response.status_code == 404

    written = console_output.getvalue()
    assert "Not Found: /invite/[redacted]/" in written
    assert any(r.name == "django.request" for r in caplog.records)
    for text in (written, caplog.text):
        assert CODE not in text
        assert "secretvalue" not in text


def test_runserver_request_lines_are_redacted(console_output):
    logging.getLogger("django.server").warning(
        '"%s" %s %s',
        f"GET /partner/therapist/?code={CODE} HTTP/1.1",
        "404",
        "179",
        extra={"status_code": 404, "server_time": "now"},
    )
    assert '"GET /partner/therapist/?code=[redacted] HTTP/1.1" 404 179' in (
        console_output.getvalue()
    )
    assert CODE not in console_output.getvalue()


def test_tracebacks_are_redacted(console_output):
    try:
        raise ValueError(f"no invitation at /invite/{CODE}/")
    except ValueError:
        logging.getLogger("django.request").exception("Internal Server Error: /invite/%s/", CODE)
    assert "ValueError: no invitation at /invite/[redacted]/" in console_output.getvalue()
    assert CODE not in console_output.getvalue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_gunicorn_logs_hide_codes_keys_query_values_and_headers(tmp_path):
    server, port = start_gunicorn(tmp_path, database_url())
    try:
        invite, _ = call(
            port,
            "GET",
            f"/invite/{CODE}/?x=secretvalue",
            headers={
                "Referer": f"https://localhost/invite/{CODE}/",
                "User-Agent": "agent-secret",
                "X-Session-Token": "token-secret",
            },
        )
        assert invite.status == 404
        reset, _ = call(
            port,
            "GET",
            "/accounts/password/reset/key/1-abc123-secret/",
            headers={"Referer": f"https://localhost/invite/{CODE}/"},
        )
        assert reset.status < 500
        therapist, _ = call(port, "GET", "/partner/therapist/?code=TH3RAPISTCODE")
        assert therapist.status == 302  # to the login page
        # A path that tries to write a line of its own, and one with a terminal escape.
        forged = '/about/%0a[27/Nov/2026:06:50:00 +0000] "GET /admin/FORGED HTTP/1.1" 200 1 1ms%0a/'
        call(port, "GET", forged.replace(" ", "%20").replace('"', "%22"))
        call(port, "GET", "/x%1b[31mRED%1b[0m/")
    finally:
        stop(server)  # a clean exit flushes both logs

    access = (tmp_path / "access.log").read_text()
    assert '"GET /invite/[redacted]/?x=[redacted] HTTP/1.1" 404 ' in access
    assert f'"GET /accounts/password/reset/key/[redacted]/ HTTP/1.1" {reset.status} ' in access
    assert '"GET /partner/therapist/?code=[redacted] HTTP/1.1" 302 ' in access
    errors = (tmp_path / "gunicorn.log").read_text()
    assert "Not Found: /invite/[redacted]/" in errors
    assert not any(line.startswith("[27/Nov/2026:06:50:00") for line in access.splitlines())
    assert "/about/\\n[27/Nov/2026:06:50:00" in access
    assert "\x1b" not in access and "\x1b" not in errors
    assert "/x\\x1b[31mRED" in access
    for secret in [CODE, "secretvalue", "abc123", "TH3RAPISTCODE", "token-secret", "agent-secret"]:
        assert secret not in access
        assert secret not in errors
