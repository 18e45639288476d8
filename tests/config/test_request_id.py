"""Every request has an id: in its response, and in each JSON log line it causes."""

import json
import logging

import pytest

from config.log_format import JsonFormatter
from config.log_redaction import RedactSecretsFilter
from config.request_id import RequestIdFilter, adopt, current


@pytest.mark.django_db
def test_a_response_names_its_request_id(client):
    first = client.get("/about/")["X-Request-ID"]
    second = client.get("/about/")["X-Request-ID"]
    assert len(first) == 32 and first != second


@pytest.mark.django_db
def test_a_proxys_id_is_kept_and_a_crafted_one_replaced(client):
    assert client.get("/about/", HTTP_X_REQUEST_ID="edge-4f2a9c01")["X-Request-ID"] == (
        "edge-4f2a9c01"
    )
    for crafted in ("short", "x" * 65, "abc\ndef-ghijk", "id with spaces", "ünïcode-1234"):
        assert adopt(crafted) != crafted
    assert client.get("/about/", HTTP_X_REQUEST_ID="a b c d e f g")["X-Request-ID"] != (
        "a b c d e f g"
    )


def test_json_lines_carry_the_id_and_stay_redacted():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/invite/ABCDEFGHJK/",),
        None,
    )  # fmt: skip
    token = current.set("req-0123456789")
    try:
        for step in (RedactSecretsFilter(), RequestIdFilter()):
            step.filter(record)
    finally:
        current.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-0123456789"
    assert line["message"] == "Not Found: /invite/[redacted]/"
    assert line["level"] == "WARNING" and line["logger"] == "django.request"


def test_outside_a_request_the_id_is_a_dash():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", (), None)
    RequestIdFilter().filter(record)
    assert json.loads(JsonFormatter().format(record))["request_id"] == "-"
