"""Scheduled tidying: ended sessions, invitations past their date, old notifications."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from boundaries.models import Invitation

from ..models import Email, Notification

KEEP_READ_NOTIFICATIONS = timedelta(days=180)
KEEP_ANY_NOTIFICATION = timedelta(days=365)
KEEP_SENT_EMAILS = timedelta(days=30)
KEEP_UNDELIVERED_EMAILS = timedelta(days=90)


def housekeeping(now=None) -> dict[str, int]:
    now = now or timezone.now()
    call_command("clearsessions")
    expired = Invitation.objects.filter(
        status=Invitation.Status.PENDING, expires_at__lt=now
    ).update(status=Invitation.Status.CANCELLED)
    emails, _ = (
        Email.objects.filter(status=Email.Status.SENT, sent_at__lt=now - KEEP_SENT_EMAILS)
        | Email.objects.filter(status=Email.Status.SKIPPED, created_at__lt=now - KEEP_SENT_EMAILS)
        | Email.objects.filter(
            status=Email.Status.FAILED, created_at__lt=now - KEEP_UNDELIVERED_EMAILS
        )
    ).delete()
    old = Notification.objects.filter(
        read_at__lt=now - KEEP_READ_NOTIFICATIONS
    ) | Notification.objects.filter(created_at__lt=now - KEEP_ANY_NOTIFICATION)
    # A notification whose email still waits stays until it has gone or given up.
    notifications, _ = old.exclude(
        email__status__in=[Email.Status.PENDING, Email.Status.SENDING]
    ).delete()
    return {
        "invitations_expired": expired,
        "emails_pruned": emails,
        "notifications_pruned": notifications,
    }
