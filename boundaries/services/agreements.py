"""Shared boundary agreements: propose, accept, withdraw; every step is kept in the history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications import services as notification_services
from notifications.kinds import Kind

from .. import versions
from ..errors import NotFound
from ..models import (
    Agreement,
    AgreementEvent,
    Behavior,
    Couple,
)
from .couples import lock_current_couple


def _lock_couple_of(user) -> Couple:
    return lock_current_couple(
        user, why=_("Link with your partner first; agreements are made together.")
    )


def _record(agreement: Agreement, kind: str, actor, at) -> None:
    AgreementEvent.objects.create(
        agreement=agreement,
        couple_id=agreement.couple_id,
        behavior_id=agreement.behavior_id,
        kind=kind,
        actor=actor,
        at=at,
    )


CONDITIONS_NEEDED = gettext_lazy("Say under which conditions it is OK.")
NOT_ONE_OF_YOURS = gettext_lazy("That behavior is not one of yours.")


def _checked_terms(decision, conditions, revisit_on) -> str:
    """The conditions as stored (only for "OK with conditions", where they are needed)."""
    conditions = (conditions or "").replace("\r\n", "\n").strip()
    if decision != Agreement.Decision.CONDITIONAL:
        conditions = ""
    elif not conditions:
        raise ValidationError({"conditions": [CONDITIONS_NEEDED]})
    check_revisit_date(revisit_on)
    return conditions


def check_revisit_date(revisit_on) -> None:
    """A date to look at a boundary again is a date to come: after today, or none."""
    if revisit_on is not None and revisit_on <= timezone.localdate():
        raise ValidationError({"revisit_on": [_("Choose a date after today to revisit it.")]})


def _close(agreement, status, at) -> None:
    if agreement is not None:
        agreement.status = status
        agreement.closed_at = at
        agreement.save(update_fields=["status", "closed_at"])


def _open_proposal_seen(couple, behavior, replaces) -> Agreement | None:
    """The proposal waiting for this behavior, if any; refused when it is not the one the
    person saw (`replaces`), as it changed meanwhile."""
    open_one = Agreement.objects.filter(
        couple=couple, behavior=behavior, status=Agreement.Status.PROPOSED
    ).first()
    if replaces is not None and (open_one is None or open_one.pk != replaces):
        raise ValidationError(
            _("This proposal changed a moment ago. Look at it again before proposing.")
        )
    return open_one


def agreement_propose(
    *, user, behavior: Behavior, decision: str, conditions: str = "", revisit_on=None, replaces=None
) -> Agreement:
    """Propose a boundary for a behavior. It replaces any proposal still waiting for it.

    `replaces`: the id of the waiting proposal the person saw; if it was changed meanwhile,
    the new proposal is refused rather than replacing one they never read.
    """
    conditions = _checked_terms(decision, conditions, revisit_on)
    with transaction.atomic():
        couple = _lock_couple_of(user)
        if not Behavior.objects.visible_to(couple).filter(pk=behavior.pk).exists():
            raise ValidationError({"behavior": [NOT_ONE_OF_YOURS]})
        now = timezone.now()
        open_one = _open_proposal_seen(couple, behavior, replaces)
        _close(open_one, Agreement.Status.REPLACED, now)
        agreement = Agreement(
            couple=couple,
            behavior=behavior,
            decision=decision,
            conditions=conditions,
            revisit_on=revisit_on,
            proposed_by=user,
            proposed_at=now,
            replaces=open_one,
        )
        agreement.full_clean()
        agreement.save()
        kind = AgreementEvent.Kind.CHANGED if open_one else AgreementEvent.Kind.PROPOSED
        _record(agreement, kind, user, now)
        versions.bump_couples([couple.pk])
        changed_theirs = open_one is not None and open_one.proposed_by_id != user.pk
        _tell_partner(
            couple,
            user,
            agreement,
            Kind.PROPOSAL_CHANGED if changed_theirs else Kind.PROPOSAL_WAITING,
        )
    return agreement


def _tell_partner(couple, user, agreement, kind) -> None:
    notification_services.notify_partner(
        couple=couple, actor=user, kind=kind, event_key=agreement.pk, link=reverse("agreements")
    )


def _locked_open_agreement(user, agreement_id) -> tuple[Couple, Agreement]:
    couple = _lock_couple_of(user)
    agreement = Agreement.objects.filter(pk=agreement_id, couple=couple).first()
    if agreement is None:
        raise NotFound(_("No such agreement."))
    if not agreement.is_open:
        raise ValidationError(
            _("This proposal is no longer open: it was %(what)s.")
            % {"what": agreement.get_status_display().lower()}
        )
    return couple, agreement


def agreement_accept(*, user, agreement_id: int) -> Agreement:
    """The other partner agrees: it comes into force and supersedes the earlier one."""
    with transaction.atomic():
        done = Agreement.objects.filter(
            pk=agreement_id, status=Agreement.Status.ACCEPTED, accepted_by=user
        ).first()
        if done is not None and done.couple.memberships.filter(user=user, left_at=None).exists():
            return done  # a double click: it is accepted already
        couple, agreement = _locked_open_agreement(user, agreement_id)
        if agreement.proposed_by_id == user.pk:
            raise ValidationError(_("You proposed this one; your partner is the one to accept it."))
        now = timezone.now()
        earlier = Agreement.objects.filter(
            couple=couple, behavior_id=agreement.behavior_id, status=Agreement.Status.ACCEPTED
        ).first()
        if earlier is not None:
            earlier.status = Agreement.Status.SUPERSEDED
            earlier.closed_at = now
            earlier.save(update_fields=["status", "closed_at"])
            _record(earlier, AgreementEvent.Kind.SUPERSEDED, user, now)
            # A revisit still open on it has nothing left to decide: its blind answers go.
            earlier.revisits.filter(decided_at=None).delete()
        agreement.status = Agreement.Status.ACCEPTED
        agreement.accepted_by = user
        agreement.accepted_at = now
        agreement.save(update_fields=["status", "accepted_by", "accepted_at"])
        _record(agreement, AgreementEvent.Kind.ACCEPTED, user, now)
        versions.bump_couples([couple.pk])
        _tell_partner(couple, user, agreement, Kind.PROPOSAL_ACCEPTED)
    return agreement


def agreement_withdraw(*, user, agreement_id: int) -> Agreement:
    """The proposer takes back a proposal that is still waiting."""
    with transaction.atomic():
        couple, agreement = _locked_open_agreement(user, agreement_id)
        if agreement.proposed_by_id != user.pk:
            raise ValidationError(
                _("Only the partner who proposed it can withdraw it; you can propose a change.")
            )
        now = timezone.now()
        agreement.status = Agreement.Status.WITHDRAWN
        agreement.closed_at = now
        agreement.save(update_fields=["status", "closed_at"])
        _record(agreement, AgreementEvent.Kind.WITHDRAWN, user, now)
        _due_again_if_change_withdrawn(agreement)
        versions.bump_couples([couple.pk])
        _tell_partner(couple, user, agreement, Kind.PROPOSAL_WITHDRAWN)
    return agreement


def _due_again_if_change_withdrawn(withdrawn: Agreement) -> None:
    """A change proposed in a revisit (or a change of that change) was withdrawn: the
    boundary it would have replaced stays in force, and is due for another look again."""
    chain, step = [withdrawn.pk], withdrawn
    while step.replaces_id is not None and len(chain) < 50:
        chain.append(step.replaces_id)
        step = Agreement.objects.only("replaces").get(pk=step.replaces_id)
    Agreement.objects.filter(
        revisits__proposal__in=chain, status=Agreement.Status.ACCEPTED, revisit_on=None
    ).update(revisit_on=timezone.localdate())


REVISIT_EVENTS = {
    "renewed": AgreementEvent.Kind.RENEWED,
    "changed": AgreementEvent.Kind.REVISED,
    "lapsed": AgreementEvent.Kind.LAPSED,
}


def agreement_revisited(*, user, agreement: Agreement, outcome: str, revisit_on=None) -> None:
    """What a revisit decided, on the agreement's side, in the caller's transaction: renewed
    (with the next date to look again, if any), changed (it stays in force until the
    partner accepts the change), or let lapse (no longer in force)."""
    now = timezone.now()
    agreement.last_revisited_at = now
    if outcome == "lapsed":
        agreement.status = Agreement.Status.LAPSED
        agreement.closed_at = now
    else:
        # Renewed: the date chosen now; changed: the new proposal carries its own date.
        agreement.revisit_on = revisit_on if outcome == "renewed" else None
    agreement.save(update_fields=["last_revisited_at", "status", "closed_at", "revisit_on"])
    _record(agreement, REVISIT_EVENTS[outcome], user, now)
    versions.bump_couples([agreement.couple_id])
