"""The hourly tidy-up: ended sessions, invitations past their date, old notifications."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from boundaries.models import Invitation
from notifications.models import Email, Notification
from tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


def test_housekeeping_tidies_only_what_is_old(client, single, partner_a):
    now = timezone.now()
    expired = InvitationFactory(inviter=single, expires_at=now - timedelta(days=1))
    live = InvitationFactory(inviter=partner_a)
    client.force_login(single)
    Session.objects.create(
        session_key="x" * 32, session_data="", expire_date=now - timedelta(days=1)
    )
    old_read = Notification.objects.create(
        recipient=single, kind="report_ready", event_key=1, read_at=now - timedelta(days=200)
    )
    recent = Notification.objects.create(recipient=single, kind="report_ready", event_key=2)
    old_sent = Email.objects.create(
        category="account", to="a@example.com", subject="s", status=Email.Status.SENT,
        created_at=now - timedelta(days=40), sent_at=now - timedelta(days=40),
    )  # fmt: skip
    # Sent only now, after waiting long: kept for its 30 days like any other.
    late = Email.objects.create(
        category="account", to="b@example.com", subject="s",
        created_at=now - timedelta(days=40),
    )  # fmt: skip

    call_command("send_due_notifications", "--housekeeping")

    assert Invitation.objects.get(pk=expired.pk).status == Invitation.Status.CANCELLED
    assert Invitation.objects.get(pk=live.pk).status == Invitation.Status.PENDING
    assert not Session.objects.filter(session_key="x" * 32).exists()
    assert Session.objects.exists()  # the live one stays
    assert not Notification.objects.filter(pk=old_read.pk).exists()
    assert Notification.objects.filter(pk=recent.pk).exists()
    assert not Email.objects.filter(pk=old_sent.pk).exists()
    assert Email.objects.get(pk=late.pk).status == Email.Status.SENT
