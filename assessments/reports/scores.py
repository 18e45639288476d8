"""How closely a couple's views line up: by category, and what changed since last time."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..comparison import Comparison, Finding, compare
from ..models import Answer, CheckIn
from .answers import EMPTY, answers_by_user

STRENGTH_AT = 0.75  # a category where the couple mostly agrees


GROWTH_AREA_CLASHES = 2  # a category with several clashes


@dataclass
class CategoryScore:
    category: object
    score: float
    clashes: int
    behaviors: int

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def is_growth_area(self) -> bool:
        return self.clashes >= GROWTH_AREA_CLASHES

    @property
    def is_strength(self) -> bool:
        return self.score >= STRENGTH_AT and not self.is_growth_area


@dataclass
class Changes:
    previous: CheckIn
    previous_overall: float
    new_clashes: list[object] = field(default_factory=list)  # behaviors
    resolved: list[object] = field(default_factory=list)

    @property
    def previous_percent(self) -> int:
        return round(self.previous_overall * 100)

    @property
    def new_clash_ids(self) -> list[int]:
        return [behavior.pk for behavior in self.new_clashes]

    @property
    def resolved_ids(self) -> list[int]:
        return [behavior.pk for behavior in self.resolved]


def category_scores(comparison: Comparison, items) -> list[CategoryScore]:
    categories = {}
    counts: dict[str, int] = {}
    for item in items:
        category = item.behavior.category
        categories[category.slug] = category
        counts[category.slug] = counts.get(category.slug, 0) + 1
    ordered = sorted(categories.values(), key=lambda c: (c.position, c.name))
    return [
        CategoryScore(
            category=category,
            score=comparison.scores.by_category[category.slug],
            clashes=comparison.clashes_by_category.get(category.slug, 0),
            behaviors=counts[category.slug],
        )
        for category in ordered
    ]


def _clash_set(comparison: Comparison) -> set[int]:
    return {r.behavior_id for r in comparison.results if Finding.CLASH in r.kinds}


def changes_since_previous(checkin, comparison, behaviors) -> Changes | None:
    previous = (
        CheckIn.objects.filter(
            couple_id=checkin.couple_id,
            completed_at__isnull=False,
            completed_at__lt=checkin.completed_at,
        )
        .order_by("-completed_at")
        .first()
    )
    if previous is None:
        return None
    answers = Answer.objects.filter(checkin=previous).select_related("behavior__category")
    by_user = answers_by_user(answers)
    categories = {answer.behavior_id: answer.behavior.category.slug for answer in answers}
    user_ids = sorted(by_user)
    if len(user_ids) != 2:
        return None
    before = compare(
        (
            pk,
            categories[pk],
            by_user[user_ids[0]].get(pk, EMPTY),
            by_user[user_ids[1]].get(pk, EMPTY),
        )
        for pk in sorted(categories)
    )
    now_clashes, then_clashes = _clash_set(comparison), _clash_set(before)
    in_both = set(categories) & set(behaviors)
    return Changes(
        previous=previous,
        previous_overall=before.scores.overall,
        new_clashes=[behaviors[pk] for pk in sorted(now_clashes - then_clashes) if pk in in_both],
        resolved=[behaviors[pk] for pk in sorted(then_clashes - now_clashes) if pk in in_both],
    )
