"""The schedule run on two machines at once sends nothing twice (row locks and unique rows
need PostgreSQL, as in CI)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection

from notifications.kinds import Kind
from notifications.services import checkins_due, revisits_due
from tests.concurrency import at_once
from tests.notifications.test_due import agreement_due_on, at, told
from tests.seeded import restore_seeded_rows

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (CI runs it)"),
]


@pytest.fixture(autouse=True)
def _catalog():
    """The seeded catalog, back after browser tests (run before this) emptied the tables."""
    restore_seeded_rows()


def test_running_on_two_machines_at_once_sends_nothing_twice(couple, partner_a):
    agreement_due_on(couple, partner_a, dt.date(2026, 6, 10))
    with time_machine.travel(at(2026, 6, 10, 9), tick=False):
        outcomes = at_once(revisits_due, revisits_due, checkins_due, revisits_due)
        call_command("send_due_notifications")
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert told(Kind.REVISIT_DUE) == ["Alex", "Blair"]
    assert len(mail.outbox) == 2
