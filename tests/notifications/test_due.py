"""Reminders that come due with time: once, in each person's morning, across time zones
and a daylight-saving change."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail

from assessments import services as checkin_services
from boundaries.models import Agreement, Behavior, Couple
from notifications.kinds import Kind
from notifications.models import Notification
from notifications.quiet_hours import release_time
from notifications.services import send_due
from tests.factories import fill_survey

pytestmark = pytest.mark.django_db

UTC = dt.UTC
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def at(year, month, day, hour, minute=0, zone=UTC):
    return dt.datetime(year, month, day, hour, minute, tzinfo=zone)


def run(moment):
    with time_machine.travel(moment, tick=False):
        return send_due()


def agreement_due_on(couple, partner, day, *, which=0, behavior=None):
    return Agreement.objects.create(
        couple=couple,
        behavior=behavior or Behavior.objects.catalog()[which],
        decision="ok",
        status=Agreement.Status.ACCEPTED,
        proposed_by=partner,
        revisit_on=day,
    )


@pytest.fixture
def apart(partner_a, partner_b):
    """Alex lives in Berlin, Blair in Tokyo."""
    partner_a.time_zone = "Europe/Berlin"
    partner_a.save()
    partner_b.time_zone = "Asia/Tokyo"
    partner_b.save()


def told(kind):
    return sorted(n.recipient.display_name for n in Notification.objects.filter(kind=kind))


class TestRevisit:
    def test_each_partner_hears_in_their_own_morning(self, couple, partner_a, apart):
        agreement_due_on(couple, partner_a, dt.date(2026, 6, 10))
        run(at(2026, 6, 9, 22, 30))  # Tokyo: 07:30 on the 10th, Berlin: the 10th not yet
        assert told(Kind.REVISIT_DUE) == []
        run(at(2026, 6, 9, 23, 0))  # Tokyo: 08:00
        assert told(Kind.REVISIT_DUE) == ["Blair"]
        run(at(2026, 6, 10, 5, 59))  # Berlin: 07:59
        assert told(Kind.REVISIT_DUE) == ["Blair"]
        run(at(2026, 6, 10, 6, 0))  # Berlin: 08:00 (summer time, UTC+2)
        assert told(Kind.REVISIT_DUE) == ["Alex", "Blair"]

    def test_once_however_often_it_runs(self, couple, partner_a, partner_b):
        agreement_due_on(couple, partner_a, dt.date(2026, 6, 10))
        agreement_due_on(couple, partner_b, dt.date(2026, 6, 10), which=1)
        for hour in (8, 9, 12, 23):
            run(at(2026, 6, 10, hour))
        run(at(2026, 6, 12, 9))
        assert told(Kind.REVISIT_DUE) == ["Alex", "Blair"]
        assert len(mail.outbox) == 2

    def test_two_boundaries_on_one_date_make_one_reminder(self, couple, partner_a):
        agreement_due_on(couple, partner_a, dt.date(2026, 6, 10))
        agreement_due_on(couple, partner_a, dt.date(2026, 6, 10), which=1)
        run(at(2026, 6, 10, 9))
        reminder = Notification.objects.filter(recipient=partner_a).get()
        assert reminder.text == "You chose to look at 2 of your boundaries again around today."

    def test_a_boundary_no_longer_in_force_is_not_announced(self, couple, partner_a):
        agreement = agreement_due_on(couple, partner_a, dt.date(2026, 6, 10))
        agreement.status = Agreement.Status.SUPERSEDED
        agreement.save()
        run(at(2026, 6, 10, 9))
        assert told(Kind.REVISIT_DUE) == []

    def test_an_ended_couple_is_not_reminded(self, couple, partner_a):
        from boundaries.services import couple_unlink

        agreement_due_on(couple, partner_a, dt.date(2026, 6, 10))
        couple_unlink(user=partner_a)
        run(at(2026, 6, 10, 9))
        assert told(Kind.REVISIT_DUE) == []

    def test_the_morning_after_a_daylight_saving_change(self, couple, partner_a, apart):
        # Berlin moves its clocks forward at 02:00 on 29 March 2026: 08:00 is 06:00 UTC.
        agreement_due_on(couple, partner_a, dt.date(2026, 3, 29))
        run(at(2026, 3, 29, 5, 59))
        assert "Alex" not in told(Kind.REVISIT_DUE)
        run(at(2026, 3, 29, 6, 0))
        assert "Alex" in told(Kind.REVISIT_DUE)


class TestCheckinRhythm:
    @pytest.fixture
    def every_two_weeks(self, couple, partner_a):
        from boundaries.services import couple_set_rhythm

        Couple.objects.filter(pk=couple.pk).update(created_at=at(2026, 1, 5, 12))
        with time_machine.travel(at(2026, 10, 1, 12), tick=False):
            couple_set_rhythm(user=partner_a, every_weeks=2)
        return couple

    def test_both_are_reminded_once_when_it_is_due(self, every_two_weeks):
        run(at(2026, 10, 14, 12))
        assert told(Kind.CHECKIN_DUE) == []
        for day in (15, 16, 20, 30):
            run(at(2026, 10, day, 12))
        assert told(Kind.CHECKIN_DUE) == ["Alex", "Blair"]

    def test_not_while_a_check_in_is_open(self, every_two_weeks, partner_a):
        with time_machine.travel(at(2026, 10, 10, 12), tick=False):
            checkin_services.checkin_start(user=partner_a)
        run(at(2026, 10, 20, 12))
        assert told(Kind.CHECKIN_DUE) == []

    def test_the_next_one_counts_from_the_last_finished(
        self, every_two_weeks, partner_a, partner_b
    ):
        with time_machine.travel(at(2026, 10, 10, 12), tick=False):
            checkin = checkin_services.checkin_start(user=partner_a)
            for person in (partner_a, partner_b):
                fill_survey(checkin, person)
                checkin_services.checkin_submit(user=person, checkin=checkin)
        run(at(2026, 10, 20, 12))
        assert told(Kind.CHECKIN_DUE) == []
        run(at(2026, 10, 24, 12))
        assert told(Kind.CHECKIN_DUE) == ["Alex", "Blair"]

    def test_no_rhythm_no_reminder(self, couple):
        run(at(2027, 1, 1, 12))
        assert told(Kind.CHECKIN_DUE) == []

    def test_across_the_autumn_change_in_new_york(self, every_two_weeks, partner_a, partner_b):
        # Clocks go back on 1 November 2026 in New York: 08:00 on the 15th is 13:00 UTC.
        for person in (partner_a, partner_b):
            person.time_zone = "America/New_York"
            person.save()
        Couple.objects.filter(pk=every_two_weeks.pk).update(rhythm_changed_at=at(2026, 11, 1, 12))
        run(at(2026, 11, 15, 12, 59))
        assert told(Kind.CHECKIN_DUE) == []
        run(at(2026, 11, 15, 13, 0))
        assert told(Kind.CHECKIN_DUE) == ["Alex", "Blair"]


class TestQuietHours:
    def test_mail_waits_until_eight_and_then_goes(self, settings, couple, partner_a, partner_b):
        settings.QUIET_HOURS = (21, 8)
        partner_b.time_zone = "Europe/Berlin"
        partner_b.save()
        with time_machine.travel(at(2026, 3, 28, 21, 30, BERLIN), tick=False):
            checkin_services.checkin_start(user=partner_a)
        assert mail.outbox == []
        run(at(2026, 3, 29, 7, 55, BERLIN))  # the night of the spring change
        assert mail.outbox == []
        run(at(2026, 3, 29, 8, 0, BERLIN))
        assert [m.to for m in mail.outbox] == [[partner_b.email]]
        run(at(2026, 3, 29, 9, 0, BERLIN))
        assert len(mail.outbox) == 1

    @pytest.mark.parametrize(
        ("local", "zone", "released"),
        [
            (at(2026, 6, 1, 12, 0, BERLIN), BERLIN, at(2026, 6, 1, 12, 0, BERLIN)),
            (at(2026, 6, 1, 20, 59, BERLIN), BERLIN, at(2026, 6, 1, 20, 59, BERLIN)),
            (at(2026, 6, 1, 21, 0, BERLIN), BERLIN, at(2026, 6, 2, 8, 0, BERLIN)),
            (at(2026, 6, 2, 3, 0, TOKYO), TOKYO, at(2026, 6, 2, 8, 0, TOKYO)),
            (at(2026, 10, 31, 23, 0, NEW_YORK), NEW_YORK, at(2026, 11, 1, 8, 0, NEW_YORK)),
        ],
    )
    def test_release_times(self, settings, local, zone, released):
        settings.QUIET_HOURS = (21, 8)
        assert release_time(local, zone) == released
