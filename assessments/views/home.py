"""Home: the one next step for this person."""

from django.shortcuts import redirect, render

from boundaries import selectors as boundary_selectors
from boundaries.views.couples import PENDING_CODE_KEY
from notifications import selectors as notification_selectors

from .. import selectors
from ..reports import talk_progress
from ..selectors.revisits import revisits_due


def _checkin_state(user, couple) -> dict:
    """Where the couple's latest round stands, for the home page's next step."""
    checkin = selectors.latest_checkin(couple)
    if checkin is None:
        return {"checkin": None}
    people = selectors.participations(checkin)
    mine = next((p for p in people if p.user_id == user.pk), None)
    answered, total = (0, 0)
    if checkin.is_open and mine is not None and not mine.has_submitted:
        answered, total = selectors.progress(checkin, user)
    talked, cards = (0, 0) if checkin.is_open else talk_progress(checkin, user)
    return {
        "talked": talked,
        "cards": cards,
        "checkin": checkin,
        "my_participation": mine,
        "partner_participation": next((p for p in people if p.user_id != user.pk), None),
        "answered": answered,
        "total": total,
    }


def home(request):
    if not request.user.is_authenticated:
        return render(request, "boundaries/landing.html")
    if request.user.is_therapist:
        return redirect("therapist_dashboard")
    couple = boundary_selectors.current_couple(request.user)
    pending_code = request.session.get(PENDING_CODE_KEY)
    waiting = None
    if couple is None and pending_code:
        waiting = boundary_selectors.invitation_by_code(pending_code)
        if waiting is None or not waiting.is_usable or waiting.inviter_id == request.user.pk:
            request.session.pop(PENDING_CODE_KEY, None)
            waiting = None
    if couple is None and waiting is None:
        waiting = boundary_selectors.invitation_for_my_email(request.user)
    partner = couple and boundary_selectors.partner_in(couple, request.user)
    context = {
        "couple": couple,
        "partner_name": partner.name if partner else "",
        "invitation": couple is None and boundary_selectors.pending_invitation(request.user),
        "invitation_for_me": waiting,
        "revisits_due": revisits_due(couple, request.user) if couple else [],
        "whats_new": list(
            notification_selectors.visible_notifications(request.user, couple=couple)[:5]
        ),
        "next_checkin_due": couple and selectors.next_checkin_due(couple),
        "therapists_waiting": (
            boundary_selectors.therapists_waiting_for(request.user, couple) if couple else []
        ),
        **_checkin_state(request.user, couple),
    }
    return render(request, "home.html", context)
