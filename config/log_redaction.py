"""Secrets that travel in URLs, kept out of every log line.

A partner invitation code, an email-confirmation key and a password-reset key each arrive as
a path segment; a GET form (the therapist's code) puts its value in the query string. Anyone
who reads the logs could use them, so gunicorn's access log (config/gunicorn.py) and Django's
own logging (LOGGING in config/settings/base.py) both pass what they write through
`redact_path`.
"""

import logging
import re

REDACTED = "[redacted]"

# The segment after each of these is a secret: /invite/<code>/ and allauth's
# /accounts/confirm-email/<key>/ and /accounts/password/reset/key/<uidb36>-<key>/.
# Matched anywhere in the text, so a request line, a full URL or a message all work.
_SECRET_SEGMENT = re.compile(
    r"(/(?:invite|confirm-email|password/reset/key)/)[^/?#\s]+", re.IGNORECASE
)
# A query string runs from "?" to the next space or fragment.
_QUERY = re.compile(r"\?([^\s#]+)")


def _redact_query(match: re.Match) -> str:
    items = []
    for item in match.group(1).split("&"):
        name, equals, _value = item.partition("=")
        items.append(f"{name}={REDACTED}" if equals else (REDACTED if item else item))
    return "?" + "&".join(items)


def redact_path(text: str) -> str:
    """`text` with every secret path segment and every query value replaced by [redacted].

    `text` may be a bare path, a request line ("GET /invite/X/ HTTP/1.1"), a full URL or a
    whole log message. Query names stay (`?code=[redacted]`), values never do. Redacting twice
    changes nothing.
    """
    text = _SECRET_SEGMENT.sub(rf"\1{REDACTED}", text)
    return _QUERY.sub(_redact_query, text)


def escape_unprintable(text: str) -> str:
    """Line breaks, terminal escapes and other invisible characters as visible escapes, so a
    crafted URL can neither forge a log line nor recolour an operator's terminal."""
    return "".join(
        ch if ch.isprintable() and ch != "\\" else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


class RedactSecretsFilter(logging.Filter):
    """Rewrites each record's message (and traceback) through `redact_path`, in place.

    The record is shared, so every handler that runs after this filter sees it redacted too.
    Django's request records ("Not Found: %s", runserver's request lines) carry the path in
    their arguments, so the message is formatted first and the arguments dropped.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken logging call; logging reports it with msg and args
            message = f"{record.msg} {record.args!r}"
        record.msg, record.args = redact_path(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_path(record.exc_text)
        return True
