"""One Report of a finished check-in, built from the answers: rows, scores, findings, cards
and what changed since the last one. Every output (page, API, print, therapist) reads it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from boundaries.selectors import agreements_in_force_at

from ..comparison import Comparison, Direction, Finding, compare
from ..conditions import depends_on
from ..models import Answer, CardProgress, CheckIn, CheckInItem, Participation
from ..prompts import Card, card_for
from ..selectors import condition_labels
from .answers import EMPTY, answers_by_user
from .rows import Row, TalkingPoint
from .scores import CategoryScore, Changes, category_scores, changes_since_previous


@dataclass
class Report:
    checkin: CheckIn
    me: object
    partner: object
    comparison: Comparison
    rows: list[Row]
    categories: list[CategoryScore]
    changes: Changes | None
    progress: dict[str, CardProgress]
    sides: dict[str, object]  # the comparison's "a" and "b" as users
    for_partner: bool = True  # False when a therapist reads it: columns carry both names

    @property
    def reader(self):
        """The partner reading, addressed as "you"; None for a therapist (names for both)."""
        return self.me if self.for_partner else None

    @property
    def talking_points(self) -> list[TalkingPoint]:
        points, number = [], 1
        for row in self.rows:
            if row.cards:
                saved = [self.progress[c.key] for c in row.cards if c.key in self.progress]
                points.append(TalkingPoint(row=row, number=number, saved=saved))
                number += len(row.cards)
        return points

    @property
    def overall_percent(self) -> int:
        return round(self.comparison.scores.overall * 100)

    @property
    def cards(self) -> list[Card]:
        return [card for row in self.rows for card in row.cards]

    def talked_about(self, card: Card) -> bool:
        progress = self.progress.get(card.key)
        return bool(progress and progress.talked_about_at)

    @property
    def talked_count(self) -> int:
        return sum(1 for card in self.cards if self.talked_about(card))

    @property
    def clash_count(self) -> int:
        return self.comparison.count(Finding.CLASH)

    @property
    def gray_area_count(self) -> int:
        return self.comparison.count(Finding.GRAY_AREA)

    @property
    def double_standard_count(self) -> int:
        return self.comparison.count(Finding.DOUBLE_STANDARD)

    @property
    def chart_height(self) -> int:
        return 44 * len(self.categories)

    @property
    def strengths(self):
        return [c for c in self.categories if c.is_strength]

    @property
    def growth_areas(self):
        return [c for c in self.categories if c.is_growth_area]


def _load(checkin: CheckIn, viewer=None):
    """Both partners (by id), the round's behaviors in order, and the comparison: 4 queries.

    A partner as `viewer` gets the other's private notes blank."""
    people = [
        p.user
        for p in Participation.objects.filter(checkin=checkin)
        .select_related("user")
        .order_by("user_id")
    ]
    a, b = people[0], people[1]
    items = list(
        CheckInItem.objects.filter(checkin=checkin)
        .select_related("behavior__category")
        .order_by("behavior__category__position", "behavior__position", "behavior_id")
    )
    ids = [p.pk for p in people]
    hide = None  # nobody's, for a therapist
    if viewer is not None and viewer.pk in ids:
        hide = next(pk for pk in ids if pk != viewer.pk)
    answers = answers_by_user(Answer.objects.filter(checkin=checkin), hide_private_of=hide)
    rows_in = [
        (
            item.behavior.pk,
            item.behavior.category.slug,
            answers.get(a.pk, {}).get(item.behavior.pk, EMPTY),
            answers.get(b.pk, {}).get(item.behavior.pk, EMPTY),
        )
        for item in items
    ]
    return a, b, items, compare(rows_in)


def summary_of(checkin: CheckIn) -> tuple[int, float]:
    """(behaviors with a clash, agreement score) of a complete round."""
    _a, _b, _items, comparison = _load(checkin)
    clashes = sum(1 for r in comparison.results if Finding.CLASH in r.kinds)
    return clashes, comparison.scores.overall


def report_for(checkin: CheckIn, viewer) -> Report:
    """The report as `viewer` sees it: a partner (as "you"), or a therapist (by names).

    The check-in must be complete.
    """
    a, b, items, comparison = _load(checkin, viewer)
    me, partner = (b, a) if viewer.pk == b.pk else (a, b)
    behaviors = {item.behavior.pk: item.behavior for item in items}
    # The agreements the couple had made when they answered, not any made since.
    agreed = agreements_in_force_at(checkin.couple_id, checkin.started_at)
    now = agreements_in_force_at(checkin.couple_id, timezone.now())
    labels = condition_labels()
    names = {"a": a.name, "b": b.name}
    rows = [
        _row(
            result,
            behaviors[result.behavior_id],
            names,
            me_is_a=me is a,
            agreed=agreed,
            now=now,
            labels=labels,
        )
        for result in comparison.ordered()
    ]
    return Report(
        checkin=checkin,
        me=me,
        partner=partner,
        comparison=comparison,
        rows=rows,
        categories=category_scores(comparison, items),
        changes=changes_since_previous(checkin, comparison, behaviors),
        progress={p.card_key: p for p in CardProgress.objects.filter(checkin=checkin)},
        sides={"a": a, "b": b},
        for_partner=viewer.pk in (a.pk, b.pk),
    )


def _row(result, behavior, names, *, me_is_a: bool, agreed, now, labels) -> Row:
    """One behavior's line of the report: answers from the viewer's side, and its cards."""
    mine, theirs = (result.a, result.b) if me_is_a else (result.b, result.a)
    return Row(
        behavior=behavior,
        result=result,
        mine=mine,
        theirs=theirs,
        cards=_cards(result, behavior, names, labels),
        agreement=agreed.get(behavior.pk),
        agreement_now=now.get(behavior.pk),
        _stricter=[
            (names[doer], names["b" if doer == "a" else "a"])
            for doer, way in result.directions.items()
            if way == Direction.DOER_STRICTER
        ],
    )


def _cards(result, behavior, names, labels) -> list[Card]:
    """A conversation card for each clash, gray area and double standard of a behavior."""
    pair = {"a": result.a, "b": result.b}
    depends = depends_on(pair, names, labels)
    return [
        card_for(
            finding,
            behavior_id=behavior.pk,
            behavior_title=behavior.title,
            category_slug=behavior.category.slug,
            answers=pair,
            names=names,
            depends_on=depends,
        )
        for finding in result.findings
        if finding.type != Finding.AGREEMENT
    ]
