"""Reading the survey page's plain form post into the answers the service takes."""

from .models import Answer
from .selectors import Survey


def field_name(behavior_id: int, field: str) -> str:
    return f"b{behavior_id}-{field}"


def answers_from_post(post, survey: Survey) -> list[dict]:
    """Only what the person touched: a chosen rating, or a note that differs from the saved one.

    Radio buttons nobody chose are simply absent from a form post, so they keep their value.
    """
    answers = []
    for item in survey.items:
        pk = item.behavior.pk
        answer = {"behavior": pk}
        for field in ("if_i_do", "if_partner_does"):
            value = post.get(field_name(pk, field))
            if value is not None:
                answer[field] = value
        note = post.get(field_name(pk, "note"))
        saved_note = item.answer.note if item.answer else ""
        if note is not None and note.strip() != saved_note:
            answer["note"] = note
        # The conditions and the private box come with the note: posted with it, unticked
        # when absent.
        ticked = post.getlist(field_name(pk, "conditions"))
        saved = item.answer.conditions if item.answer else []
        if note is not None and sorted(ticked) != sorted(saved):
            answer["conditions"] = ticked
        private = post.get(field_name(pk, "private")) == "on"
        if note is not None and private != (item.answer.note_private if item.answer else False):
            answer["private"] = private
        if len(answer) > 1:
            answers.append(answer)
    return answers


def with_posted(survey: Survey, answers: list[dict]) -> Survey:
    """The survey showing what was just posted, so a refused post loses nothing on screen."""
    posted = {answer["behavior"]: answer for answer in answers}
    for item in survey.items:
        values = posted.get(item.behavior.pk)
        if values is None:
            continue
        shown = Answer(behavior=item.behavior)
        if item.answer is not None:
            shown.if_i_do = item.answer.if_i_do
            shown.if_partner_does = item.answer.if_partner_does
            shown.note = item.answer.note
            shown.note_private = item.answer.note_private
            shown.conditions = item.answer.conditions
        for field in ("if_i_do", "if_partner_does", "note"):
            if field in values:
                setattr(shown, field, values[field])
        if "private" in values:
            shown.note_private = values["private"]
        if "conditions" in values:
            shown.conditions = values["conditions"]
        item.answer = shown
    return survey


def revisit_answer_from_post(post, behavior_id: int) -> dict:
    """The revisit page's post, in the shape the service takes (as the API sends it): the
    conditions and the private box come with the note (posted with it, unticked when
    absent); a post without the note keeps all three as saved."""
    answer = {
        field: post[field_name(behavior_id, field)]
        for field in ("if_i_do", "if_partner_does", "note")
        if field_name(behavior_id, field) in post
    }
    if "note" not in answer:
        return answer  # unticked boxes are absent from a post: only the whole form says so
    depends = "depends" in (answer.get("if_i_do"), answer.get("if_partner_does"))
    # Ticks left from an "It depends" that was changed go with it.
    answer["conditions"] = post.getlist(field_name(behavior_id, "conditions")) if depends else []
    answer["private"] = post.get(field_name(behavior_id, "private")) == "on"
    return answer
