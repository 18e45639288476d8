"""Apostrophes and quotes in behavior titles and names are shown as typed: escaped once in
HTML, never twice, and not at all in plain text."""

import pytest
from django.urls import reverse

from assessments import services
from boundaries.models import Behavior
from notifications.models import Email
from notifications.services import notification_settings_update
from tests.factories import fill_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished(couple, partner_a, partner_b):
    partner_a.display_name = "Jo D'Arcy"
    partner_a.save()
    Behavior.objects.catalog().filter(pk=Behavior.objects.catalog().first().pk).update(
        title_en="Liking all of one person's posts"
    )
    notification_settings_update(user=partner_b, discreet_subjects=False)
    checkin = services.checkin_start(user=partner_a)
    fill_survey(checkin, partner_a, if_i_do="ok", if_partner_does="not_ok")
    fill_survey(checkin, partner_b, if_i_do="ok", if_partner_does="not_ok")
    for person in (partner_a, partner_b):
        services.checkin_submit(user=person, checkin=checkin)
    return checkin


@pytest.mark.parametrize("name", ["report", "talk"])
def test_pages_escape_once(login, finished, partner_b, name):
    html = login(partner_b).get(reverse(name, args=[finished.pk])).content.decode()
    assert "&amp;#x27;" not in html and "&amp;quot;" not in html
    assert "Liking all of one person&#x27;s posts" in html
    assert "Jo D&#x27;Arcy" in html


def test_the_report_for_a_therapist_escapes_once(login, finished, couple, therapist):
    from tests.factories import connect_therapist

    connect_therapist(therapist, couple)
    url = reverse("therapist_report", args=[couple.pk, finished.pk])
    html = login(therapist).get(url).content.decode()
    assert "&amp;#x27;" not in html
    assert "Jo D&#x27;Arcy" in html


def test_plain_text_mail_is_not_escaped(finished, partner_b):
    email = Email.objects.filter(to=partner_b.email).order_by("pk").first()
    assert email.subject == "Jo D'Arcy started a check-in"
    assert "Jo D'Arcy" in email.body_text and "&#x27;" not in email.body_text
