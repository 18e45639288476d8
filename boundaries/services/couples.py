"""Couples: the one lock on a person's current couple, their check-in rhythm, and unlinking."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import services as notification_services
from notifications.kinds import Kind

from ..models import (
    Couple,
)


def couple_unlink(*, user) -> Couple:
    """End the user's couple at once: from this moment nothing is shared between the two."""
    with transaction.atomic():
        # Both partners may press "unlink" together: they queue on the couple's row, and the
        # second finds the couple already ended.
        couple = lock_current_couple(user, why=_("You are not linked with a partner."))
        now = timezone.now()
        couple.ended_at = now
        couple.ended_by = user
        couple.save(update_fields=["ended_at", "ended_by"])
        couple.memberships.filter(left_at__isnull=True).update(left_at=now)
    return couple


def couple_set_rhythm(*, user, every_weeks) -> Couple:
    """How often the couple means to check in; either partner may change it, and the other
    hears of the change."""
    if every_weeks not in Couple.Rhythm.values:
        raise ValidationError(
            {"checkin_every_weeks": [_("Choose every 2, 4, 8 or 12 weeks, or 0 for no reminders.")]}
        )
    with transaction.atomic():
        couple = lock_current_couple(user, why=_("Link with your partner first."))
        if couple.checkin_every_weeks == every_weeks:
            return couple
        couple.checkin_every_weeks = every_weeks
        couple.rhythm_changed_at = timezone.now()
        couple.save(update_fields=["checkin_every_weeks", "rhythm_changed_at"])
        notification_services.notify_partner(
            couple=couple,
            actor=user,
            kind=Kind.RHYTHM_CHANGED,
            event_key=f"{couple.rhythm_changed_at:%Y%m%d%H%M%S%f}",
            link=reverse("couple"),
            # The words are the reader's, chosen when they read it (Notification.text).
            params={"every_weeks": every_weeks},
        )
    return couple


def lock_current_couple(user, *, why: str) -> Couple:
    """The user's current couple, locked: steps that change what a couple shares (agreements,
    therapist access, unlinking) run one at a time. `why` explains a refusal to someone single.
    """
    # One query, on every save: the couple's row is found through the person's membership and
    # locked (the couple's row only), so an unlink in between makes it come back empty.
    couple = (
        Couple.objects.select_for_update(of=("self",))
        .filter(ended_at=None, memberships__user=user, memberships__left_at__isnull=True)
        .first()
    )
    if couple is None:
        raise ValidationError(why)
    return couple
