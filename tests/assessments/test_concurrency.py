"""Partners acting at the same moment, each on a real database connection of their own."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from assessments import selectors, services
from assessments.models import Answer, CheckIn
from notifications.kinds import Kind
from notifications.models import Notification
from tests.concurrency import at_once
from tests.factories import fill_survey

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"
    ),
]


def test_both_partners_saving_at_once_lose_nothing(checkin, partner_a, partner_b):
    outcomes = at_once(
        lambda: fill_survey(checkin, partner_a, if_i_do="ok"),
        lambda: fill_survey(checkin, partner_b, if_i_do="not_ok"),
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    total = len(selectors.behavior_ids(checkin))
    assert Answer.objects.filter(user=partner_a, if_i_do="ok").count() == total
    assert Answer.objects.filter(user=partner_b, if_i_do="not_ok").count() == total


def test_one_partner_in_two_tabs_keeps_both_fields(checkin, partner_a):
    pk = selectors.behavior_ids(checkin)[0]

    def save(**fields):
        return lambda: services.answers_save(
            user=partner_a, checkin=checkin, answers=[{"behavior": pk, **fields}]
        )

    outcomes = at_once(save(if_i_do="ok"), save(if_partner_does="depends"), save(note="hm"))
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    answer = Answer.objects.get(user=partner_a, behavior_id=pk)
    assert (answer.if_i_do, answer.if_partner_does, answer.note) == ("ok", "depends", "hm")


def test_both_starting_at_once_make_one_checkin(couple, partner_a, partner_b):
    outcomes = at_once(
        lambda: services.checkin_start(user=partner_a),
        lambda: services.checkin_start(user=partner_b),
    )
    started = [o for o in outcomes if isinstance(o, CheckIn)]
    refused = [o for o in outcomes if isinstance(o, services.CheckInAlreadyOpen)]
    assert len(started) == 1 and len(refused) == 1, outcomes
    assert refused[0].checkin == started[0]
    assert CheckIn.objects.count() == 1


def test_both_submitting_at_once_complete_once(checkin, partner_a, partner_b):
    fill_survey(checkin, partner_a)
    fill_survey(checkin, partner_b)
    outcomes = at_once(
        lambda: services.checkin_submit(user=partner_a, checkin=checkin),
        lambda: services.checkin_submit(user=partner_b, checkin=checkin),
    )
    assert not [o for o in outcomes if isinstance(o, (Exception, ValidationError))], outcomes
    checkin.refresh_from_db()
    assert checkin.completed_at is not None
    ready = Notification.objects.filter(kind=Kind.REPORT_READY)
    assert sorted(ready.values_list("recipient_id", flat=True)) == sorted(
        [partner_a.pk, partner_b.pk]
    )
    assert len([m for m in mail.outbox if "comparison is ready" in m.body]) == 2
