"""Reads of the guided conversation: which cards a round has, what a card agreed."""

from config.ids import id_from_text

from ..access import current_checkins_of
from ..comparison import Answers, Finding, compare_behavior
from ..models import Answer, CardProgress, CheckIn, CheckInItem, Participation
from ..prompts import card_key


def card_exists(checkin: CheckIn, key: str) -> bool:
    """Whether a finished check-in has this conversation card (3 queries).

    A card belongs to one behavior (its key starts with the behavior's id), so only that
    behavior's two answers are compared; the whole report is not built for a tick.
    """
    behavior_id = id_from_text(key.split("-", 1)[0])
    if behavior_id is None:
        return False
    item = (
        CheckInItem.objects.filter(checkin=checkin, behavior_id=behavior_id)
        .select_related("behavior__category")
        .first()
    )
    if item is None:
        return False
    user_ids = (
        Participation.objects.filter(checkin=checkin)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    given = {
        answer.user_id: Answers(answer.if_i_do, answer.if_partner_does, answer.note)
        for answer in Answer.objects.filter(checkin=checkin, behavior_id=behavior_id)
    }
    a, b = (given.get(user_id, Answers("", "")) for user_id in user_ids)
    result = compare_behavior(behavior_id, item.behavior.category.slug, a, b)
    return key in {
        card_key(behavior_id, finding)
        for finding in result.findings
        if finding.type != Finding.AGREEMENT
    }


def agreed_on_card(user, checkin_id, card_key: str) -> tuple[int, str] | None:
    """(behavior id, what the couple agreed) on a conversation card of one of this person's
    current check-ins, to propose it as a boundary; None for anyone else's (one query)."""
    behavior_id = id_from_text(str(card_key).split("-", 1)[0])
    checkin_id = id_from_text(checkin_id)
    if behavior_id is None or checkin_id is None:
        return None
    agreed = (
        CardProgress.objects.filter(
            checkin__in=current_checkins_of(user).filter(pk=checkin_id), card_key=card_key
        )
        .values_list("agreed", flat=True)
        .first()
    )
    return None if agreed is None else (behavior_id, agreed)
