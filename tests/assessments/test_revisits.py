"""Revisiting a boundary when its date comes: blind answers, side by side, renew, change or
let it lapse; the same rules through the pages and the API."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import Revisit
from assessments.selectors import revisits as revisit_selectors
from boundaries import services as boundary_services
from boundaries.models import Agreement, AgreementEvent
from notifications.kinds import Kind
from notifications.models import Notification
from tests.factories import due_agreement, fill_survey, revisit_answer

pytestmark = pytest.mark.django_db

SECRET = "Only when I tell you first, honestly"


@pytest.fixture
def due(couple, partner_a, partner_b):
    return due_agreement(partner_a, partner_b)


def _state(agreement, user):
    agreement.refresh_from_db()
    return revisit_selectors.revisit_of(agreement, user)


# Blind --------------------------------------------------------------------------------------


def test_first_answer_starts_the_revisit_and_stays_blind(due, partner_a, partner_b):
    revisit_answer(partner_a, due, note=SECRET)
    assert _state(due, partner_a).state == "waiting_for_partner"
    theirs = _state(due, partner_b)
    assert theirs.state == "waiting_for_me"
    assert theirs.mine is None
    assert theirs.partner_answer is None  # answered, but not shown
    assert theirs.partner_answered


def test_both_answered_shows_both(due, partner_a, partner_b):
    revisit_answer(partner_a, due, note=SECRET)
    revisit_answer(partner_b, due, if_i_do="depends", conditions=["in_a_group"])
    state = _state(due, partner_b)
    assert state.state == "to_decide"
    assert state.partner_answer.note == SECRET
    assert state.mine.conditions == ["in_a_group"]


def test_answers_can_change_until_both_answered_then_are_final(due, partner_a, partner_b):
    revisit_answer(partner_a, due)
    revisit_answer(partner_a, due, if_i_do="not_ok")
    assert _state(due, partner_a).mine.if_i_do == "not_ok"
    revisit_answer(partner_b, due)
    # The same answers again (a double submit) change nothing; different ones are refused.
    revisit_answer(partner_a, due, if_i_do="not_ok")
    with pytest.raises(ValidationError, match="final"):
        revisit_answer(partner_a, due, if_i_do="ok")


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"if_i_do": "", "if_partner_does": "ok"}, "both questions"),
        ({"if_i_do": "maybe"}, "must be one of"),
        ({"if_i_do": "ok", "if_partner_does": "ok", "conditions": ["in_a_group"]}, "It depends"),
        ({"if_i_do": "depends", "conditions": ["no-such-thing"]}, "no condition"),
        ({"note": "x" * 1001}, "at most 1000"),
        ({"note": "hidden\u200bspace"}, "invisible"),
    ],
)
def test_bad_answers_are_refused(due, partner_a, answer, message):
    with pytest.raises(ValidationError, match=message):
        revisit_answer(partner_a, due, **answer)
    assert not Revisit.objects.filter(answers__isnull=False).exists()


def test_a_boundary_not_due_cannot_be_revisited(couple, partner_a, partner_b):
    agreement = due_agreement(partner_a, partner_b)
    Agreement.objects.filter(pk=agreement.pk).update(
        revisit_on=timezone.localdate() + timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="not due"):
        revisit_answer(partner_a, agreement)
    proposal = boundary_services.agreement_propose(
        user=partner_a, behavior=agreement.behavior, decision="ok"
    )
    with pytest.raises(ValidationError, match="not due"):
        revisit_answer(partner_a, proposal)


def test_the_earlier_answers_come_from_the_last_check_in(due, partner_a, partner_b, checkin):
    fill_survey(checkin, partner_a, if_i_do="not_ok", if_partner_does="not_ok", note="then")
    fill_survey(checkin, partner_b, if_i_do="depends", if_partner_does="ok")
    for person in (partner_a, partner_b):
        services.checkin_submit(user=person, checkin=checkin)
    revisit_answer(partner_a, due)
    revisit_answer(partner_b, due)
    state = _state(due, partner_a)
    found, sides = revisit_selectors.side_by_side(state, [partner_a, partner_b])
    assert found.pk == checkin.pk
    assert (sides[0].then.self, sides[0].then.note) == ("not_ok", "then")
    assert sides[1].then.self == "depends"
    assert (sides[0].now.self, sides[1].now.partner) == ("ok", "not_ok")


# Deciding -----------------------------------------------------------------------------------


@pytest.fixture
def answered(due, partner_a, partner_b):
    revisit_answer(partner_a, due)
    revisit_answer(partner_b, due)
    return due


def test_deciding_waits_for_both_answers(due, partner_a):
    revisit_answer(partner_a, due)
    with pytest.raises(ValidationError, match="both answered"):
        services.revisit_decide(user=partner_a, agreement_id=due.pk, outcome="renew")


def test_renew_keeps_it_in_force_with_the_next_date(answered, partner_a, partner_b):
    later = timezone.localdate() + timedelta(days=90)
    revisit = services.revisit_decide(
        user=partner_a, agreement_id=answered.pk, outcome="renew", revisit_on=later
    )
    answered.refresh_from_db()
    assert answered.is_in_force and answered.revisit_on == later
    assert answered.last_revisited_at == revisit.decided_at
    assert revisit.outcome == Revisit.Outcome.RENEWED and revisit.decided_by == partner_a
    assert AgreementEvent.objects.filter(agreement=answered, kind="renewed").count() == 1
    assert _state(answered, partner_b) is None  # nothing due any more
    told = Notification.objects.get(recipient=partner_b, kind=Kind.REVISIT_DECIDED)
    assert told.link == reverse("revisit_detail", args=[revisit.pk])


def test_renew_with_a_date_that_has_come_is_refused(answered, partner_a):
    with pytest.raises(ValidationError, match="after today"):
        services.revisit_decide(
            user=partner_a,
            agreement_id=answered.pk,
            outcome="renew",
            revisit_on=timezone.localdate(),
        )
    assert not Revisit.objects.filter(decided_at__isnull=False).exists()


def test_change_proposes_and_the_boundary_stays_until_accepted(answered, partner_a, partner_b):
    revisit = services.revisit_decide(
        user=partner_a,
        agreement_id=answered.pk,
        outcome="change",
        decision="conditional",
        conditions="In a group only",
    )
    answered.refresh_from_db()
    assert answered.is_in_force and answered.revisit_on is None
    proposal = revisit.proposal
    assert proposal.is_open and proposal.conditions == "In a group only"
    assert Notification.objects.filter(recipient=partner_b, kind=Kind.PROPOSAL_WAITING).exists()
    boundary_services.agreement_accept(user=partner_b, agreement_id=proposal.pk)
    answered.refresh_from_db()
    assert answered.status == Agreement.Status.SUPERSEDED


def test_change_needs_its_conditions(answered, partner_a):
    with pytest.raises(ValidationError, match="conditions"):
        services.revisit_decide(
            user=partner_a, agreement_id=answered.pk, outcome="change", decision="conditional"
        )
    answered.refresh_from_db()
    assert answered.revisit_on is not None  # nothing changed


def test_lapse_ends_it(answered, partner_a, partner_b):
    services.revisit_decide(user=partner_b, agreement_id=answered.pk, outcome="lapse")
    answered.refresh_from_db()
    assert answered.status == Agreement.Status.LAPSED and answered.closed_at is not None
    event = AgreementEvent.objects.get(agreement=answered, kind="lapsed")
    assert event.actor == partner_b
    # Nothing stands in the way of proposing it again.
    boundary_services.agreement_propose(user=partner_a, behavior=answered.behavior, decision="ok")


def test_a_double_decision_is_harmless_and_a_second_opinion_refused(answered, partner_a, partner_b):
    first = services.revisit_decide(user=partner_a, agreement_id=answered.pk, outcome="renew")
    again = services.revisit_decide(user=partner_a, agreement_id=answered.pk, outcome="renew")
    assert again.pk == first.pk
    with pytest.raises(ValidationError, match="decided already"):
        services.revisit_decide(user=partner_b, agreement_id=answered.pk, outcome="lapse")


def test_an_unknown_outcome_is_refused(answered, partner_a):
    with pytest.raises(ValidationError, match="renew, change"):
        services.revisit_decide(user=partner_a, agreement_id=answered.pk, outcome="ignore")


def test_a_superseded_boundary_cannot_be_decided(answered, partner_a, partner_b):
    proposal = boundary_services.agreement_propose(
        user=partner_a, behavior=answered.behavior, decision="ok"
    )
    boundary_services.agreement_accept(user=partner_b, agreement_id=proposal.pk)
    with pytest.raises(ValidationError, match="changed meanwhile"):
        services.revisit_decide(user=partner_a, agreement_id=answered.pk, outcome="renew")


def test_the_next_revisit_starts_afresh(answered, partner_a, partner_b):
    services.revisit_decide(
        user=partner_a,
        agreement_id=answered.pk,
        outcome="renew",
        revisit_on=timezone.localdate() + timedelta(days=1),
    )
    Agreement.objects.filter(pk=answered.pk).update(revisit_on=timezone.localdate())
    revisit_answer(partner_b, answered, if_i_do="depends", if_partner_does="depends")
    state = _state(answered, partner_a)
    assert state.state == "waiting_for_me" and state.partner_answer is None
    assert Revisit.objects.filter(agreement=answered).count() == 2


# Notifications ------------------------------------------------------------------------------


def test_partners_are_told_what_happened_never_what_was_answered(due, partner_a, partner_b):
    revisit_answer(partner_a, due, note=SECRET)
    revisit_answer(partner_a, due, note=SECRET + "!")  # an edit tells nobody again
    answered = Notification.objects.filter(recipient=partner_b, kind=Kind.REVISIT_ANSWERED)
    assert answered.count() == 1
    revisit_answer(partner_b, due)
    assert Notification.objects.filter(recipient=partner_a, kind=Kind.REVISIT_READY).count() == 1
    for notification in Notification.objects.all():
        assert SECRET not in str(notification.__dict__)
