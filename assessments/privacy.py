"""A person's own data: everything of theirs as JSON, and deleting their account.

The partner's answers are the partner's data: an export never includes them, and deleting
an account never touches them.
"""

from django.db import transaction
from django.utils import timezone

from boundaries import services as boundary_services
from boundaries.models import (
    AccessLogEntry,
    Agreement,
    Behavior,
    CoupleMembership,
    SessionNote,
    TherapistProfile,
)

from .models import Answer, Participation


def export_for(user) -> dict:
    couple_ids = list(
        CoupleMembership.objects.filter(user=user).values_list("couple_id", flat=True)
    )
    answers = (
        Answer.objects.filter(user=user)
        .select_related("behavior", "checkin")
        .order_by("checkin_id", "behavior_id")
    )
    participations = Participation.objects.filter(user=user).select_related("checkin")
    agreements = Agreement.objects.filter(couple_id__in=couple_ids).select_related("behavior")
    profile = TherapistProfile.objects.filter(user=user).first()
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "name": user.display_name,
            "kind": user.kind,
            "joined": user.date_joined.isoformat(),
        },
        "couples": [
            {
                "couple": m.couple_id,
                "joined_at": m.joined_at.isoformat(),
                "left_at": m.left_at.isoformat() if m.left_at else None,
            }
            for m in CoupleMembership.objects.filter(user=user)
        ],
        "check_ins": [
            {
                "check_in": p.checkin_id,
                "started_at": p.checkin.started_at.isoformat(),
                "submitted_at": p.submitted_at.isoformat() if p.submitted_at else None,
                "cannot_answer_honestly": p.cannot_answer_honestly,
            }
            for p in participations
        ],
        "my_answers": [
            {
                "check_in": a.checkin_id,
                "behavior": a.behavior.title,
                "if_i_do": a.if_i_do,
                "if_partner_does": a.if_partner_does,
                "note": a.note,
            }
            for a in answers
        ],
        "behaviors_i_added": [
            {"title": b.title, "description": b.description, "retired": b.is_retired}
            for b in Behavior.objects.filter(created_by=user)
        ],
        "agreements": [
            {
                "behavior": a.behavior.title,
                "decision": a.decision,
                "conditions": a.conditions,
                "status": a.status,
                "proposed_by_me": a.proposed_by_id == user.pk,
                "proposed_at": a.proposed_at.isoformat(),
                "accepted_at": a.accepted_at.isoformat() if a.accepted_at else None,
            }
            for a in agreements
        ],
        "therapist_access_log": [
            {"at": e.at.isoformat(), "therapist": e.therapist_name, "what": e.what}
            for e in AccessLogEntry.objects.filter(couple_id__in=couple_ids)
        ],
        "therapist_profile": profile
        and {
            "name": profile.name,
            "credentials": profile.credentials,
            "practice": profile.practice,
            "licensed_in": profile.licensed_in,
            "contact_email": profile.contact_email,
        },
        "my_session_notes": [
            {"couple": n.couple_id, "at": n.created_at.isoformat(), "text": n.text}
            for n in SessionNote.objects.filter(therapist=user)
        ],
    }


def account_delete(*, user) -> None:
    """Delete the account: their answers, notes and profile go; the partner's stay.

    A current couple ends first (nothing is shared from then on); the agreements' history
    keeps its steps and shows "a former partner" where this person acted.
    """
    with transaction.atomic():
        if CoupleMembership.objects.filter(user=user, left_at__isnull=True).exists():
            boundary_services.couple_unlink(user=user)
        user.delete()
