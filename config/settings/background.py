"""Background work: Celery, its schedule, when mail may go out and the address its links
use. Part of base.py."""

import environ

env = environ.Env()

# The address people reach the site at, for links in email (sent where there is no request).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Background work (Celery). With a broker (production: Redis), a `worker` sends mail and a
# `beat` runs the schedule below. Without one (make run, tests), tasks run at once in the
# process, and mail that failed waits for `manage.py send_due_notifications`.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# The worker logs through LOGGING like the web does (redacted; JSON with LOG_FORMAT=json).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that enqueues while the broker is away gives up quickly; the schedule catches up.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 2}
CELERY_BEAT_SCHEDULE = {
    "send-due-notifications": {
        "task": "notifications.tasks.send_due_notifications",
        "schedule": env.int("NOTIFICATIONS_EVERY_SECONDS", default=300),
    },
    "housekeeping": {"task": "notifications.tasks.housekeeping", "schedule": 60 * 60},
}
CELERY_TIMEZONE = "UTC"
# Non-urgent mail waits between these hours (from, until) in each person's time zone.
QUIET_HOURS = (21, 8)
