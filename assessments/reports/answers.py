"""The answers of a round as the report reads them: per person, per behavior."""

from ..comparison import Answers

EMPTY = Answers("", "")


def answers_by_user(answers, hide_private_of=None) -> dict[int, dict[int, Answers]]:
    """Per person, per behavior. `hide_private_of`: whose private notes stay blank (the
    partner's, when a partner reads); a therapist reads them all."""
    table: dict[int, dict[int, Answers]] = {}
    for answer in answers:
        private = answer.note_private and bool(answer.note)
        note = "" if private and answer.user_id == hide_private_of else answer.note
        table.setdefault(answer.user_id, {})[answer.behavior_id] = Answers(
            answer.if_i_do, answer.if_partner_does, note, private, tuple(answer.conditions)
        )
    return table
