"""One id per request, carried into every log line the request causes: on the web, and in the
worker that sends its mail. A proxy's X-Request-ID is kept when it looks like one; otherwise
a new id is made. The response says which id it had, so a person reporting a problem can
quote it."""

import contextvars
import logging
import re
import uuid

current = contextvars.ContextVar("request_id", default="-")

# Letters, digits and a few marks, of a sensible length: nothing that could forge a log line.
_LOOKS_LIKE_AN_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")
HEADER = "X-Request-ID"


def adopt(value) -> str:
    """The id to use for work that arrives with `value` (a header, a task's header)."""
    value = value if isinstance(value, str) else ""
    return value if _LOOKS_LIKE_AN_ID.fullmatch(value) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = adopt(request.headers.get(HEADER))
        token = current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on each record (`-` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current.get()
        return True
