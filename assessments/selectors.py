"""Reads shared by the survey pages and the API; each a fixed number of queries."""

import hashlib
from dataclasses import dataclass, field

from config.ids import id_from_text

from .access import current_checkins_of
from .comparison import Answers, Finding, compare_behavior
from .models import Answer, CardProgress, CheckIn, CheckInItem, Condition, Participation
from .prompts import card_key


def open_checkin(couple) -> CheckIn | None:
    if couple is None:
        return None
    return CheckIn.objects.filter(couple=couple, completed_at__isnull=True).first()


def latest_checkin(couple) -> CheckIn | None:
    if couple is None:
        return None
    return CheckIn.objects.filter(couple=couple).order_by("-started_at").first()


def next_checkin_due(couple):
    """When the couple's chosen rhythm says the next check-in is due (None: no rhythm, or
    one is open now)."""
    if not couple.checkin_every_weeks or open_checkin(couple) is not None:
        return None
    last = (
        CheckIn.objects.filter(couple=couple, completed_at__isnull=False)
        .order_by("-completed_at")
        .values_list("completed_at", flat=True)
        .first()
    )
    return couple.next_checkin_due(last_completed=last)


def checkins_of(couple):
    return CheckIn.objects.filter(couple=couple).prefetch_related("participations__user")


def participations(checkin):
    """Both partners' participations, the user loaded: who has submitted."""
    return list(checkin.participations.select_related("user").order_by("user_id"))


def shuffle_key(checkin_id: int, user_id: int, behavior_id: int) -> str:
    # A stable order per partner and check-in: the same on every visit, different for the
    # other partner, and nothing to store.
    return hashlib.sha256(f"{checkin_id}:{user_id}:{behavior_id}".encode()).hexdigest()


def _items(checkin: CheckIn):
    # A round keeps the behaviors it started with, even one retired or edited meanwhile.
    return CheckInItem.objects.filter(checkin=checkin)


def behavior_ids(checkin: CheckIn) -> list[int]:
    return list(_items(checkin).values_list("behavior_id", flat=True))


def behavior_titles(checkin: CheckIn) -> dict[int, str]:
    return dict(_items(checkin).values_list("behavior_id", "behavior__title"))


@dataclass
class SurveyItem:
    behavior: object
    answer: Answer | None

    @property
    def is_complete(self) -> bool:
        return self.answer is not None and self.answer.is_complete


@dataclass
class Survey:
    checkin: CheckIn
    participation: Participation
    items: list[SurveyItem] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(item.is_complete for item in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def missing(self) -> list[SurveyItem]:
        return [item for item in self.items if not item.is_complete]

    @property
    def first_missing(self) -> SurveyItem | None:
        return next(iter(self.missing), None)

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100


def survey_for(checkin: CheckIn, user) -> Survey:
    """The user's survey: every behavior of the check-in in their own order, with their answers.

    Three queries whatever the catalog's size: participation, items with behaviors, answers.
    """
    participation = Participation.objects.get(checkin=checkin, user=user)
    behaviors = [item.behavior for item in _items(checkin).select_related("behavior__category")]
    answers = {a.behavior_id: a for a in Answer.objects.filter(checkin=checkin, user=user)}
    behaviors.sort(key=lambda b: shuffle_key(checkin.pk, user.pk, b.pk))
    items = [SurveyItem(behavior=b, answer=answers.get(b.pk)) for b in behaviors]
    return Survey(checkin=checkin, participation=participation, items=items)


def my_answers(checkin: CheckIn, user):
    return Answer.objects.filter(checkin=checkin, user=user).order_by("behavior_id")


def progress(checkin: CheckIn, user) -> tuple[int, int]:
    """(answered, total) for the user in an open check-in, in two counting queries."""
    total = _items(checkin).count()
    answered = (
        Answer.objects.filter(
            checkin=checkin, user=user, behavior_id__in=_items(checkin).values("behavior_id")
        )
        .exclude(if_i_do="")
        .exclude(if_partner_does="")
        .count()
    )
    return answered, total


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
    from .conditions import shared_conditions

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
