"""Reads of check-ins and the survey, shared by the pages and the API."""

import hashlib
from dataclasses import dataclass, field

from django.db.models import FilteredRelation, Q

from boundaries.models import Behavior, shown

from ..models import Answer, CheckIn, CheckInItem, Participation


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
    return dict(_items(checkin).values_list("behavior_id", shown("title", "behavior__")))


LARGEST_ID = 2**63 - 1
ANSWER_FIELDS = ("if_i_do", "if_partner_does", "note", "note_private", "conditions")


def answers_to_change(checkin_id: int, user, behavior_ids) -> dict[int, tuple[str, Answer]]:
    """For each of these behaviors that is part of the check-in: its title, and the user's
    answer to it with the values stored (blank if there is none). One query, however many.

    The answers carry no id: the write finds each row by check-in, person and behavior, so
    new and stored ones go in one statement. Call it once the participation is locked: what
    it reads is then what the write replaces.
    """
    # An id past the database's 64-bit integers is no behavior (and SQLite cannot compare it).
    behavior_ids = [pk for pk in behavior_ids if 0 < pk <= LARGEST_ID]
    mine = FilteredRelation(
        "answers", condition=Q(answers__checkin_id=checkin_id, answers__user=user)
    )
    rows = (
        Behavior.objects.filter(checkin_items__checkin_id=checkin_id, pk__in=behavior_ids)
        .annotate(mine=mine)
        .order_by()
        .values_list("pk", shown("title"), "mine__pk", *(f"mine__{name}" for name in ANSWER_FIELDS))
    )
    found = {}
    for behavior_id, title, stored, *values in rows:
        answer = Answer(checkin_id=checkin_id, user=user, behavior_id=behavior_id)
        if stored is not None:
            for name, value in zip(ANSWER_FIELDS, values, strict=True):
                setattr(answer, name, value)
        found[behavior_id] = (title, answer)
    return found


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
