"""Two people acting at the same moment, each on a real database connection of their own."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from boundaries import services
from boundaries.models import Couple, CoupleMembership, Invitation
from tests.concurrency import at_once
from tests.factories import CoupleFactory, InvitationFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"
    ),
]


def test_two_people_accepting_one_invitation_make_one_couple():
    invitation = InvitationFactory()
    first, second = UserFactory(), UserFactory()
    outcomes = at_once(
        lambda: services.invitation_accept(user=first, code=invitation.code),
        lambda: services.invitation_accept(user=second, code=invitation.code),
    )
    assert sum(isinstance(o, Couple) for o in outcomes) == 1
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1, outcomes
    assert Couple.objects.count() == 1
    assert CoupleMembership.objects.count() == 2


def test_crossed_invitations_accepted_at_once_make_one_couple():
    a, b = UserFactory(), UserFactory()
    from_a = InvitationFactory(inviter=a)
    from_b = InvitationFactory(inviter=b)
    outcomes = at_once(
        lambda: services.invitation_accept(user=a, code=from_b.code),
        lambda: services.invitation_accept(user=b, code=from_a.code),
    )
    assert sum(isinstance(o, Couple) for o in outcomes) == 1
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1, outcomes
    assert CoupleMembership.objects.filter(left_at__isnull=True).count() == 2
    assert Couple.objects.filter(memberships__isnull=False).distinct().count() == 1


def test_double_click_on_invite_makes_one_working_invitation():
    person = UserFactory()
    outcomes = at_once(
        lambda: services.invitation_create(inviter=person),
        lambda: services.invitation_create(inviter=person),
    )
    assert all(not isinstance(o, Exception) for o in outcomes), outcomes
    assert Invitation.objects.filter(inviter=person, status="pending").count() == 1


def test_new_invitation_while_the_partner_accepts_the_old_one():
    inviter, partner = UserFactory(), UserFactory()
    old = InvitationFactory(inviter=inviter)
    outcomes = at_once(
        lambda: services.invitation_create(inviter=inviter),
        lambda: services.invitation_accept(user=partner, code=old.code),
    )
    # Either order is fine; what matters is a clean outcome with no deadlock or crash.
    assert all(not isinstance(o, Exception) or isinstance(o, ValidationError) for o in outcomes), (
        outcomes
    )
    linked = CoupleMembership.objects.filter(user=inviter, left_at__isnull=True).exists()
    pending = Invitation.objects.filter(inviter=inviter, status="pending").exists()
    assert linked != pending


def test_both_partners_unlinking_at_once():
    from rest_framework.test import APIClient

    couple = CoupleFactory()
    clients = []
    for membership in couple.memberships.all():
        client = APIClient()
        client.force_authenticate(membership.user)
        clients.append(client)
    outcomes = at_once(*[lambda c=c: c.delete("/api/v1/couple/").status_code for c in clients])
    assert sorted(outcomes) == [204, 404]


def test_two_proposals_for_one_behavior_at_once_leave_one_open():
    from boundaries.models import Agreement, Behavior

    couple = CoupleFactory()
    a, b = [m.user for m in couple.memberships.all()]
    behavior = Behavior.objects.catalog().first()
    outcomes = at_once(
        lambda: services.agreement_propose(user=a, behavior=behavior, decision="ok"),
        lambda: services.agreement_propose(user=b, behavior=behavior, decision="not_ok"),
    )
    assert all(isinstance(o, Agreement) for o in outcomes), outcomes
    assert Agreement.objects.filter(status="proposed").count() == 1
    assert Agreement.objects.filter(status="replaced").count() == 1


def test_accept_racing_withdraw_has_one_outcome():
    from boundaries.models import Agreement, AgreementEvent, Behavior

    couple = CoupleFactory()
    a, b = [m.user for m in couple.memberships.all()]
    behavior = Behavior.objects.catalog().first()
    proposal = services.agreement_propose(user=a, behavior=behavior, decision="ok")
    outcomes = at_once(
        lambda: services.agreement_withdraw(user=a, agreement_id=proposal.pk),
        lambda: services.agreement_accept(user=b, agreement_id=proposal.pk),
    )
    won = [o for o in outcomes if isinstance(o, Agreement)]
    lost = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    proposal.refresh_from_db()
    assert proposal.status in ("withdrawn", "accepted")
    assert AgreementEvent.objects.filter(agreement=proposal).count() == 2
