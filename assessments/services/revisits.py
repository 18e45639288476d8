"""Revisiting a boundary when its date has come: each partner answers blind, then one of
them decides to renew it, change it (a new proposal) or let it lapse."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boundaries import services as boundary_services
from boundaries import versions
from boundaries.models import Agreement
from boundaries.services.agreements import check_revisit_date
from boundaries.services.couples import lock_current_couple
from notifications import services as notification_services
from notifications.kinds import Kind

from ..models import Rating, Revisit, RevisitAnswer
from ..selectors import condition_keys
from .answer_rules import clean_answer

NOT_LINKED = gettext_lazy("Link with your partner first; boundaries are revisited together.")
NOT_DUE = gettext_lazy("This boundary is not due for another look.")
FINAL = gettext_lazy("You have both answered, so the answers are final now.")
BOTH_FIRST = gettext_lazy("You decide together once you have both answered.")
CHANGED_MEANWHILE = gettext_lazy("This boundary changed meanwhile. Look at it again.")

# What a person can decide, and what it becomes.
OUTCOMES = {
    "renew": Revisit.Outcome.RENEWED,
    "change": Revisit.Outcome.CHANGED,
    "lapse": Revisit.Outcome.LAPSED,
}


def _due_agreement_or_none(couple, agreement_id) -> Agreement | None:
    return (
        Agreement.objects.filter(
            pk=agreement_id,
            couple=couple,
            status=Agreement.Status.ACCEPTED,
            revisit_on__lte=timezone.localdate(),
        )
        .select_related("behavior")
        .first()
    )


def _due_agreement(couple, agreement_id) -> Agreement:
    agreement = _due_agreement_or_none(couple, agreement_id)
    if agreement is None:
        raise ValidationError(NOT_DUE)
    return agreement


def _cleaned(answer: dict, agreement, mine: RevisitAnswer | None) -> dict:
    """The answer as it will be stored: what was sent over what was saved, checked by the
    survey's rules, with both questions answered."""
    behavior = agreement.behavior
    saved = {}
    if mine is not None:
        saved = {
            "if_i_do": mine.if_i_do,
            "if_partner_does": mine.if_partner_does,
            "note": mine.note,
            "conditions": mine.conditions,
            "private": mine.note_private,
        }
    raw = {**saved, **answer, "behavior": behavior.pk}
    # Conditions saved before staff retired one stay valid; new ticks must be offered now.
    known = list(dict.fromkeys([*condition_keys(), *saved.get("conditions", [])]))
    cleaned = clean_answer(raw, 0, {behavior.pk: behavior.title}, known=known)
    if not (cleaned.get("if_i_do") and cleaned.get("if_partner_does")):
        raise ValidationError(_("Answer both questions, please."))
    depends = Rating.DEPENDS in (cleaned["if_i_do"], cleaned["if_partner_does"])
    if not depends and answer.get("conditions"):
        raise ValidationError(_("Conditions go with an “It depends”."))
    if not depends:
        cleaned["conditions"] = []
    return cleaned


def _same(mine: RevisitAnswer | None, cleaned: dict) -> bool:
    return mine is not None and all(
        getattr(mine, field) == cleaned.get(field, default)
        for field, default in (
            ("if_i_do", ""),
            ("if_partner_does", ""),
            ("note", ""),
            ("conditions", []),
            ("note_private", False),
        )
    )


def revisit_answer(*, user, agreement_id: int, answer: dict) -> Revisit:
    """Save this person's blind answers; fields left out keep what they saved. They can
    change them until both have answered; then the answers are final."""
    with transaction.atomic():
        couple = lock_current_couple(user, why=NOT_LINKED)
        agreement = _due_agreement(couple, agreement_id)
        revisit, _created = Revisit.objects.get_or_create(
            agreement=agreement,
            decided_at=None,
            defaults={"couple": couple, "due_on": agreement.revisit_on},
        )
        mine = revisit.answers.filter(user=user).first()
        cleaned = _cleaned(answer, agreement, mine)
        if revisit.both_answered:
            if _same(mine, cleaned):
                return revisit  # the same answers sent twice
            raise ValidationError(FINAL)
        first_time = mine is None
        mine = mine or RevisitAnswer(revisit=revisit, user=user)
        for field in ("if_i_do", "if_partner_does", "note", "conditions", "note_private"):
            if field in cleaned:
                setattr(mine, field, cleaned[field])
        mine.answered_at = timezone.now()
        mine.full_clean()
        mine.save()
        if revisit.answers.exclude(user=user).exists():
            revisit.both_answered_at = mine.answered_at
            revisit.save(update_fields=["both_answered_at"])
            _tell_partner(revisit, user, Kind.REVISIT_READY)
        elif first_time:
            _tell_partner(revisit, user, Kind.REVISIT_ANSWERED)
        versions.bump_couples([couple.pk])
    return revisit


def _tell_partner(revisit, user, kind) -> None:
    if revisit.is_decided:
        link = reverse("revisit_detail", args=[revisit.pk])
    else:
        link = reverse("agreement_revisit", args=[revisit.agreement_id])
    notification_services.notify_partner(
        couple=revisit.couple, actor=user, kind=kind, event_key=revisit.pk, link=link
    )


def _decided_already(couple, agreement_id, user, outcome) -> Revisit:
    """A double click: the same person's same decision a moment ago stands, if no new
    round has come due since; else a refusal."""
    if _due_agreement_or_none(couple, agreement_id) is not None:
        raise ValidationError(BOTH_FIRST)
    if not Agreement.objects.filter(
        pk=agreement_id, couple=couple, status=Agreement.Status.ACCEPTED
    ).exists():
        raise ValidationError(CHANGED_MEANWHILE)
    done = (
        Revisit.objects.filter(couple=couple, agreement_id=agreement_id, decided_at__isnull=False)
        .order_by("-decided_at")
        .first()
    )
    if done is not None and done.decided_by_id == user.pk and done.outcome == outcome:
        return done
    raise ValidationError(_("This revisit was decided already. Look at the boundary again."))


def _apply(revisit, user, outcome, revisit_on, decision, conditions) -> None:
    """The decision, on the agreement (and, for a change, a new proposal)."""
    agreement = revisit.agreement
    if outcome == Revisit.Outcome.CHANGED:
        revisit.proposal = boundary_services.agreement_propose(
            user=user,
            behavior=agreement.behavior,
            decision=decision,
            conditions=conditions,
            revisit_on=revisit_on,
        )
    else:
        check_revisit_date(revisit_on)
    boundary_services.agreement_revisited(
        user=user, agreement=agreement, outcome=outcome, revisit_on=revisit_on
    )


def revisit_decide(
    *, user, agreement_id: int, outcome: str, revisit_on=None, decision="", conditions=""
) -> Revisit:
    """Renew the boundary (with a new date to look again, if any), change it (a new
    proposal; the boundary stays in force until the partner accepts it) or let it lapse."""
    if outcome not in OUTCOMES:
        raise ValidationError({"outcome": [_("Choose to renew, change or let it lapse.")]})
    outcome = OUTCOMES[outcome]
    with transaction.atomic():
        couple = lock_current_couple(user, why=NOT_LINKED)
        revisit = (
            Revisit.objects.filter(agreement_id=agreement_id, couple=couple, decided_at=None)
            .select_related("agreement__behavior")
            .first()
        )
        if revisit is None:
            return _decided_already(couple, agreement_id, user, outcome)
        if not revisit.both_answered:
            raise ValidationError(BOTH_FIRST)
        if not revisit.agreement.is_in_force:
            raise ValidationError(CHANGED_MEANWHILE)
        _apply(revisit, user, outcome, revisit_on, decision, conditions)
        revisit.outcome = outcome
        revisit.decided_by = user
        revisit.decided_at = revisit.agreement.last_revisited_at
        revisit.save(update_fields=["outcome", "decided_by", "decided_at", "proposal"])
        if outcome != Revisit.Outcome.CHANGED:  # a change tells the partner as a proposal
            _tell_partner(revisit, user, Kind.REVISIT_DECIDED)
    return revisit
