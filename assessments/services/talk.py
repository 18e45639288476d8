"""The guided conversation's shared progress: a card talked about, what was agreed."""

from datetime import datetime, timedelta

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
    **turns,
) -> CardProgress:
    """Mark a conversation card as talked about (or not) and keep what the couple agreed.

    Only what is given changes. `seen_version` is the card's `version` when the page was
    loaded: if the partner saved since, the save is refused rather than overwriting theirs.
    Taking turns (`turns`): `speaker` (a partner's id, or None), `turn` (a count) and
    `paused_until` (a break: at least 20 minutes from now, or None to go on).
    """
    turns = _clean_turns(checkin, turns)
    agreed = _checked(checkin, card_key, agreed)
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
        for name, value in turns.items():
            setattr(progress, name, value)
        progress.marked_by = user
        progress.save()
        versions.bump_couples([checkin.couple_id])
    return progress


def _checked(checkin, card_key, agreed):
    """Refuse a card of an unfinished round or one that is not there; the agreement, clean."""
    if checkin.is_open:
        raise ReportNotReady()
    if not selectors.card_exists(checkin, card_key):
        raise ValidationError({"card": [_("There is no such conversation card here.")]})
    if agreed is UNCHANGED:
        return agreed
    try:
        return note_clean(agreed, where=_("What you agreed"))
    except ValidationError as error:
        raise ValidationError({"agreed": error.messages}) from None


BREAK_AT_LEAST = timedelta(minutes=20)
BREAK_AT_MOST = timedelta(days=7)


def _clean_turns(checkin, turns) -> dict:
    """Who speaks, which turn, and a break, as a page or the API sends them."""
    cleaned = {}
    for name, value in turns.items():
        if name == "speaker":
            partners = set(checkin.participations.values_list("user_id", flat=True))
            if value is not None and value not in partners:
                raise ValidationError({"speaker": [_("Only one of the two of you can speak.")]})
            cleaned["speaker_id"] = value
        elif name == "turn":
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1000:
                raise ValidationError({"turn": [_("A turn is a whole number from 0.")]})
            cleaned["turn"] = value
        elif name == "paused_until":
            if value is not None and not isinstance(value, datetime):
                raise ValidationError({"paused_until": [_("A break ends at a date and time.")]})
            now = timezone.now()
            too_soon = value is not None and value < now + BREAK_AT_LEAST - timedelta(minutes=1)
            if too_soon or (value is not None and value > now + BREAK_AT_MOST):
                raise ValidationError(
                    {"paused_until": [_("A break lasts at least 20 minutes, and at most a week.")]}
                )
            cleaned["paused_until"] = value
        else:
            raise TypeError(name)
    return cleaned
