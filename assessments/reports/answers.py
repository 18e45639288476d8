"""The answers of a round as the report reads them: per person, per behavior."""

from ..comparison import Answers

EMPTY = Answers("", "")


def as_answers(answer, hide_note: bool = False) -> Answers | None:
    """One stored answer (a check-in's or a revisit's) as the comparison reads it.
    `hide_note`: the partner reads it, so a private note stays blank (marked private)."""
    if answer is None:
        return None
    private = answer.note_private and bool(answer.note)
    note = "" if private and hide_note else answer.note
    return Answers(answer.if_i_do, answer.if_partner_does, note, private, tuple(answer.conditions))


def answers_by_user(answers, hide_private_of=None) -> dict[int, dict[int, Answers]]:
    """Per person, per behavior. `hide_private_of`: whose private notes stay blank (the
    partner's, when a partner reads); a therapist reads them all."""
    table: dict[int, dict[int, Answers]] = {}
    for answer in answers:
        hide = answer.user_id == hide_private_of
        table.setdefault(answer.user_id, {})[answer.behavior_id] = as_answers(answer, hide)
    return table
