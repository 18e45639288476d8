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


def consenting_therapists(couple) -> list:
    """The therapists both partners let in, now, with their profiles (one query)."""
    links = (
        TherapistLink.objects.filter(couple=couple, revoked_at=None, couple__ended_at=None)
        .annotate(consenting=consenting_partners_subquery())
        .filter(consenting=2)
        .select_related("therapist__therapist_profile")
        .order_by("created_at")
    )
    return [link.therapist for link in links]


def _shared(**couple):
    return SafetyCheck.objects.filter(
        checkin__couple=couple["couple"],
        shared_at__isnull=False,
        user__memberships__couple=couple["couple"],
        user__memberships__left_at=None,
    )


def shared_with_therapists(couple):
    """Concerns a current partner of the couple chose to let the therapist know about."""
    return _shared(couple=couple).select_related("user", "checkin").order_by("-shared_at")


def has_shared_concern():
    """For the dashboard: whether anyone of the link's couple shared a concern (a subquery)."""
    return Exists(_shared(couple=OuterRef("couple")))


def concerns_for_therapist(couple) -> list[dict]:
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
        for check in shared_with_therapists(couple)
    ]
