"""The private safety check: four questions, in our words, after what couple therapists ask
each partner alone before any joint work (fear, control, being watched, harm)."""

from django.utils.translation import gettext_lazy as _


class Choice:
    NO = "no"
    SOMETIMES = "sometimes"
    YES = "yes"
    RATHER_NOT_SAY = "rather_not_say"


CHOICES = [
    (Choice.NO, _("No")),
    (Choice.SOMETIMES, _("Sometimes")),
    (Choice.YES, _("Yes")),
    (Choice.RATHER_NOT_SAY, _("I'd rather not say")),
]

QUESTIONS = [
    (
        "afraid",
        _("Are you ever afraid of your partner, or of how they would react to something?"),
    ),
    (
        "controlled",
        _(
            "Does your partner decide things that should be yours to decide: your phone, "
            "money, friends, or where you go?"
        ),
    ),
    (
        "watched",
        _("Is anyone pressuring you about your answers here, or watching while you answer?"),
    ),
    (
        "hurt",
        _(
            "Has your partner hurt you, threatened you, or made you do something you did not "
            "want to?"
        ),
    ),
]

KEYS = [key for key, _text in QUESTIONS]
VALUES = [value for value, _label in CHOICES]
CONCERNING = {Choice.SOMETIMES, Choice.YES}


def is_concern(answers: dict) -> bool:
    """Any "sometimes" or "yes" is a concern worth a kind word and a way to get help."""
    return any(answers.get(key) in CONCERNING for key in KEYS)


def labelled(answers: dict) -> list[tuple[str, str]]:
    """(question, answer) in words, in the questions' order, for the ones answered."""
    labels = dict(CHOICES)
    return [(text, labels[answers[key]]) for key, text in QUESTIONS if answers.get(key) in labels]
