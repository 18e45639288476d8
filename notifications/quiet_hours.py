"""Quiet hours: non-urgent mail waits between 21:00 and 08:00 in the person's time zone
(settings.QUIET_HOURS; None turns them off)."""

from datetime import datetime, time, timedelta

from django.conf import settings

MORNING = time(8)


def release_time(now: datetime, zone) -> datetime:
    """`now` outside the quiet hours in `zone`, else when they end there."""
    if not settings.QUIET_HOURS:
        return now
    start, end = (time(hour) for hour in settings.QUIET_HOURS)
    local = now.astimezone(zone)
    if end <= local.time() < start:
        return now
    day = local.date() + timedelta(days=1) if local.time() >= start else local.date()
    return datetime.combine(day, end, tzinfo=zone)


def morning_has_come(now: datetime, zone, day) -> bool:
    """Is it `day` at 08:00 or later in `zone`? Reminders wait for that."""
    return now >= datetime.combine(day, MORNING, tzinfo=zone)
