"""The rules one answer must keep, as the page or the API sends it: a behavior of the round,
ratings, a note (length, characters), its privacy, and what an "It depends" depends on."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from boundaries.models import validate_text

from ..models import NOTE_MAX_LENGTH, Rating

RATING_FIELDS = ("if_i_do", "if_partner_does")


def _clean_conditions(value, where, known) -> list[str]:
    """The conditions ticked for an "It depends": known keys, each once, in the list's order."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(key, str) for key in value):
        raise ValidationError(
            _("%(where)s: “conditions” must be a list of condition keys.") % {"where": where}
        )
    unknown = [key for key in value if key not in known]
    if unknown:
        raise ValidationError(
            _("%(where)s: there is no condition %(key)s.")
            % {"where": where, "key": ", ".join(k[:40] for k in unknown[:3])}
        )
    return [key for key in known if key in set(value)]


def clean_answer(raw, position, titles, known=()) -> dict:
    """One answer, parsed by the page or the API (a behavior id, ratings and a note as text),
    checked against the round's rules; raises with a readable message."""
    where = _("Answer %(n)d") % {"n": position + 1}
    behavior_id = raw["behavior"]
    if behavior_id not in titles:
        raise ValidationError(
            _("%(where)s: behavior %(id)s is not part of this check-in.")
            % {"where": where, "id": behavior_id}
        )
    where = f"“{titles[behavior_id]}”"
    cleaned = {"behavior": behavior_id}
    for name in RATING_FIELDS:
        if name not in raw:
            continue
        value = raw[name] if raw[name] is not None else ""
        if value != "" and value not in Rating.values:
            raise ValidationError(
                _("%(where)s: “%(field)s” must be one of ok, not_ok or depends.")
                % {"where": where, "field": name}
            )
        cleaned[name] = value
    if "note" in raw:
        cleaned["note"] = note_clean(raw["note"], where=where)
    if "conditions" in raw:
        cleaned["conditions"] = _clean_conditions(raw["conditions"], where, known)
    if "private" in raw:
        if not isinstance(raw["private"], bool):
            raise ValidationError(
                _("%(where)s: “private” must be true or false.") % {"where": where}
            )
        cleaned["note_private"] = raw["private"]
    return cleaned


def note_clean(value, *, where: str) -> str:
    """A note as stored: one kind of line break, trimmed, checked for length and characters."""
    value = value if value is not None else ""
    # Browsers count a line break as one character but send two (CR LF).
    value = value.replace("\r\n", "\n").strip()
    if len(value) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("%(where)s: a note can be at most %(max)d characters.")
            % {"where": where, "max": NOTE_MAX_LENGTH}
        )
    try:
        validate_text(value)
    except ValidationError:
        raise ValidationError(
            _(
                "%(where)s: the note contains invisible or control characters (such as "
                "zero-width spaces or direction marks). Please remove them."
            )
            % {"where": where}
        ) from None
    return value


def check_conditions(answer, item, titles) -> None:
    """Conditions go with an "It depends". Sent with other ratings, they are refused; left
    from an earlier "It depends" that has changed, they go."""
    depends = Rating.DEPENDS in (answer.if_i_do, answer.if_partner_does)
    if depends:
        return
    if item.get("conditions"):
        raise ValidationError(
            _("“%(title)s”: conditions go with an “It depends”.")
            % {"title": titles[answer.behavior_id]}
        )
    answer.conditions = []
