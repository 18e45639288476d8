"""Two people acting at the same moment, each on a real database connection of their own."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from boundaries import services
from boundaries.models import Couple, CoupleMembership
from tests.concurrency import at_once
from tests.factories import InvitationFactory, UserFactory

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
