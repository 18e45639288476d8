"""Every kind of notification: sent once per event, to the right person only."""

import pytest
from django.core import mail

from assessments import services as checkin_services
from boundaries import services
from boundaries.models import Behavior
from boundaries.services import therapists as therapist_services
from notifications.kinds import Kind
from notifications.models import Email, Notification
from tests.factories import (
    CoupleFactory,
    InvitationFactory,
    UserFactory,
    connect_therapist,
    fill_survey,
    make_therapist,
)

pytestmark = pytest.mark.django_db


def told(kind) -> list[str]:
    """Who was told of this kind, by email address, in order."""
    return [n.recipient.email for n in Notification.objects.filter(kind=kind).order_by("pk")]


def a_behavior():
    return Behavior.objects.catalog().first()


def test_an_accepted_invitation_tells_the_inviter_only(single, committed):
    joiner = UserFactory(display_name="Robin")
    invitation = InvitationFactory(inviter=single)
    with committed():
        services.invitation_accept(user=joiner, code=invitation.code)
    assert told(Kind.INVITATION_ACCEPTED) == [single.email]
    notification = Notification.objects.get()
    assert notification.text == "Robin accepted your invitation. You are linked now."
    assert [m.to for m in mail.outbox] == [[single.email]]


def test_starting_a_check_in_tells_the_partner_not_the_starter(couple, partner_a, partner_b):
    checkin_services.checkin_start(user=partner_a)
    assert told(Kind.CHECKIN_STARTED) == [partner_b.email]
    assert Notification.objects.get().link == f"/checkins/{Notification.objects.get().event_key}/"


def test_finishing_tells_the_partner_then_the_report_tells_both(checkin, partner_a, partner_b):
    fill_survey(checkin, partner_a)
    fill_survey(checkin, partner_b)
    checkin_services.checkin_submit(user=partner_a, checkin=checkin)
    checkin_services.checkin_submit(user=partner_a, checkin=checkin)  # a double submit
    assert told(Kind.PARTNER_FINISHED) == [partner_b.email]
    assert told(Kind.REPORT_READY) == []
    checkin_services.checkin_submit(user=partner_b, checkin=checkin)
    checkin_services.checkin_submit(user=partner_b, checkin=checkin)
    assert sorted(told(Kind.REPORT_READY)) == sorted([partner_a.email, partner_b.email])
    assert told(Kind.PARTNER_FINISHED) == [partner_b.email]


def test_proposals_tell_the_other_partner_at_each_step(couple, partner_a, partner_b):
    behavior = a_behavior()
    first = services.agreement_propose(user=partner_a, behavior=behavior, decision="ok")
    assert told(Kind.PROPOSAL_WAITING) == [partner_b.email]
    change = services.agreement_propose(
        user=partner_b, behavior=behavior, decision="not_ok", replaces=first.pk
    )
    assert told(Kind.PROPOSAL_CHANGED) == [partner_a.email]
    services.agreement_accept(user=partner_a, agreement_id=change.pk)
    services.agreement_accept(user=partner_a, agreement_id=change.pk)  # a double click
    assert told(Kind.PROPOSAL_ACCEPTED) == [partner_b.email]
    other = services.agreement_propose(
        user=partner_a, behavior=Behavior.objects.catalog()[1], decision="ok"
    )
    services.agreement_withdraw(user=partner_a, agreement_id=other.pk)
    assert told(Kind.PROPOSAL_WITHDRAWN) == [partner_b.email]


def test_therapist_hears_only_once_both_consented(couple, partner_a, partner_b, therapist):
    link = connect_therapist(therapist, couple, consenting=[partner_a])
    assert told(Kind.THERAPIST_WAITING) == [partner_b.email]
    assert told(Kind.THERAPIST_CONSENTED) == []
    therapist_services.consent(user=partner_b, link_id=link.pk)
    therapist_services.consent(user=partner_b, link_id=link.pk)
    assert told(Kind.THERAPIST_CONSENTED) == [therapist.email]
    assert "Alex and Blair" in Notification.objects.get(kind=Kind.THERAPIST_CONSENTED).text
    therapist_services.revoke(user=partner_b, link_id=link.pk)
    therapist_services.revoke(user=partner_a, link_id=link.pk)
    assert told(Kind.THERAPIST_ACCESS_ENDED) == [therapist.email]


def test_an_unconsented_therapist_hears_nothing(couple, partner_a):
    other = make_therapist("half@example.com")
    connect_therapist(other, couple, consenting=[partner_a])
    assert not Notification.objects.filter(recipient=other).exists()


def test_changing_the_rhythm_tells_the_partner(couple, partner_a, partner_b):
    services.couple_set_rhythm(user=partner_a, every_weeks=4)
    services.couple_set_rhythm(user=partner_a, every_weeks=4)  # no change: no news
    assert told(Kind.RHYTHM_CHANGED) == [partner_b.email]
    assert Notification.objects.get().text == (
        "Alex changed how often you check in: every 4 weeks."
    )


def test_a_former_partner_hears_nothing_of_a_new_couple(couple, partner_a, partner_b):
    services.couple_unlink(user=partner_a)
    newcomer = UserFactory(display_name="Noor")
    CoupleFactory(partners=(partner_a, newcomer))
    checkin_services.checkin_start(user=partner_a)
    assert told(Kind.CHECKIN_STARTED) == [newcomer.email]


def test_mail_waiting_for_an_ended_couple_is_not_sent(settings, couple, partner_a, partner_b):
    settings.QUIET_HOURS = (0, 0)  # always quiet: the email waits
    checkin_services.checkin_start(user=partner_a)
    waiting = Email.objects.get()
    services.couple_unlink(user=partner_b)
    from notifications.services import email_deliver

    waiting.not_before = waiting.created_at
    waiting.save()
    email_deliver(email_id=waiting.pk)
    waiting.refresh_from_db()
    assert waiting.status == Email.Status.SKIPPED
    assert mail.outbox == []


def test_a_kind_switched_off_still_appears_but_sends_no_email(couple, partner_a, partner_b):
    from notifications.services import notification_settings_update

    notification_settings_update(user=partner_b, emails={"checkin_started": False})
    checkin_services.checkin_start(user=partner_a)
    assert told(Kind.CHECKIN_STARTED) == [partner_b.email]
    assert not Email.objects.exists()
