"""The guided conversation's shared progress: a card talked about, what was agreed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boundaries import versions

from .. import selectors
from ..models import (
    CardProgress,
    CheckIn,
)
from .answer_rules import note_clean
from .checkins import lock_couple_of_checkin


class ReportNotReady(ValidationError):
    """The report opens only when both partners have submitted."""

    def __init__(self):
        super().__init__(_("The comparison opens when both of you have submitted your answers."))


class StaleCard(ValidationError):
    """The partner saved this card after the page being submitted was loaded."""

    def __init__(self):
        super().__init__(
            _("Your partner saved this card a moment ago. Here is what they saved; add yours.")
        )


UNCHANGED = object()


def card_progress_save(
    *,
    user,
    checkin: CheckIn,
    card_key: str,
    talked_about=UNCHANGED,
    agreed=UNCHANGED,
    seen_version: str | None = None,
) -> CardProgress:
    """Mark a conversation card as talked about (or not) and keep what the couple agreed.

    Only what is given changes. `seen_version` is the card's `version` when the page was
    loaded: if the partner saved since, the save is refused rather than overwriting theirs.
    """
    if checkin.is_open:
        raise ReportNotReady()
    if not selectors.card_exists(checkin, card_key):
        raise ValidationError({"card": [_("There is no such conversation card here.")]})
    if agreed is not UNCHANGED:
        try:
            agreed = note_clean(agreed, where=_("What you agreed"))
        except ValidationError as error:
            raise ValidationError({"agreed": error.messages}) from None
    with transaction.atomic():
        lock_couple_of_checkin(checkin, user)
        progress, _created = CardProgress.objects.select_for_update().get_or_create(
            checkin=checkin, card_key=card_key
        )
        if seen_version is not None and not _created and seen_version != progress.version:
            raise StaleCard()
        if talked_about is not UNCHANGED:
            progress.talked_about_at = (
                (progress.talked_about_at or timezone.now()) if talked_about else None
            )
        if agreed is not UNCHANGED:
            progress.agreed = agreed
        progress.marked_by = user
        progress.save()
        versions.bump_couples([checkin.couple_id])
    return progress
