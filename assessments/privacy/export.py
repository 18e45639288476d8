"""A person's own data, as one JSON document: assembled from a part per aggregate."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Prefetch
from django.utils import timezone

from boundaries.models import (
    AccessLogEntry,
    Agreement,
    AgreementEvent,
    Behavior,
    CoupleMembership,
    Invitation,
    TherapistConsent,
    TherapistLink,
)
from notifications import services as notification_services
from notifications.models import Notification
from safety.models import SafetyCheck

from ..models import Answer, CardProgress, Participation, RevisitAnswer
from .therapist_side import therapist_side
from .values import at as _at
from .values import who as _who


def export_for(user, *, with_client_data: bool) -> dict:
    """Everything of the user's, in a fixed number of queries whatever its size: a part per
    aggregate (account, couples, check-ins, catalog, agreements, therapists)."""
    memberships = list(CoupleMembership.objects.filter(user=user).order_by("joined_at"))
    couple_ids = [m.couple_id for m in memberships]
    participations = list(
        Participation.objects.filter(user=user).select_related("checkin").order_by("checkin_id")
    )
    return {
        "exported_at": timezone.now().isoformat(),
        "account": _account(user),
        "couples": _couples(memberships),
        "invitations_i_sent": _invitations(user),
        "check_ins": _check_ins(participations),
        "my_answers": _answers(user),
        "my_safety_checks": _safety_checks(user),
        "my_revisit_answers": _revisit_answers(user),
        "conversation_cards": _cards(user, [p.checkin_id for p in participations]),
        "behaviors_i_added": _behaviors(user),
        "agreements": _agreements(user, couple_ids),
        "agreement_history": _agreement_history(user, couple_ids),
        "therapists_we_connected": _therapist_links(user, couple_ids),
        "therapist_access_log": _access_log(couple_ids),
        "notifications": _notifications(user),
        **therapist_side(user, with_client_data=with_client_data),
    }


def _couples(memberships) -> list[dict]:
    return [
        {"couple": m.couple_id, "joined_at": _at(m.joined_at), "left_at": _at(m.left_at)}
        for m in memberships
    ]


def _check_ins(participations) -> list[dict]:
    return [
        {
            "check_in": p.checkin_id,
            "couple": p.checkin.couple_id,
            "started_at": _at(p.checkin.started_at),
            "submitted_at": _at(p.submitted_at),
            # The user's own private flag; the partner's is never read here.
            "cannot_answer_honestly": p.cannot_answer_honestly,
        }
        for p in participations
    ]


def _answers(user) -> list[dict]:
    return [
        {
            "check_in": a.checkin_id,
            "behavior": a.behavior.title,
            "if_i_do": a.if_i_do,
            "if_partner_does": a.if_partner_does,
            "note": a.note,
            "note_private": a.note_private,
            "conditions": a.conditions,
        }
        for a in Answer.objects.filter(user=user)
        .select_related("behavior")
        .order_by("checkin_id", "behavior_id")
    ]


def _revisit_answers(user) -> list[dict]:
    """The person's own blind answers when a boundary was looked at again."""
    return [
        {
            "agreement": a.revisit.agreement_id,
            "behavior": a.revisit.agreement.behavior.title,
            "due_on": _at(a.revisit.due_on),
            "if_i_do": a.if_i_do,
            "if_partner_does": a.if_partner_does,
            "note": a.note,
            "note_private": a.note_private,
            "conditions": a.conditions,
            "answered_at": _at(a.answered_at),
            "outcome": a.revisit.outcome,
        }
        for a in RevisitAnswer.objects.filter(user=user)
        .select_related("revisit__agreement__behavior")
        .order_by("answered_at", "pk")
    ]


def _safety_checks(user) -> list[dict]:
    """The private checks before submitting: the person's own, never the partner's."""
    return [
        {
            "check_in": c.checkin_id,
            "answers": c.answers,
            "skipped": c.skipped,
            "concern": c.concern,
            "shared_with_therapist_at": _at(c.shared_at),
            "answers_shared": c.share_answers,
        }
        for c in SafetyCheck.objects.filter(user=user).order_by("checkin_id")
    ]


def _cards(user, checkin_ids) -> list[dict]:
    return [
        {
            "check_in": c.checkin_id,
            "card": c.card_key,
            "talked_about_at": _at(c.talked_about_at),
            "marked_by": _who(c.marked_by_id, user) if c.talked_about_at else None,
            "what_we_agreed": c.agreed,
        }
        for c in CardProgress.objects.filter(checkin_id__in=checkin_ids).order_by(
            "checkin_id", "card_key"
        )
    ]


def _behaviors(user) -> list[dict]:
    return [
        {"title": b.title, "description": b.description, "retired": b.is_retired}
        for b in Behavior.objects.filter(created_by=user).order_by("pk")
    ]


def _agreement_history(user, couple_ids) -> list[dict]:
    return [
        {
            "couple": e.couple_id,
            "at": _at(e.at),
            "agreement": e.agreement_id,
            "behavior": e.behavior.title,
            "what": e.kind,
            "by": _who(e.actor_id, user),
        }
        for e in AgreementEvent.objects.filter(couple_id__in=couple_ids)
        .select_related("behavior")
        .order_by("at", "pk")
    ]


def _access_log(couple_ids) -> list[dict]:
    return [
        {
            "couple": e.couple_id,
            "at": _at(e.at),
            "therapist": e.therapist_name,
            "what": e.what,
            "allowed": e.allowed,
        }
        for e in AccessLogEntry.objects.filter(couple_id__in=couple_ids)
    ]


def _notifications(user) -> dict:
    choices = notification_services.settings_of(user)
    return {
        "emails_off": list(choices.emails_off),
        "discreet_subjects": choices.discreet_subjects,
        "received": [
            # What happened and when; the other person's name is theirs.
            {"kind": n.kind, "at": _at(n.created_at), "read_at": _at(n.read_at)}
            for n in Notification.objects.filter(recipient=user).order_by("created_at")
        ],
    }


def _account(user) -> dict:
    return {
        "email": user.email,
        "name": user.display_name,
        "kind": user.kind,
        "time_zone": user.time_zone,
        "language": user.language,
        "joined": _at(user.date_joined),
        "last_login": _at(user.last_login),
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        # That two-factor authentication is on, and since when; its secrets stay with us.
        "two_factor": [
            {"type": a.type, "added_at": _at(a.created_at), "last_used_at": _at(a.last_used_at)}
            for a in Authenticator.objects.filter(user=user).only(
                "type", "created_at", "last_used_at"
            )
        ],
    }


def _invitations(user) -> list[dict]:
    # No codes: while one works it is a key that links whoever holds it with this person, and
    # an exported file travels further than the invite page; once it stops working, a code
    # says nothing. The address is the one the user typed, unless its owner since deleted
    # their account (see account_delete).
    return [
        {
            "email": i.email,
            "status": i.status,
            "created_at": _at(i.created_at),
            "expires_at": _at(i.expires_at),
            "accepted_at": _at(i.accepted_at),
        }
        for i in Invitation.objects.filter(inviter=user).order_by("created_at")
    ]


def _agreements(user, couple_ids) -> list[dict]:
    agreements = (
        Agreement.objects.filter(couple_id__in=couple_ids)
        .select_related("behavior")
        .order_by("proposed_at", "pk")
    )
    return [
        {
            "id": a.pk,
            "couple": a.couple_id,
            "behavior": a.behavior.title,
            "decision": a.decision,
            "conditions": a.conditions,
            "revisit_on": _at(a.revisit_on),
            "status": a.status,
            "proposed_by_me": a.proposed_by_id == user.pk,
            "proposed_at": _at(a.proposed_at),
            "accepted_at": _at(a.accepted_at),
        }
        for a in agreements
    ]


def _therapist_links(user, couple_ids) -> list[dict]:
    """The therapists the user's couples connected, and the user's own consent to each."""
    links = (
        TherapistLink.objects.filter(couple_id__in=couple_ids)
        .select_related("therapist__therapist_profile")
        .prefetch_related(
            Prefetch("consents", TherapistConsent.objects.filter(user=user), to_attr="my_consents")
        )
        .order_by("created_at", "pk")
    )
    result = []
    for link in links:
        profile = getattr(link.therapist, "therapist_profile", None)
        result.append(
            {
                "couple": link.couple_id,
                "therapist": profile.name if profile else link.therapist.name,
                "practice": profile.practice if profile else "",
                "connected_at": _at(link.created_at),
                "my_consent_given_at": _at(link.my_consents[0].given_at)
                if link.my_consents
                else None,
                "revoked_at": _at(link.revoked_at),
                "revoked_by": _who(link.revoked_by_id, user) if link.revoked_at else None,
            }
        )
    return result
