"""Edges a hostile review found: who hears of an ended access, mail that waited for the
quiet hours, the admin's "try again", odd unsubscribe links, logins after logging out."""

import datetime as dt
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments import services as checkin_services
from boundaries.services import therapists as therapist_services
from notifications.kinds import Kind
from notifications.models import Email, Notification
from notifications.services import email_deliver, email_retry, unsubscribe_token
from tests.factories import PASSWORD, connect_therapist

pytestmark = pytest.mark.django_db


def test_a_therapist_never_consented_to_hears_nothing_when_the_link_ends(
    couple, partner_a, partner_b, therapist
):
    link = connect_therapist(therapist, couple, consenting=[partner_a])
    therapist_services.revoke(user=partner_b, link_id=link.pk)
    assert not Notification.objects.filter(recipient=therapist).exists()


def test_mail_held_for_the_night_respects_a_later_unsubscribe(
    settings, client, couple, partner_a, partner_b
):
    settings.QUIET_HOURS = (0, 0)  # always night: the email waits
    checkin_services.checkin_start(user=partner_a)
    email = Email.objects.get()
    link = reverse(
        "notification_unsubscribe", args=[unsubscribe_token(partner_b, email.notification.kind)]
    )
    client.post(link)
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=False):
        email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == Email.Status.SKIPPED
    assert mail.outbox == []


def test_mail_held_for_the_night_goes_to_the_current_address(
    settings, couple, partner_a, partner_b
):
    settings.QUIET_HOURS = (0, 0)
    checkin_services.checkin_start(user=partner_a)
    partner_b.email = "blair.new@example.com"
    partner_b.save()
    email = Email.objects.get()
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=False):
        email_deliver(email_id=email.pk)
    assert [m.to for m in mail.outbox] == [["blair.new@example.com"]]


def test_try_again_leaves_an_email_being_sent_alone(couple, partner_a, committed):
    checkin_services.checkin_start(user=partner_a)
    email = Email.objects.get()
    Email.objects.filter(pk=email.pk).update(
        status=Email.Status.SENDING, claimed_at=timezone.now(), attempts=1
    )
    assert email_retry(email_ids=[email.pk]) == 0
    email.refresh_from_db()
    assert email.status == Email.Status.SENDING


def test_an_unsubscribe_link_for_a_kind_not_theirs_is_a_404(client, single):
    link = reverse(
        "notification_unsubscribe", args=[unsubscribe_token(single, Kind.THERAPIST_CONSENTED)]
    )
    assert client.post(link).status_code == 404
    assert client.get(link).status_code == 404


def test_logging_in_again_with_the_same_browser_is_no_news(single, committed):
    single.date_joined -= timedelta(days=30)
    single.save()
    for _ in range(3):
        browser = Client(HTTP_USER_AGENT="The same browser")
        with committed():
            browser.post(reverse("account_login"), {"login": single.email, "password": PASSWORD})
            browser.post(reverse("account_logout"))
    notices = [m for m in mail.outbox if "new login" in m.subject.lower()]
    assert len(notices) == 1


def test_the_next_check_in_is_the_same_date_in_every_time_zone(couple, partner_a):
    from assessments.selectors import next_checkin_due
    from boundaries.models import Couple
    from boundaries.services import couple_set_rhythm

    Couple.objects.filter(pk=couple.pk).update(created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    with time_machine.travel(dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC), tick=False):
        couple_set_rhythm(user=partner_a, every_weeks=2)
    couple.refresh_from_db()
    dates = set()
    for zone in ("UTC", "Asia/Tokyo", "America/Los_Angeles"):
        with timezone.override(zone):
            dates.add(next_checkin_due(couple))
    assert dates == {dt.date(2026, 3, 15)}


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/me/notification-settings/", {"discreet_subjects": "yes"}),
        ("/api/v1/me/notification-settings/", {"kinds": {"report_ready": {"email": 1}}}),
        ("/api/v1/me/notification-settings/", {"time_zone": "localtime"}),
        ("/api/v1/me/notification-settings/", {"time_zone": "Factory"}),
        ("/api/v1/couple/", {"checkin_every_weeks": "2"}),
    ],
)
def test_the_api_takes_json_types_only(api, couple, partner_a, url, body):
    assert api.as_user(partner_a).patch(url, body, format="json").status_code == 400


def test_marking_read_takes_whole_numbers_only(api, partner_a):
    response = api.as_user(partner_a).post(
        "/api/v1/notifications/read/", {"ids": ["1"]}, format="json"
    )
    assert response.status_code == 400
