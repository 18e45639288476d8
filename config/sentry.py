"""Error tracking with Sentry, when SENTRY_DSN is set; nothing is sent otherwise.

What leaves is less than the logs hold: the exception's type and its stack (file, line,
function; no local variables, no source), the redacted path, the request id and the
release. Not even the exception's message, which can quote a value (a database error
names the row it refused). Never a request body, cookies, headers, query values, SQL, a
user's address or id, an answer, a note, a token or a code.
"""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

from config.log_redaction import redact_path
from config.request_id import current

# The parts of an event kept, by key; everything else is dropped.
KEPT = ("event_id", "timestamp", "level", "platform", "logger", "release", "environment",
        "exception", "transaction", "tags", "server_name", "sdk", "contexts")  # fmt: skip
KEPT_CONTEXTS = ("runtime", "os", "trace")


def _scrub_exception(exception: dict) -> dict:
    for value in exception.get("values") or []:
        value.pop("value", None)
        for frame in (value.get("stacktrace") or {}).get("frames") or []:
            for key in ("vars", "pre_context", "context_line", "post_context"):
                frame.pop(key, None)
    return exception


def scrub_event(event: dict, hint=None) -> dict:
    """The event as it may leave: the kept parts, with paths and messages redacted."""
    kept = {key: event[key] for key in KEPT if key in event}
    if "exception" in kept:
        kept["exception"] = _scrub_exception(kept["exception"])
    if "transaction" in kept and isinstance(kept["transaction"], str):
        kept["transaction"] = redact_path(kept["transaction"])
    contexts = kept.get("contexts") or {}
    kept["contexts"] = {k: v for k, v in contexts.items() if k in KEPT_CONTEXTS}
    request = event.get("request") or {}
    if isinstance(request.get("url"), str):
        kept["request"] = {"url": redact_path(request["url"].split("?", 1)[0]),
                           "method": request.get("method")}  # fmt: skip
    kept["tags"] = {**(kept.get("tags") or {}), "request_id": current.get()}
    return kept


def scrub_breadcrumb(crumb: dict, hint=None) -> dict | None:
    """Only log messages (redacted) are kept as breadcrumbs: no SQL, no HTTP calls."""
    if crumb.get("category") in ("query", "httplib", "redis", "subprocess"):
        return None
    if isinstance(crumb.get("message"), str):
        crumb["message"] = redact_path(crumb["message"])
    crumb.pop("data", None)
    return crumb


def init(dsn: str, *, environment: str, traces_sample_rate: float = 0.0, **extra) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        include_local_variables=False,
        include_source_context=False,
        max_request_body_size="never",
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
        traces_sample_rate=traces_sample_rate,
        **extra,
    )
