"""Couples: the one lock on a person's current couple, and unlinking."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Couple,
)
from ..selectors import current_couple_id


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


def lock_current_couple(user, *, why: str) -> Couple:
    """The user's current couple, locked: steps that change what a couple shares (agreements,
    therapist access, unlinking) run one at a time. `why` explains a refusal to someone single.
    """
    couple_id = current_couple_id(user)
    couple = Couple.objects.select_for_update().filter(pk=couple_id, ended_at=None).first()
    if couple is None:
        raise ValidationError(why)
    return couple
