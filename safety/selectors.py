"""Reading safety checks: the person's own, and what a consenting therapist was let know."""

from django.db.models import Exists, OuterRef

from boundaries.models import TherapistLink

from .models import SafetyCheck, SupportResource
from .questions import labelled


def check_of(user, checkin) -> SafetyCheck | None:
    return SafetyCheck.objects.filter(user=user, checkin=checkin).first()


def resources() -> list[SupportResource]:
    return list(SupportResource.objects.filter(is_active=True))


def _shared_through(link, couple):
    """Concerns shared through a therapist link by a partner still in the couple (either
    may be an OuterRef, for the dashboard's subquery)."""
    return SafetyCheck.objects.filter(
        shared_with=link,
        shared_at__isnull=False,
        user__memberships__couple=couple,
        user__memberships__left_at=None,
    )


def shared_with_therapist(couple, therapist):
    """Concerns shared with this therapist through their current link to the couple."""
    link = TherapistLink.objects.filter(couple=couple, therapist=therapist, revoked_at=None).first()
    if link is None:
        return SafetyCheck.objects.none()
    return _shared_through(link, couple).select_related("user", "checkin").order_by("-shared_at")


def has_shared_concern():
    """For the dashboard, per therapist link: whether a partner still in the couple shared a
    concern through it (a subquery)."""
    return Exists(_shared_through(OuterRef("pk"), OuterRef("couple")))


def concerns_for_therapist(couple, therapist) -> list[dict]:
    """What the couple's consenting therapist was let know: who, for which check-in, when,
    and the answers where the person chose to show them."""
    return [
        {
            "partner": check.user.name,
            "checkin": check.checkin_id,
            "at": check.shared_at,
            "answers": check.answers if check.share_answers else None,
            "answered": labelled(check.answers) if check.share_answers else [],
        }
        for check in shared_with_therapist(couple, therapist)
    ]
