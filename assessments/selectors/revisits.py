"""Reads of revisits: which boundaries are due for another look, and what one partner may see
of a revisit. Blind until both have answered: before that, a partner sees only their own
answers and whether the other has answered."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from boundaries.models import Agreement
from boundaries.selectors import agreements_due

from ..comparison import Answers
from ..models import Answer, Revisit, RevisitAnswer
from ..reports.answers import as_answers
from .conditions import condition_labels


@dataclass
class RevisitState:
    """A revisit as `viewer` may see it. `revisit` is None while nobody has answered."""

    agreement: Agreement
    revisit: Revisit | None
    viewer_id: int
    # False: the boundary is not due for another look; there is nothing to answer.
    due: bool = True

    @property
    def due_on(self):
        if self.revisit is not None:
            return self.revisit.due_on
        return self.agreement.revisit_on if self.due else None

    def _answer_of(self, mine: bool) -> RevisitAnswer | None:
        if self.revisit is None:
            return None
        for answer in self.revisit.answers.all():
            if (answer.user_id == self.viewer_id) == mine:
                return answer
        return None

    @property
    def mine(self) -> RevisitAnswer | None:
        return self._answer_of(mine=True)

    @property
    def partner_answered(self) -> bool:
        return self._answer_of(mine=False) is not None

    @property
    def both_answered(self) -> bool:
        return self.revisit is not None and self.revisit.both_answered

    @property
    def partner_answer(self) -> RevisitAnswer | None:
        """The partner's answers: only once both have answered."""
        return self._answer_of(mine=False) if self.both_answered else None

    @property
    def state(self) -> str:
        if not self.due:
            return "not_due"
        if self.revisit is not None and self.revisit.is_decided:
            return "decided"
        if self.both_answered:
            return "to_decide"
        if self.mine is not None:
            return "waiting_for_partner"
        return "waiting_for_me" if self.partner_answered else "to_answer"


def _with_answers(revisits):
    return revisits.prefetch_related(
        Prefetch(
            "answers", queryset=RevisitAnswer.objects.select_related("user").order_by("user_id")
        )
    )


def revisits_due(couple, viewer) -> list[RevisitState]:
    """Every boundary in force whose revisit date has come, with its open revisit if one
    has started (three queries, whatever their number)."""
    due = agreements_due(couple)
    open_ones = _with_answers(
        Revisit.objects.filter(agreement__in=[a.pk for a in due], decided_at=None)
    )
    by_agreement = {revisit.agreement_id: revisit for revisit in open_ones}
    return [RevisitState(a, by_agreement.get(a.pk), viewer.pk) for a in due]


def revisit_of(agreement: Agreement, viewer) -> RevisitState | None:
    """The open revisit of a boundary due for another look, as `viewer` sees it; None when
    it is not due (two queries)."""
    due = agreement.is_in_force and agreement.revisit_on is not None
    if not due or agreement.revisit_on > timezone.localdate():
        return None
    revisit = _with_answers(Revisit.objects.filter(agreement=agreement, decided_at=None)).first()
    return RevisitState(agreement, revisit, viewer.pk)


def decided_revisit(couple, pk: int, viewer) -> RevisitState | None:
    """A revisit of the couple that was decided, to read again (two queries)."""
    revisit = (
        _with_answers(Revisit.objects.filter(couple=couple, decided_at__isnull=False, pk=pk))
        .select_related("agreement__behavior__category", "decided_by", "proposal")
        .first()
    )
    return None if revisit is None else RevisitState(revisit.agreement, revisit, viewer.pk)


def earlier_answers_of(states) -> dict[int, tuple[object, dict[int, Answer]]]:
    """Per agreement: (check-in, answers by person) of both partners on its behavior in the
    latest check-in finished before its revisit began, or (None, {}). One query for any
    number of revisits of one couple."""
    if not states:
        return {}
    behaviors = {state.agreement.behavior_id for state in states}
    found = list(
        Answer.objects.filter(
            checkin__couple_id=states[0].agreement.couple_id,
            checkin__completed_at__isnull=False,
            behavior_id__in=behaviors,
        )
        .select_related("checkin")
        .order_by("-checkin__completed_at", "user_id")
    )
    earlier = {}
    for state in states:
        before = state.revisit.started_at if state.revisit is not None else timezone.now()
        mine = [
            a
            for a in found
            if a.behavior_id == state.agreement.behavior_id and a.checkin.completed_at <= before
        ]
        checkin = mine[0].checkin if mine else None
        answers = {a.user_id: a for a in mine if a.checkin_id == getattr(checkin, "pk", None)}
        earlier[state.agreement.pk] = (checkin, answers)
    return earlier


def earlier_answers(state: RevisitState) -> tuple[object, dict[int, Answer]]:
    """The same, for one revisit (one query)."""
    return earlier_answers_of([state])[state.agreement.pk]


def revisits_by_decision(couple) -> dict[tuple, int]:
    """The couple's decided revisits by (agreement, moment of the decision), as the history
    of agreements records that moment: to link a step to its revisit (one query)."""
    decided = Revisit.objects.filter(couple=couple, decided_at__isnull=False)
    return {(a, at): pk for a, at, pk in decided.values_list("agreement_id", "decided_at", "pk")}


@dataclass
class Side:
    """One partner's answers on the behavior, then (the last check-in) and now (blind)."""

    person: object
    then: Answers | None
    now: Answers | None
    then_depends: list[str]
    now_depends: list[str]


def side_by_side(state: RevisitState, people) -> tuple[object, list[Side]]:
    """(the earlier check-in, a Side per person in `people`), once both have answered: the
    reader first. The partner's private notes stay private (two queries)."""
    checkin, earlier = earlier_answers(state)
    labels = condition_labels()
    sides = []
    for person in people:
        hide = person.pk != state.viewer_id
        now = state.mine if not hide else state.partner_answer
        then = as_answers(earlier.get(person.pk), hide)
        now = as_answers(now, hide)
        sides.append(
            Side(
                person,
                then,
                now,
                [labels.get(k, k) for k in (then.conditions if then else ())],
                [labels.get(k, k) for k in (now.conditions if now else ())],
            )
        )
    return checkin, sides
