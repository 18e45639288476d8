"""Everything that writes notifications, and sends their email."""

from .due import checkins_due, revisits_due
from .housekeeping import housekeeping
from .notify import (
    couple_names,
    notify,
    notify_both,
    notify_partner,
    notify_therapist,
    read_unsubscribe_token,
    settings_of,
    site_url,
    unsubscribe_token,
)
from .outbox import (
    email_deliver,
    email_queue,
    email_queue_message,
    email_retry,
    emails_due,
)
from .reading import notification_settings_update, notifications_mark_read
from .run import send_due

__all__ = [
    "checkins_due",
    "email_deliver",
    "email_queue",
    "email_queue_message",
    "email_retry",
    "emails_due",
    "housekeeping",
    "notification_settings_update",
    "notifications_mark_read",
    "couple_names",
    "notify",
    "notify_both",
    "notify_partner",
    "notify_therapist",
    "read_unsubscribe_token",
    "revisits_due",
    "send_due",
    "settings_of",
    "site_url",
    "unsubscribe_token",
]
