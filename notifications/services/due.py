"""Reminders that come due with time: a boundary's revisit date, and the next check-in of
the couple's chosen rhythm. Each is made once per date, in the person's morning."""

from datetime import timedelta

from django.db.models import Count, Max, Prefetch
from django.urls import reverse
from django.utils import timezone

from assessments.models import CheckIn
from boundaries.models import Agreement, Couple, CoupleMembership

from ..kinds import Kind
from ..models import Notification
from ..quiet_hours import morning_has_come
from .notify import notify

# A revisit date further back than this (the engine was off for longer) is not announced.
REVISIT_GRACE = timedelta(days=7)


def _active_couples():
    return Couple.objects.filter(ended_at=None).prefetch_related(
        Prefetch(
            "memberships",
            queryset=CoupleMembership.objects.filter(left_at=None).select_related("user"),
            to_attr="active_memberships",
        )
    )


def _send_new(candidates, *, kind, link) -> int:
    """`candidates`: (person, couple, event_key, params). Those told already are skipped
    in one query, so a run with nothing new costs the same however long the history."""
    keys = {key for _, _, key, _ in candidates}
    told = set(
        Notification.objects.filter(kind=kind, event_key__in=keys).values_list(
            "recipient_id", "event_key"
        )
    )
    made = 0
    for person, couple, key, params in candidates:
        if (person.pk, key) not in told:
            made += len(
                notify(
                    recipients=[person],
                    kind=kind,
                    event_key=key,
                    link=link,
                    couple=couple,
                    params=params,
                )
            )
    return made


def revisits_due(now=None) -> int:
    """Tell both partners, on a boundary's revisit date, that it is due for another look."""
    now = now or timezone.now()
    today = now.date()
    # Every time zone is within a day of UTC; the morning check decides for each person.
    rows = (
        Agreement.objects.filter(
            status=Agreement.Status.ACCEPTED,
            revisit_on__lte=today + timedelta(days=1),
            revisit_on__gte=today - REVISIT_GRACE,
        )
        .order_by()
        .values("couple_id", "revisit_on")
        .annotate(count=Count("pk"))
    )
    due: dict[int, list] = {}
    for row in rows:
        due.setdefault(row["couple_id"], []).append((row["revisit_on"], row["count"]))
    candidates = [
        (m.user, couple, f"revisit:{couple.pk}:{day.isoformat()}", {"count": count})
        for couple in _active_couples().filter(pk__in=due)
        for day, count in due[couple.pk]
        for m in couple.active_memberships
        if morning_has_come(now, m.user.zone, day)
    ]
    return _send_new(candidates, kind=Kind.REVISIT_DUE, link=reverse("agreements"))


def checkins_due(now=None) -> int:
    """Remind both partners, once per due date, that the check-in they planned is due.
    Not while a check-in is open: they are on it."""
    now = now or timezone.now()
    couples = (
        _active_couples()
        .exclude(checkin_every_weeks=0)
        .exclude(pk__in=CheckIn.objects.filter(completed_at=None).values("couple_id"))
        .annotate(last_completed=Max("checkins__completed_at"))
    )
    candidates = []
    for couple in couples:
        day = couple.next_checkin_due(last_completed=couple.last_completed)
        candidates += [
            (m.user, couple, f"checkin_due:{couple.pk}:{day.isoformat()}", {})
            for m in couple.active_memberships
            if morning_has_come(now, m.user.zone, day)
        ]
    return _send_new(candidates, kind=Kind.CHECKIN_DUE, link=reverse("home"))
