"""What an "It depends" depends on, as a conversation card tells it: the conditions each
partner named, the ones both named, and a question for each the other did not name.

Plain data in, plain data out: no database (the labels are passed in)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .comparison import Answers


def shared_conditions(first: Answers, second: Answers) -> tuple[str, ...]:
    """The conditions both named, in the first one's order."""
    theirs = set(second.conditions)
    return tuple(key for key in first.conditions if key in theirs)


@dataclass(frozen=True)
class DependsOn:
    named: tuple[tuple[str, tuple[str, ...]], ...]  # (who, the labels they ticked)
    shared: tuple[str, ...]  # labels both ticked
    shared_keys: tuple[str, ...]
    questions: tuple[str, ...]  # one per condition only one of them named


def depends_on(answers: dict, names: dict, labels: dict) -> DependsOn | None:
    """For a behavior's two answers ({"a": Answers, "b": Answers}); None if nobody named any."""
    a, b = answers["a"], answers["b"]
    if not a.conditions and not b.conditions:
        return None
    shared = shared_conditions(a, b)
    questions = []
    for who, other in (("a", "b"), ("b", "a")):
        for key in answers[who].conditions:
            if key not in shared and key in labels:
                questions.append(
                    _("%(who)s named “%(condition)s”. Would that work for %(other)s too?")
                    % {"who": names[who], "condition": labels[key], "other": names[other]}
                )
    named = tuple(
        (names[who], tuple(labels[k] for k in answers[who].conditions if k in labels))
        for who in ("a", "b")
        if answers[who].conditions
    )
    return DependsOn(
        named=named,
        shared=tuple(labels[k] for k in shared if k in labels),
        shared_keys=shared,
        questions=tuple(questions),
    )
