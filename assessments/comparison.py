"""The comparison of two partners' answers: plain data in, plain data out, no database.

Each partner answers two questions per behavior: how they feel if *they* did it ("self"),
and if their *partner* did it ("partner"). A behavior has two directions, one per doer:
the doer's self answer meets the other partner's partner answer.

- clash: in one direction the doer says OK and the other says Not OK;
- gray area: no clash in that direction, but one of its two answers is "It depends";
- otherwise the direction lines up (possibly with the doer stricter on themselves);
- double standard: a partner is OK doing it but not OK with their partner doing it;
- agreement: neither direction has a clash or a gray area.

The agreement score is the share of behaviors that are an agreement, overall and per category.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

OK = "ok"
NOT_OK = "not_ok"
DEPENDS = "depends"


class Finding(StrEnum):
    CLASH = "clash"
    GRAY_AREA = "gray_area"
    DOUBLE_STANDARD = "double_standard"
    AGREEMENT = "agreement"


class Direction(StrEnum):
    """How one direction (one partner doing it) turned out."""

    CLASH = "clash"
    GRAY_AREA = "gray_area"
    LINES_UP = "lines_up"
    DOER_STRICTER = "doer_stricter"  # the doer says Not OK, the other would not mind


# Report order: what most needs talking about first.
FINDING_ORDER = [Finding.CLASH, Finding.GRAY_AREA, Finding.DOUBLE_STANDARD, Finding.AGREEMENT]


@dataclass(frozen=True)
class Answers:
    """One partner's answers on one behavior."""

    self: str
    partner: str
    note: str = ""
    # The note is private: a partner reading the other's answers gets it blank, with this set.
    private: bool = False
    # What an "It depends" depends on: condition keys, in the list's order.
    conditions: tuple = ()

    @property
    def withheld(self) -> bool:
        return self.private and not self.note


@dataclass(frozen=True)
class FindingItem:
    type: Finding
    # clash and gray area: who would do it and who would mind or has conditions;
    # double standard: `doer` is the partner whose own answers differ. Values are "a" or "b".
    doer: str | None = None
    other: str | None = None


@dataclass(frozen=True)
class BehaviorResult:
    behavior_id: int
    category: str
    a: Answers
    b: Answers
    directions: dict[str, Direction]  # keyed by the doer, "a" or "b"
    findings: tuple[FindingItem, ...]

    @property
    def kinds(self) -> set[Finding]:
        return {f.type for f in self.findings}

    @property
    def is_agreement(self) -> bool:
        return Finding.AGREEMENT in self.kinds

    @property
    def rank(self) -> int:
        """Where it sorts in the report: by its most pressing finding."""
        return min(FINDING_ORDER.index(kind) for kind in self.kinds)


@dataclass(frozen=True)
class Scores:
    overall: float
    by_category: dict[str, float]


@dataclass(frozen=True)
class Comparison:
    results: tuple[BehaviorResult, ...]
    scores: Scores
    clashes_by_category: dict[str, int] = field(default_factory=dict)  # behaviors with a clash

    def ordered(self) -> list[BehaviorResult]:
        """Clashes first, then gray areas, double standards, agreements (stable within each)."""
        return sorted(self.results, key=lambda result: result.rank)

    def count(self, kind: Finding) -> int:
        return sum(1 for r in self.results for f in r.findings if f.type == kind)


def direction(doer_self: str, other_partner: str) -> Direction:
    if doer_self == OK and other_partner == NOT_OK:
        return Direction.CLASH
    if DEPENDS in (doer_self, other_partner):
        return Direction.GRAY_AREA
    if doer_self == NOT_OK and other_partner == OK:
        return Direction.DOER_STRICTER
    return Direction.LINES_UP


def compare_behavior(behavior_id: int, category: str, a: Answers, b: Answers) -> BehaviorResult:
    directions = {"a": direction(a.self, b.partner), "b": direction(b.self, a.partner)}
    findings = []
    for doer, other in (("a", "b"), ("b", "a")):
        if directions[doer] == Direction.CLASH:
            findings.append(FindingItem(Finding.CLASH, doer=doer, other=other))
    for doer, other in (("a", "b"), ("b", "a")):
        if directions[doer] == Direction.GRAY_AREA:
            findings.append(FindingItem(Finding.GRAY_AREA, doer=doer, other=other))
    for who, answers in (("a", a), ("b", b)):
        if answers.self == OK and answers.partner == NOT_OK:
            findings.append(FindingItem(Finding.DOUBLE_STANDARD, doer=who))
    if not {Direction.CLASH, Direction.GRAY_AREA} & set(directions.values()):
        findings.append(FindingItem(Finding.AGREEMENT))
    return BehaviorResult(
        behavior_id=behavior_id,
        category=category,
        a=a,
        b=b,
        directions=directions,
        findings=tuple(findings),
    )


def agreement_score(results) -> float:
    """The share of behaviors that are an agreement, 0 to 1 (1 when there is nothing to rate)."""
    results = list(results)
    if not results:
        return 1.0
    return sum(r.is_agreement for r in results) / len(results)


def compare(rows) -> Comparison:
    """rows: (behavior_id, category, Answers of a, Answers of b) for every behavior."""
    results = tuple(compare_behavior(*row) for row in rows)
    by_category = defaultdict(list)
    for result in results:
        by_category[result.category].append(result)
    # Behaviors with a clash (one that clashes both ways counts once).
    clashes = {
        category: sum(1 for r in items if Finding.CLASH in r.kinds)
        for category, items in by_category.items()
    }
    scores = Scores(
        overall=agreement_score(results),
        by_category={category: agreement_score(items) for category, items in by_category.items()},
    )
    return Comparison(results=results, scores=scores, clashes_by_category=clashes)
