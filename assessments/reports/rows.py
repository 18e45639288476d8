"""One row of a report: a behavior, both partners' answers, what they show, the cards, and
the same seen side by side ("a" and "b" are the comparison's two partners)."""

from dataclasses import dataclass, field

from ..comparison import Answers, BehaviorResult, Direction, Finding, FindingItem
from ..conditions import shared_conditions
from ..prompts import Card


@dataclass(frozen=True)
class SideAnswers:
    side: str
    answers: Answers


@dataclass(frozen=True)
class SideDirection:
    side: str
    outcome: Direction


@dataclass(frozen=True)
class NoteBy:
    side: str
    note: str
    withheld: bool = False
    private: bool = False


@dataclass(frozen=True)
class ConditionsBy:
    side: str
    conditions: list[str]


@dataclass(frozen=True)
class FindingSeen:
    """A finding with the people it names under the names they have for it."""

    finding: FindingItem
    doer: str | None = None
    minder: str | None = None
    other: str | None = None
    partner: str | None = None
    notes: list[NoteBy] | None = None
    conditions: list[ConditionsBy] | None = None  # gray area: what each one's depends on
    shared: list[str] | None = None  # gray area: the conditions both named (keys)

    @classmethod
    def of(cls, finding: FindingItem, result: BehaviorResult) -> "FindingSeen":
        if finding.type == Finding.CLASH:
            return cls(finding, doer=finding.doer, minder=finding.other)
        if finding.type == Finding.GRAY_AREA:
            answers = {"a": result.a, "b": result.b}
            notes = [
                NoteBy(side, answers[side].note, answers[side].withheld, answers[side].private)
                for side in (finding.doer, finding.other)
                if answers[side].note or answers[side].withheld
            ]
            conditions = [ConditionsBy(side, list(answers[side].conditions)) for side in ("a", "b")]
            shared = list(shared_conditions(result.a, result.b))
            return cls(
                finding,
                doer=finding.doer,
                other=finding.other,
                notes=notes,
                conditions=conditions,
                shared=shared,
            )
        if finding.type == Finding.DOUBLE_STANDARD:
            return cls(finding, partner=finding.doer)
        return cls(finding)


@dataclass
class Row:
    behavior: object
    result: BehaviorResult
    mine: Answers
    theirs: Answers
    cards: list[Card]
    agreement: object = None  # the couple's agreement in force when they answered, if any
    agreement_now: object = None  # the one in force today (it may have been agreed since)
    _stricter: list = field(default_factory=list)

    @property
    def stricter(self) -> list[tuple[str, str]]:
        """(stricter partner, other partner) where someone holds themselves to a stricter line
        than the other asks: shown in the table, not a finding."""
        return self._stricter

    @property
    def differs_from_agreement(self) -> bool:
        """An agreement was in force, yet the answers now clash, depend, or go against it."""
        return self.differs_from(self.agreement)

    def differs_from(self, agreement) -> bool:
        if agreement is None:
            return False
        if not self.result.is_agreement:
            return True
        answers = {
            self.result.a.self,
            self.result.a.partner,
            self.result.b.self,
            self.result.b.partner,
        }
        decision = agreement.decision
        return (decision == "ok" and "not_ok" in answers) or (
            decision == "not_ok" and "ok" in answers
        )

    @property
    def sides(self) -> list[SideAnswers]:
        return [SideAnswers("a", self.result.a), SideAnswers("b", self.result.b)]

    @property
    def directions(self) -> list[SideDirection]:
        return [SideDirection(side, self.result.directions[side]) for side in ("a", "b")]

    @property
    def findings(self) -> list[FindingSeen]:
        return [FindingSeen.of(finding, self.result) for finding in self.result.findings]


@dataclass
class TalkingPoint:
    """A behavior with something to talk about, as the report leads with it: its row, where
    its first card is in talk mode, and what the couple has saved on its cards so far."""

    row: Row
    number: int  # the talk-mode number of the row's first card
    saved: list  # CardProgress of the row's cards, as far as there is any

    @property
    def talked(self) -> bool:
        """Every card of the behavior is marked as talked about."""
        talked = [p for p in self.saved if p.talked_about_at]
        return len(talked) == len(self.row.cards)

    @property
    def agreed(self) -> list[str]:
        return list(dict.fromkeys(p.agreed for p in self.saved if p.agreed))

    @property
    def shared_conditions(self) -> tuple[str, ...]:
        """The conditions both named, from the behavior's gray-area card (labels)."""
        for card in self.row.cards:
            if card.depends_on is not None and card.depends_on.shared:
                return card.depends_on.shared
        return ()

    @property
    def offers_boundary(self) -> bool:
        """A boundary makes sense unless one in force today already says what they both hold."""
        now = self.row.agreement_now
        return now is None or self.row.differs_from(now)
