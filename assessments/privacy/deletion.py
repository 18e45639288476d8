"""Deleting an account: what goes, what the partner keeps, and couples left with no one."""

from functools import reduce
from operator import or_

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.db import transaction
from django.db.models import Q

from boundaries import services as boundary_services
from boundaries.models import (
    Agreement,
    AgreementEvent,
    Behavior,
    Couple,
    CoupleMembership,
    Invitation,
    TherapistLink,
)
from boundaries.selectors import FORMER_PARTNER, current_couple_id
from notifications.models import Notification

from .. import reports
from ..models import CheckIn


def account_delete(*, user) -> None:
    """Delete the account: their answers, notes, flags, profile, addresses and sessions go.

    The partner keeps their own answers. A current couple ends first (nothing is shared from
    then on); the agreements and their history stay for the partner to read, with "a former
    partner" where this person acted (the foreign keys are set to null).
    """
    with transaction.atomic():
        if current_couple_id(user) is not None:
            boundary_services.couple_unlink(user=user)
        couple_ids = list(
            CoupleMembership.objects.filter(user=user).values_list("couple_id", flat=True)
        )
        couple_ids += TherapistLink.objects.filter(therapist=user).values_list(
            "couple_id", flat=True
        )
        viewers = CoupleMembership.objects.filter(couple_id__in=couple_ids).values_list(
            "user_id", flat=True
        )
        therapists = TherapistLink.objects.filter(couple_id__in=couple_ids).values_list(
            "therapist_id", flat=True
        )
        reports.forget(couple_ids, {*viewers, *therapists})
        _forget_address_on_invitations(user)
        # What others were told keeps the news, not the name.
        Notification.objects.filter(couple_id__in=couple_ids).exclude(recipient=user).update(
            partner_name=str(FORMER_PARTNER)
        )
        # Signed in elsewhere (another browser, the app): those sessions end now too.
        for session in UserSession.objects.filter(user=user):
            session.end()
        # Answers, participations (with the private flag), email addresses, authenticators,
        # a therapist's profile, client codes and notes all go with the user (CASCADE).
        user.delete()
        _delete_abandoned_couples(couple_ids)


def _delete_abandoned_couples(couple_ids) -> None:
    """A couple whose last member is gone belongs to nobody: everything it made goes too
    (its own behaviors, check-ins, card notes, agreements and their history, therapist
    links, the therapist's notes on it and the access log)."""
    abandoned = list(
        Couple.objects.filter(pk__in=couple_ids, memberships__isnull=True).values_list(
            "pk", flat=True
        )
    )
    if not abandoned:
        return
    # Behaviors and agreements are protected while anything still points at them, so the
    # things pointing at them go first.
    AgreementEvent.objects.filter(couple_id__in=abandoned).delete()
    agreements = Agreement.objects.filter(couple_id__in=abandoned)
    agreements.update(replaces=None)
    agreements.delete()
    CheckIn.objects.filter(couple_id__in=abandoned).delete()
    Behavior.objects.filter(couple_id__in=abandoned).delete()
    Couple.objects.filter(pk__in=abandoned).delete()


def _forget_address_on_invitations(user) -> None:
    """An invitation someone sent this person is the sender's record, but the address on it
    is this person's, and goes with their account."""
    addresses = {
        user.email,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    }
    match = reduce(or_, (Q(email__iexact=address) for address in addresses))
    Invitation.objects.filter(match).exclude(inviter=user).update(email="")
