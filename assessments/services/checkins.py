"""Everything that writes check-ins and answers: start, save answers, submit, the private
flag. Pages and the API both call these."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from boundaries.errors import NotFound
from boundaries.selectors import behaviors_for, current_couple_id
from boundaries.services.couples import lock_current_couple
from notifications import services as notification_services
from notifications.kinds import Kind

from .. import selectors
from ..access import current_checkins_of
from ..models import (
    Answer,
    CheckIn,
    CheckInItem,
    Participation,
)
from ..reports import summary_of
from .answer_rules import RATING_FIELDS, check_conditions, clean_answer

MAX_ANSWERS_PER_SAVE = 1000


class CheckInAlreadyOpen(ValidationError):
    """The couple has an open check-in already; `checkin` is that one."""

    def __init__(self, checkin):
        super().__init__(_("You already have a check-in in progress. Continue that one."))
        self.checkin = checkin


class SurveyIncomplete(ValidationError):
    """Submitting needs both answers on every behavior; `missing` lists the behaviors without."""

    def __init__(self, missing):
        super().__init__(
            _("Answer every behavior twice before you submit. %(count)d still need an answer.")
            % {"count": len(missing)}
        )
        self.missing = missing


def checkin_start(*, user) -> CheckIn:
    """A new round for the user's couple, with every behavior they can rate today."""
    couple = None
    try:
        with transaction.atomic():
            couple = lock_current_couple(
                user, why=_("Link with your partner before starting a check-in.")
            )
            existing = selectors.open_checkin(couple)
            if existing is not None:
                raise CheckInAlreadyOpen(existing)
            checkin = _new_checkin(couple, started_by=user)
            notification_services.notify_partner(
                couple=couple,
                actor=user,
                kind=Kind.CHECKIN_STARTED,
                event_key=checkin.pk,
                link=reverse("checkin", args=[checkin.pk]),
            )
            return checkin
    except IntegrityError:
        # The partner started one at the same moment: the database let only one through.
        raise CheckInAlreadyOpen(selectors.open_checkin(couple)) from None


def _new_checkin(couple, *, started_by) -> CheckIn:
    checkin = CheckIn.objects.create(couple=couple, started_by=started_by)
    behavior_ids = behaviors_for(couple).values_list("pk", flat=True)
    CheckInItem.objects.bulk_create(
        [CheckInItem(checkin=checkin, behavior_id=pk) for pk in behavior_ids]
    )
    partner_ids = couple.memberships.filter(left_at__isnull=True).values_list("user_id", flat=True)
    Participation.objects.bulk_create(
        [Participation(checkin=checkin, user_id=pk) for pk in partner_ids]
    )
    return checkin


def lock_couple_of_checkin(checkin, user):
    """The person's current couple, locked (as unlinking locks it), if the check-in is
    theirs: nothing lands after an unlink."""
    closed = _("You are no longer linked, so this check-in is closed.")
    couple = lock_current_couple(user, why=closed)
    if couple.pk != checkin.couple_id:
        raise ValidationError(closed)
    return couple


def _locked_participation(checkin, user) -> Participation:
    """The user's participation in the check-in (a CheckIn, or the id of one they asked
    for), locked together with their couple's row, in one query.

    Saving, submitting and the private flag all lock both rows this way, so they run one at
    a time for a person, and never beside an unlink (which locks the couple): an answer
    cannot land after its writer submitted or the couple ended. The check-in and the couple
    come with it.
    """
    participation = (
        Participation.objects.select_for_update(of=("self", "checkin__couple"))
        .select_related("checkin__couple")
        .filter(
            checkin_id=getattr(checkin, "pk", checkin),
            user=user,
            checkin__couple__ended_at=None,
            checkin__couple__memberships__user=user,
            checkin__couple__memberships__left_at=None,
        )
        .first()
    )
    if participation is None:
        raise _refusal(checkin, user)
    return participation


def _refusal(checkin, user) -> Exception:
    """Why there is no participation to lock (a second look, on a refusal only).

    Asked by id, the service is the access check: anyone who may not see the check-in gets
    NotFound, as from `checkin_for_user_or_404`. A check-in found before (by that helper)
    and lost since is closed: the couple ended in between.
    """
    if not isinstance(checkin, CheckIn):
        found = current_checkins_of(user).filter(pk=checkin).first()
        if found is None:
            return NotFound(_("No such check-in."))
        checkin = found
    if current_couple_id(user) != checkin.couple_id:
        return ValidationError(_("You are no longer linked, so this check-in is closed."))
    return ValidationError(_("This check-in is not yours to answer."))


def answers_save(*, user, checkin, answers) -> list[Answer]:
    """Save some of the user's answers (all or none). Fields left out keep their value.

    `checkin` is a check-in, or the id of one the user asked for (then anyone who may not
    see it gets NotFound). Each answer: {"behavior": id, "if_i_do": "ok"|"not_ok"|"depends"
    |"", "if_partner_does": …, "note": "…", "private": true|false}: a private note is never
    shown to the partner (only to its writer and a consenting therapist).

    Three queries however many answers (five with the request's session and user): the
    lock, the titles with the stored answers, the write. The conditions offered, needed
    when some are ticked, come from the cache. No savepoint: everything that can refuse
    the save is decided before the one write, and the refusal is raised once the block has
    ended, so a caller's transaction is left usable without one.
    """
    if not answers:
        raise ValidationError({"answers": [_("Send a list of one or more answers.")]})
    if len(answers) > MAX_ANSWERS_PER_SAVE:
        raise ValidationError({"answers": [_("Too many answers in one request.")]})
    with transaction.atomic(savepoint=False):
        try:
            return _save_locked(checkin, user, answers)
        except (ValidationError, NotFound) as error:
            refusal = error  # nothing is written yet: the write is the last step
    raise refusal


def _save_locked(checkin, user, answers) -> list[Answer]:
    participation = _locked_participation(checkin, user)
    if participation.has_submitted:
        raise ValidationError(
            _("You have submitted this check-in; your answers are locked. Start a new one.")
        )
    ids = [raw["behavior"] for raw in answers]
    found = selectors.answers_to_change(participation.checkin_id, user, ids)
    titles = {pk: title for pk, (title, _answer) in found.items()}
    # Only ticked conditions need the list of those offered (the survey sends [] with most).
    ticked = any(isinstance(raw.get("conditions"), list) and raw["conditions"] for raw in answers)
    known = selectors.condition_keys() if ticked else ()
    try:
        cleaned = [clean_answer(raw, n, titles, known) for n, raw in enumerate(answers)]
        return _store_answers(cleaned, found)
    except ValidationError as error:
        raise ValidationError({"answers": error.messages}) from None


def _store_answers(cleaned, found) -> list[Answer]:
    """Write cleaned answers in one statement; a field left out keeps its stored value."""
    ids = [item["behavior"] for item in cleaned]
    if len(set(ids)) != len(ids):
        raise ValidationError({"answers": [_("Each behavior can appear only once.")]})
    titles = {pk: title for pk, (title, _answer) in found.items()}
    rows = []
    for item in cleaned:
        answer = found[item["behavior"]][1]
        for name in (*RATING_FIELDS, "note", "note_private", "conditions"):
            if name in item:
                setattr(answer, name, item[name])
        check_conditions(answer, item, titles)
        rows.append(answer)
    Answer.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["checkin", "user", "behavior"],
        update_fields=[
            "if_i_do",
            "if_partner_does",
            "note",
            "note_private",
            "conditions",
            "updated_at",
        ],
    )
    return rows


def checkin_submit(*, user, checkin: CheckIn) -> Participation:
    """Lock the user's answers. Submitting again changes nothing.

    When the second partner submits, the check-in is complete and the first is told.
    """
    with transaction.atomic():
        participation = _locked_participation(checkin, user)
        if participation.has_submitted:
            return participation
        survey = selectors.survey_for(checkin, user)
        if survey.missing:
            raise SurveyIncomplete([item.behavior for item in survey.missing])
        participation.submitted_at = timezone.now()
        participation.save(update_fields=["submitted_at"])
        # One partner at a time past this point, so exactly one of them completes the round.
        checkin = CheckIn.objects.select_for_update().get(pk=checkin.pk)
        waiting = checkin.participations.filter(submitted_at__isnull=True).exists()
        if waiting:
            notification_services.notify_partner(
                couple=checkin.couple,
                actor=user,
                kind=Kind.PARTNER_FINISHED,
                event_key=checkin.pk,
                link=reverse("checkin", args=[checkin.pk]),
            )
        elif checkin.completed_at is None:
            _complete(checkin)
            notification_services.notify_both(
                couple=checkin.couple,
                kind=Kind.REPORT_READY,
                event_key=checkin.pk,
                # To the calm "you have both finished" page first, then the report.
                link=reverse("checkin", args=[checkin.pk]),
            )
    return participation


def _complete(checkin: CheckIn) -> None:
    checkin.clash_count, checkin.agreement_score = summary_of(checkin)
    checkin.completed_at = timezone.now()
    checkin.save(update_fields=["completed_at", "clash_count", "agreement_score"])


def checkin_set_private_flag(*, user, checkin: CheckIn, value: bool) -> Participation:
    """“I can't answer this honestly right now”: seen by a consenting therapist only."""
    with transaction.atomic():
        participation = _locked_participation(checkin, user)
        participation.cannot_answer_honestly = bool(value)
        participation.save(update_fields=["cannot_answer_honestly"])
    return participation
