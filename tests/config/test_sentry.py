"""With SENTRY_DSN set, an error reaches Sentry with what the logs may hold and nothing more:
no body, cookies, headers, query values, SQL, variables or user."""

import json

import pytest
import sentry_sdk
from sentry_sdk.transport import Transport

from config import sentry
from config.sentry import scrub_breadcrumb, scrub_event

NOTE = "I keep a second phone"


class Captured(Transport):
    events: list = []

    def capture_envelope(self, envelope):
        for item in envelope.items:
            if item.headers.get("type") in ("event", "transaction"):
                Captured.events.append(json.loads(item.payload.get_bytes()))


@pytest.fixture
def tracked(settings):
    Captured.events = []
    sentry.init("https://public@sentry.invalid/1", environment="test", transport=Captured)
    settings.ROOT_URLCONF = "tests.config.sentry_urls"
    yield Captured.events
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: nothing is sent from here on


@pytest.mark.django_db
def test_an_error_leaves_without_what_was_sent(tracked, client, partner_a):
    client.force_login(partner_a)
    client.raise_request_exception = False
    client.cookies["sessionid_extra"] = NOTE
    response = client.post(
        "/fails/?code=ABCDEFGHJK&q=" + NOTE.replace(" ", "+"),
        {"note": NOTE},
        HTTP_X_REQUEST_ID="req-0123456789",
        HTTP_USER_AGENT=NOTE,
    )
    assert response.status_code == 500
    sentry_sdk.flush()
    [event] = tracked
    text = json.dumps(event)
    assert "ValueError" in text
    for secret in (NOTE, "I+keep", "ABCDEFGHJK", "SECRET", partner_a.email, "sessionid"):
        assert secret not in text, secret
    assert event["tags"]["request_id"] == "req-0123456789"
    assert "user" not in event and "breadcrumbs" not in event
    assert "value" not in event["exception"]["values"][0]  # a message can quote a value
    frames = event["exception"]["values"][0]["stacktrace"]["frames"]
    assert frames and not any("vars" in frame for frame in frames)


def test_breadcrumbs_keep_only_redacted_messages():
    assert scrub_breadcrumb({"category": "query", "message": "SELECT note ..."}) is None
    crumb = scrub_breadcrumb({"category": "django", "message": "GET /invite/ABCDEFGHJK/",
                              "data": {"note": NOTE}})  # fmt: skip
    assert crumb == {"category": "django", "message": "GET /invite/[redacted]/"}


def test_an_event_keeps_only_its_known_parts():
    event = scrub_event({
        "exception": {"values": [{"type": "E", "value": "at /invite/XYZ/"}]},
        "request": {"url": "https://x/invite/ABC/?code=1", "data": NOTE, "cookies": {"a": "b"},
                    "headers": {"Cookie": NOTE}, "query_string": "code=1"},
        "user": {"email": "a@b.c"}, "extra": {"note": NOTE}, "breadcrumbs": [NOTE],
    })  # fmt: skip
    assert event["request"] == {"url": "https://x/invite/[redacted]/", "method": None}
    assert "value" not in event["exception"]["values"][0]
    assert NOTE not in json.dumps(event) and "a@b.c" not in json.dumps(event)
