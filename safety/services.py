"""The private safety check: answering it, skipping it, and letting a therapist know.

Nothing here tells the partner anything, or changes anything the partner can see: no
notification, no email, no version bump of the couple's pages, no change to the check-in.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boundaries.selectors import consented_links

from .models import SafetyCheck
from .questions import KEYS, VALUES, is_concern


def _refuse(message):
    raise ValidationError({"answers": [message]})


def _clean(answers) -> dict:
    if not isinstance(answers, dict):
        _refuse(_("Send the answers as an object of question: choice."))
    unknown = [str(key)[:40] for key in answers if key not in KEYS][:3]
    if unknown:
        _refuse(_("There is no question %s here.") % ", ".join(unknown))
    if any(not isinstance(value, str) or value not in VALUES for value in answers.values()):
        _refuse(_("Choose one of: %s.") % ", ".join(VALUES))
    return {key: answers[key] for key in KEYS if key in answers}


def safety_check_answer(*, user, checkin, answers) -> SafetyCheck:
    """Keep the person's answers (all of them optional); whether they signal a concern."""
    cleaned = _clean(answers)
    with transaction.atomic():
        check, _created = SafetyCheck.objects.select_for_update().get_or_create(
            user=user, checkin=checkin
        )
        check.answers = cleaned
        check.skipped = not cleaned
        check.concern = is_concern(cleaned)
        if not check.concern:
            check.shared_at, check.share_answers = None, False
        check.save()
        if not check.concern:
            check.shared_with.clear()
    return check


def safety_check_skip(*, user, checkin) -> SafetyCheck:
    """Skipped: the check is not offered again for this check-in; earlier answers stay."""
    check, _created = SafetyCheck.objects.get_or_create(
        user=user, checkin=checkin, defaults={"skipped": True}
    )
    return check


def safety_check_share(*, user, checkin, share: bool, with_answers: bool = False) -> SafetyCheck:
    """Let the couple's consenting therapist know that this person raised a concern (and,
    if they choose, what they answered), or take that back."""
    with transaction.atomic():
        check = SafetyCheck.objects.select_for_update().filter(user=user, checkin=checkin).first()
        if check is None or not check.concern:
            raise ValidationError(_("There is no concern of yours to share here."))
        links = consented_links(checkin.couple) if share else []
        if share and not links:
            raise ValidationError(_("No therapist can see your couple's reports just now."))
        check.shared_at = timezone.now() if share else None
        check.share_answers = bool(share and with_answers)
        check.save(update_fields=["shared_at", "share_answers", "updated_at"])
        check.shared_with.set(links)
    return check
