"""One run of the schedule: make the reminders that have come due, send what waits."""

import logging

from .due import checkins_due, revisits_due
from .outbox import emails_due

logger = logging.getLogger(__name__)


def send_due(now=None) -> dict[str, int]:
    """Safe to run at any time, twice, or on two machines at once: each reminder is one row
    per person and date, and each email is claimed by one sender before it goes."""
    from ..tasks import deliver_email

    made = revisits_due(now) + checkins_due(now)
    waiting = emails_due()
    for email_id in waiting:
        try:
            deliver_email.delay(email_id)
        except Exception:  # the broker is away: the next run tries again
            logger.exception("Could not hand email %s to a worker", email_id)
            break
    return {"reminders": made, "emails": len(waiting)}
