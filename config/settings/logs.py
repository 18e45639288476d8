"""Logging and error tracking: every line redacted, plain or JSON with the request id, and
Sentry only when SENTRY_DSN is set. Part of base.py."""

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

# LOG_FORMAT=json: one JSON object per line with the request's id (config/log_format.py);
# the default is plain lines. Either way every line is redacted first.
LOG_FORMAT = env("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT is text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_secrets": {"()": "config.log_redaction.RedactSecretsFilter"},
        "request_id": {"()": "config.request_id.RequestIdFilter"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
        "text": {"format": "%(message)s"},
        "json": {"()": "config.log_format.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact_secrets", "request_id"],
            "formatter": LOG_FORMAT,
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server" if LOG_FORMAT == "text" else "json",
            "filters": ["redact_secrets", "request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's defaults give these handlers of their own, which would write before ours
        # redact: runserver's request lines, and (with DEBUG) a second copy of django.*.
        "django": {"handlers": []},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}

# Error tracking (config/sentry.py): only with SENTRY_DSN set, and only what the logs may hold.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from config import sentry

    sentry.init(
        SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
