"""The outbox against a real SMTP server on loopback: slow, then down, then back; and what
every email looks like."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments import services as checkin_services
from notifications.models import Email
from notifications.services import email_deliver, notification_settings_update
from tests.smtp import SMTPServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 1
    yield server
    server.stop()


def later(minutes):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False)


def test_slow_then_down_then_back_sends_once(smtp, couple, partner_a, partner_b, committed):
    smtp.inbox.delay = 3  # slower than EMAIL_TIMEOUT: this try fails
    with committed():
        checkin_services.checkin_start(user=partner_a)
    email = Email.objects.get()
    assert email.status == Email.Status.PENDING
    assert email.attempts == 1
    assert "timed out" in email.last_error.lower()

    smtp.stop()  # down
    with later(2):
        call_command("send_due_notifications")
    email.refresh_from_db()
    assert email.attempts == 2
    assert "Refused" in email.last_error

    smtp.inbox.delay = 0
    smtp.start()  # back
    with later(10):
        call_command("send_due_notifications")
        call_command("send_due_notifications")
    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    # The slow first try may have been delivered after all once the server caught up;
    # what we sent on purpose arrived, and nothing more than those two tries.
    assert 1 <= len(smtp.inbox.to(partner_b.email)) <= 2
    assert email.attempts == 3


def test_a_notification_email_as_it_arrives(smtp, couple, partner_a, partner_b, committed):
    with committed():
        checkin_services.checkin_start(user=partner_a)
    [message] = smtp.inbox.to(partner_b.email)
    assert message["Subject"] == "Something is waiting for you in Common Ground"
    assert " ".join(message["List-Unsubscribe"].split()).startswith(
        "<http://127.0.0.1:8000/notifications/stop/"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    parts = {part.get_content_type(): part for part in message.walk()}
    text = parts["text/plain"].get_payload(decode=True).decode()
    html = parts["text/html"].get_payload(decode=True).decode()
    assert "Alex started a check-in" in text
    assert "http://127.0.0.1:8000/account/notifications/" in text
    # Nothing loaded from elsewhere, nothing that tracks.
    assert not re.search(r"<img|src=|url\(", html)
    links = re.findall(r'href="([^"]+)"', html)
    assert links and all(link.startswith("http://127.0.0.1:8000/") for link in links)


def test_descriptive_subjects_when_chosen(smtp, couple, partner_a, partner_b, committed):
    notification_settings_update(user=partner_b, discreet_subjects=False)
    with committed():
        checkin_services.checkin_start(user=partner_a)
    [message] = smtp.inbox.to(partner_b.email)
    assert message["Subject"] == "Alex started a check-in"


def test_no_subject_names_a_behavior_or_an_answer(couple, partner_a, partner_b, committed):
    from boundaries.models import Behavior
    from boundaries.services import agreement_propose

    behavior = Behavior.objects.catalog().first()
    with committed():
        agreement_propose(user=partner_a, behavior=behavior, decision="not_ok")
    email = Email.objects.get()
    for field in (email.subject, email.body_text):
        assert behavior.title not in field
        assert "cheat" not in field.lower()
        assert "not ok" not in field.lower()


def test_the_unsubscribe_link_switches_that_kind_off(client, smtp, couple, partner_a, partner_b):
    checkin_services.checkin_start(user=partner_a)
    email = Email.objects.get()
    link = email.headers["List-Unsubscribe"].strip("<>").replace("http://127.0.0.1:8000", "")
    assert "Stop these emails?" in client.get(link).content.decode()
    # A mail program's one-click request: a POST with no cookie and no CSRF token.
    response = client.post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    from notifications.services import settings_of

    assert not settings_of(partner_b).wants_email("checkin_started")
    assert settings_of(partner_b).wants_email("report_ready")


def test_a_forged_unsubscribe_link_is_a_404(client):
    url = reverse("notification_unsubscribe", args=["eyJ1IjoxLCJrIjoicmVwb3J0X3JlYWR5In0:x:y"])
    assert client.post(url).status_code == 404


def test_a_send_that_keeps_failing_ends_in_the_undelivered_list(
    staff_client, settings, couple, partner_a, committed
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    with committed():
        checkin_services.checkin_start(user=partner_a)
    email = Email.objects.get()
    for hours in range(1, 12):
        with later(60 * hours):
            email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == Email.Status.FAILED
    page = staff_client.get(reverse("admin:notifications_undeliveredemail_changelist"))
    assert email.to in page.content.decode()
    # Try again, from the admin, once mail works.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with committed():
        staff_client.post(
            reverse("admin:notifications_undeliveredemail_changelist"),
            {"action": "send_again", "_selected_action": [email.pk]},
        )
    email.refresh_from_db()
    assert email.status == Email.Status.SENT
