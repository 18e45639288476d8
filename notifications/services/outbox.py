"""The outbox: requests add emails, tasks send them. Nothing is sent twice, nothing is lost:
a send that fails is tried again later with growing pauses, and one that keeps failing stays
in the admin's list of undelivered emails."""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ..models import Email

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# A claim older than this belonged to a worker that died mid-send: the email is tried again.
STALE_CLAIM = timedelta(minutes=10)


def backoff(attempts: int) -> int:
    """Seconds to wait after the n-th failed attempt: 1 min, 2, 4, ... at most 2 hours."""
    return min(60 * 2 ** (attempts - 1), 2 * 60 * 60)


def _enqueue(email_id: int) -> None:
    from ..tasks import deliver_email

    deliver_email.delay(email_id)


def enqueue_after_commit(email: Email) -> None:
    """Hand the email to a worker once the transaction that made it has committed.

    If the broker cannot be reached the email stays waiting, and the next run of
    send_due_notifications sends it; the request never fails for it.
    """
    if email.not_before <= timezone.now():
        transaction.on_commit(partial(_enqueue, email.pk), robust=True)


def email_queue(
    *,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    category: str,
    headers=None,
    not_before=None,
    notification=None,
) -> Email:
    email = Email.objects.create(
        category=category,
        notification=notification,
        to=to,
        subject=" ".join(subject.split())[:250],
        body_text=body_text,
        body_html=body_html,
        headers=headers or {},
        not_before=not_before or timezone.now(),
    )
    enqueue_after_commit(email)
    return email


def email_queue_message(message, *, category: str) -> list[Email]:
    """An email message someone else rendered (allauth's), one row per recipient."""
    html = next(
        (
            content
            for content, mimetype in getattr(message, "alternatives", [])
            if mimetype == "text/html"
        ),
        "",
    )
    return [
        email_queue(
            to=address,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            category=category,
            headers=dict(message.extra_headers),
        )
        for address in message.to
    ]


def _claim(email_id: int) -> Email | None:
    now = timezone.now()
    claimed = Email.objects.filter(
        pk=email_id, status=Email.Status.PENDING, not_before__lte=now
    ).update(status=Email.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return Email.objects.filter(pk=email_id).first() if claimed else None


def _message(email: Email) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers=email.headers,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


def _still_wanted(email: Email) -> bool:
    """Checked again when the email goes (it may have waited for the quiet hours): not if
    the person switched that kind off meanwhile, and not to a former partner once the
    couple has ended (a therapist's notices are about the couple's decisions, and still
    go)."""
    from .notify import settings_of

    notification = email.notification
    if notification is None:
        return True
    person = notification.recipient
    if not person.is_active or not settings_of(person).wants_email(notification.kind):
        return False
    couple = notification.couple
    return couple is None or couple.is_active or person.is_therapist


def email_deliver(*, email_id: int) -> int | None:
    """Try to send one email. Returns the seconds to wait before the next try, or None
    when there is nothing more to do (sent, given up, or someone else has it)."""
    email = _claim(email_id)
    if email is None:
        return None
    if not _still_wanted(email):
        Email.objects.filter(pk=email.pk).update(status=Email.Status.SKIPPED)
        return None
    if email.notification is not None and email.to != email.notification.recipient.email:
        email.to = email.notification.recipient.email  # the address changed meanwhile
        Email.objects.filter(pk=email.pk).update(to=email.to)
    try:
        _message(email).send()
    except (OSError, ValueError) as exc:  # smtplib's errors are OSErrors
        return _failed(email, exc)
    except Exception as exc:
        _failed(email, exc)
        raise
    done = {"status": Email.Status.SENT, "sent_at": timezone.now(), "last_error": ""}
    if email.category == Email.Category.ACCOUNT:
        # Links and codes to sign in with are not kept once they are on their way.
        done.update(body_text="", body_html="")
    Email.objects.filter(pk=email.pk).update(**done)
    return None


def _failed(email: Email, exc: Exception) -> int | None:
    reason = f"{type(exc).__name__}: {exc}"[:200]
    logger.warning("Email %s not sent (attempt %s): %s", email.pk, email.attempts, reason)
    if not isinstance(exc, OSError) or email.attempts >= MAX_ATTEMPTS:
        Email.objects.filter(pk=email.pk).update(status=Email.Status.FAILED, last_error=reason)
        return None
    wait = backoff(email.attempts)
    Email.objects.filter(pk=email.pk).update(
        status=Email.Status.PENDING,
        not_before=timezone.now() + timedelta(seconds=wait),
        last_error=reason,
    )
    return wait


def emails_due() -> list[int]:
    """Emails ready to go now, after freeing any claim a dead worker left behind (an email
    claimed as often as it may be tried is given up instead)."""
    now = timezone.now()
    stale = Email.objects.filter(status=Email.Status.SENDING, claimed_at__lt=now - STALE_CLAIM)
    stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Email.Status.FAILED, last_error="Never finished sending."
    )
    stale.update(status=Email.Status.PENDING)
    return list(
        Email.objects.filter(status=Email.Status.PENDING, not_before__lte=now)
        .order_by("not_before")
        .values_list("pk", flat=True)[:500]
    )


def email_retry(*, email_ids) -> int:
    """The admin's "try again": undelivered emails start over. One a worker is sending right
    now is left to it, or it could go out twice."""
    busy = Q(status=Email.Status.SENDING, claimed_at__gte=timezone.now() - STALE_CLAIM)
    emails = list(
        Email.objects.filter(pk__in=email_ids).exclude(status=Email.Status.SENT).exclude(busy)
    )
    Email.objects.filter(pk__in=[e.pk for e in emails]).update(
        status=Email.Status.PENDING, attempts=0, not_before=timezone.now(), last_error=""
    )
    for email in emails:
        transaction.on_commit(partial(_enqueue, email.pk), robust=True)
    return len(emails)
