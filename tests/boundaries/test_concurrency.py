"""Two people acting at the same moment, each on a real database connection of their own."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from boundaries import services
from boundaries.models import Couple, CoupleMembership
from tests.factories import InvitationFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"
    ),
]


def at_once(*calls):
    """Run the calls in parallel threads, released together; return what each gave or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 - every outcome is asserted on
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


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
