"""Reading safety checks: the person's own, and what a consenting therapist was let know."""

from django.db.models import Exists, OuterRef

from boundaries.models import TherapistLink
from boundaries.selectors import consenting_partners_subquery

from .models import SafetyCheck, SupportResource
from .questions import labelled


def check_of(user, checkin) -> SafetyCheck | None:
    return SafetyCheck.objects.filter(user=user, checkin=checkin).first()


def resources() -> list[SupportResource]:
    return list(SupportResource.objects.filter(is_active=True))


def consenting_links(couple) -> list:
    """The couple's therapist links both partners consented to, now, with the therapists'
    profiles (one query)."""
    return list(
        TherapistLink.objects.filter(couple=couple, revoked_at=None, couple__ended_at=None)
        .annotate(consenting=consenting_partners_subquery())
        .filter(consenting=2)
        .select_related("therapist__therapist_profile")
        .order_by("created_at")
    )


def shared_with_therapist(couple, therapist):
    """Concerns shared with this therapist through their current link to the couple."""
    link = TherapistLink.objects.filter(couple=couple, therapist=therapist, revoked_at=None).first()
    if link is None:
        return SafetyCheck.objects.none()
    return (
        SafetyCheck.objects.filter(
            shared_with=link,
            shared_at__isnull=False,
            user__memberships__couple=couple,
            user__memberships__left_at=None,
        )
        .select_related("user", "checkin")
        .order_by("-shared_at")
    )


def has_shared_concern():
    """For the dashboard, per therapist link: whether a partner still in the couple shared a
    concern through it (a subquery)."""
    return Exists(
        SafetyCheck.objects.filter(
            shared_with=OuterRef("pk"),
            shared_at__isnull=False,
            user__memberships__couple=OuterRef("couple"),
            user__memberships__left_at=None,
        )
    )


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
