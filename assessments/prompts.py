"""Conversation cards: a small table of templates keyed by finding type and category.

Each card says, kindly, what each partner answered, then offers the gut check, the
reciprocity check, the three questions about needs, and a short self-check. The same
rendered card feeds the report page, the guided conversation and the API.
"""

from dataclasses import dataclass

from django.template import Context, Engine
from django.utils.translation import gettext_lazy as _

from .comparison import DEPENDS, NOT_OK, OK, Finding

# Plain text out; the HTML templates escape it when they show it.
_engine = Engine(autoescape=False)

ANSWER_WORDS = {OK: _("OK"), NOT_OK: _("not OK"), DEPENDS: _("it depends")}

CARDS = {
    Finding.CLASH: {
        "heading": _("You see this differently"),
        "said": _(
            "{{ doer }} would feel OK doing this. {{ other }} would not be OK with {{ doer }} "
            "doing it. Neither view is wrong; they are just not the same yet."
        ),
        "gut_check": _(
            "{{ doer }}, would you be comfortable doing this with {{ other }} right beside you?"
        ),
        "reciprocity": _(
            "{{ doer }}, how would it feel if {{ other }} did this and you found out later?"
        ),
    },
    Finding.GRAY_AREA: {
        "heading": _("It depends — on what?"),
        "said": _(
            "About {{ doer }} doing this, {{ doer }} said {{ doer_answer }} and {{ other }} said "
            "{{ other_answer }}. The conditions are worth putting into words together."
        ),
        "gut_check": _(
            "Under which conditions would {{ doer }} be comfortable doing this openly, with "
            "{{ other }} there?"
        ),
        "reciprocity": _("Would the same conditions feel fair if it were the other way round?"),
    },
    Finding.DOUBLE_STANDARD: {
        "heading": _("A question of fairness"),
        "said": _(
            "{{ doer }} would be OK doing this, but not OK if {{ other }} did it. That is very "
            "human, and worth a gentle look."
        ),
        "gut_check": _(
            "{{ doer }}, what makes it feel different when you do it than when {{ other }} does?"
        ),
        "reciprocity": _(
            "{{ doer }}, if {{ other }} did exactly this, what would you want them to know?"
        ),
    },
}

NEED_QUESTIONS = [
    _("What need might “{{ behavior }}” meet, and is it a need you two could meet together?"),
    _(
        "Has the emotional connection between you weakened somewhere, in a way that makes "
        "this matter more right now?"
    ),
    _("Have you each said openly what you need from the other around this?"),
]

# One extra thought per category, shown on every card of that category.
CATEGORY_NOTES = {
    "secrecy": _("What would it take for this to happen in the open instead?"),
    "emotional-intimacy": _(
        "Where do you each want the line between a close friendship and a confidant to be?"
    ),
    "flirting": _("What would make playful feel safe to both of you, and what would not?"),
    "social-media": _("Would it feel different in public comments than in private messages?"),
    "comparison-fantasy": _(
        "Thoughts come and go; what matters is what you do with them. What would help here?"
    ),
    "keeping-options-open": _("What does each of you need to feel chosen, not kept in reserve?"),
}
# A card type may have its own note for a category, which wins over the general one.
CARD_CATEGORY_NOTES = {
    (Finding.DOUBLE_STANDARD, "secrecy"): _(
        "Privacy for one and openness for the other rarely feels fair for long. What would?"
    ),
}

PROBLEM_SIGNS = [
    _("One of you gets defensive or secretive when it comes up."),
    _("Raising it leaves one of you feeling brushed off or dismissed."),
    _("It leaves resentment, insecurity or distance behind."),
    _("Attention and energy go there more than to each other."),
]
HARMLESS_SIGNS = [
    _("You both have friendships the other knows about and is welcome in."),
    _("There is nothing to hide and no guilt about it."),
    _("It takes nothing away from your closeness, trust or respect."),
]

_compiled: dict[str, object] = {}


def _render(source, context: dict) -> str:
    text = str(source)
    template = _compiled.get(text)
    if template is None:
        template = _compiled[text] = _engine.from_string(text)
    return template.render(Context(context, autoescape=False)).strip()


@dataclass(frozen=True)
class Card:
    key: str
    type: str
    behavior_id: int
    behavior: str
    heading: str
    said: str
    notes: tuple[tuple[str, str, bool], ...]  # (whose, note, kept private)
    gut_check: str
    reciprocity: str
    questions: tuple[str, ...]
    category_note: str
    problem_signs: tuple[str, ...]
    harmless_signs: tuple[str, ...]
    depends_on: object = None  # conditions.DependsOn, for a gray area where any were named

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "type": self.type,
            "behavior": self.behavior_id,
            "heading": self.heading,
            "said": self.said,
            "notes": [
                {"by": whose, "note": note, "private": private, "kept_private": not note}
                for whose, note, private in self.notes
            ],
            "gut_check": self.gut_check,
            "reciprocity_check": self.reciprocity,
            "questions": list(self.questions),
            "category_note": self.category_note,
            "self_check": {
                "problem_signs": list(self.problem_signs),
                "harmless_signs": list(self.harmless_signs),
            },
        }


def card_key(behavior_id: int, finding) -> str:
    return f"{behavior_id}-{finding.type.value}-{finding.doer or ''}"


def _notes(answers, names, sides) -> tuple:
    """(whose, note, private) of both sides; a note kept private from this reader shows as
    "" (the card says it was kept private)."""
    return tuple(
        (names[who], answers[who].note, answers[who].private)
        for who in sides
        if answers[who].note or answers[who].withheld
    )


def card_for(
    finding, *, behavior_id, behavior_title, category_slug, answers, names, depends_on=None
) -> Card:
    """A card for one clash, gray area or double standard.

    answers: {"a": Answers, "b": Answers}; names: {"a": "Alex", "b": "Blair"}.
    """
    doer, other = finding.doer, finding.other or ("b" if finding.doer == "a" else "a")
    context = {
        "doer": names[doer],
        "other": names[other],
        "behavior": behavior_title,
        "doer_answer": ANSWER_WORDS.get(answers[doer].self, ""),
        "other_answer": ANSWER_WORDS.get(answers[other].partner, ""),
    }
    parts = CARDS[finding.type]
    notes = _notes(answers, names, (doer, other))
    category_note = CARD_CATEGORY_NOTES.get(
        (finding.type, category_slug), CATEGORY_NOTES.get(category_slug, "")
    )
    return Card(
        key=card_key(behavior_id, finding),
        type=finding.type.value,
        behavior_id=behavior_id,
        behavior=behavior_title,
        heading=_render(parts["heading"], context),
        said=_render(parts["said"], context),
        notes=notes if finding.type == Finding.GRAY_AREA else (),
        gut_check=_render(parts["gut_check"], context),
        reciprocity=_render(parts["reciprocity"], context),
        questions=tuple(_render(q, context) for q in NEED_QUESTIONS),
        category_note=str(category_note),
        problem_signs=tuple(str(s) for s in PROBLEM_SIGNS),
        harmless_signs=tuple(str(s) for s in HARMLESS_SIGNS),
        depends_on=depends_on if finding.type == Finding.GRAY_AREA else None,
    )
