"""Reads of what an "It depends" depends on: the conditions offered, and those both named."""

from config.ids import id_from_text

from ..access import current_checkins_of
from ..comparison import Answers
from ..conditions import shared_conditions
from ..models import Answer, Condition


def condition_keys() -> list[str]:
    """The keys of the conditions offered now, in their order (one query)."""
    return list(Condition.objects.filter(is_active=True).values_list("key", flat=True))


def conditions() -> list:
    return list(Condition.objects.filter(is_active=True))


def condition_labels() -> dict[str, str]:
    """Every condition's label by key, retired ones too: earlier answers keep theirs."""
    return dict(Condition.objects.values_list("key", "label"))


def shared_conditions_on(user, checkin_id, behavior_id) -> tuple[int, list[str]] | None:
    """(behavior id, labels of the conditions both partners named) for a behavior of one of
    this person's current check-ins; None for anyone else's or a behavior not in it."""
    checkin_id, behavior_id = id_from_text(checkin_id), id_from_text(behavior_id)
    if checkin_id is None or behavior_id is None:
        return None
    mine = current_checkins_of(user).filter(pk=checkin_id)
    answers = list(
        Answer.objects.filter(checkin__in=mine, behavior_id=behavior_id).order_by("user_id")
    )
    if len(answers) != 2:
        return None
    first, second = (Answers("", "", conditions=tuple(a.conditions)) for a in answers)
    labels = condition_labels()
    return behavior_id, [labels[key] for key in shared_conditions(first, second) if key in labels]
