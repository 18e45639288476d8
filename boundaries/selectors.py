"""Reads shared by pages and the API. Each runs a fixed number of queries."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .models import (
    AccessLogEntry,
    Agreement,
    AgreementEvent,
    Behavior,
    Category,
    Couple,
    CoupleMembership,
    Invitation,
    TherapistConsent,
    TherapistLink,
    normalize_code,
)


def current_memberships(user):
    """The person's place in a couple they are still in (at most one: see the model).
    `user` may be an OuterRef, for reading it alongside the person (boundaries.backends)."""
    return CoupleMembership.objects.filter(
        user=user, left_at__isnull=True, couple__ended_at__isnull=True
    )


def current_couple_id(user) -> int | None:
    """The id of the person's current couple, or None when they are not linked (one query).

    `current_couple` below is the same couple, loaded with both people.
    """
    if not user.is_authenticated:
        return None
    return current_memberships(user).values_list("couple_id", flat=True).first()


def current_couple(user) -> Couple | None:
    """The user's active couple with both memberships and users loaded (one query + one)."""
    if not user.is_authenticated:
        return None
    return (
        Couple.objects.filter(
            ended_at__isnull=True, memberships__user=user, memberships__left_at__isnull=True
        )
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=CoupleMembership.objects.select_related("user").order_by("joined_at"),
            )
        )
        .first()
    )


def past_couples(user) -> list[Couple]:
    """The couples the user was part of that have ended, the latest first (one query)."""
    if not user.is_authenticated:
        return []
    return list(
        Couple.objects.filter(ended_at__isnull=False, memberships__user=user).order_by(
            "-ended_at", "-pk"
        )
    )


# How the other person of an ended couple is named to the one who is left.
FORMER_PARTNER = gettext_lazy("a former partner")


def as_former_member(rows, viewer) -> list:
    """Agreements or their events of an ended couple, as one of its former members sees them.

    Only the viewer is named; the other person shows as "a former partner", as they do once
    their account is deleted. Nothing of theirs, not even a name they change later, is
    shared after the link ended. The rows are changed in memory only, never saved.
    """
    rows = list(rows)
    for row in rows:
        for obj in (row, getattr(row, "agreement", None)):
            for field in ("actor", "proposed_by", "accepted_by"):
                if obj is not None and getattr(obj, f"{field}_id", None) not in (None, viewer.pk):
                    setattr(obj, field, None)
    return rows


def partner_in(couple: Couple, user):
    """The other person in a couple loaded by `current_couple`."""
    for membership in couple.memberships.all():
        if membership.user_id != user.pk:
            return membership.user
    return None


def pending_invitation(user) -> Invitation | None:
    """The user's invitation that still works; an expired one no longer counts."""
    return Invitation.objects.filter(
        inviter=user, status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
    ).first()


def invitation_for_my_email(user) -> Invitation | None:
    """A working invitation sent to one of the user's verified addresses, from someone else.

    It finds the invitation again when the person signed up in another browser than the one
    that opened the link.
    """
    from allauth.account.models import EmailAddress

    addresses = EmailAddress.objects.filter(user=user, verified=True).values("email")
    return (
        Invitation.objects.select_related("inviter")
        .filter(
            status=Invitation.Status.PENDING,
            expires_at__gt=timezone.now(),
            email__in=addresses,
        )
        .exclude(inviter=user)
        .order_by("-created_at")
        .first()
    )


def invitation_by_code(raw_code: str) -> Invitation | None:
    code = normalize_code(raw_code or "")
    if not code:
        return None
    return Invitation.objects.select_related("inviter").filter(code=code).first()


def behaviors_for(couple):
    """What a couple rates in a new check-in: the active catalog and their own active ones."""
    return Behavior.objects.visible_to(couple).active().select_related("category")


def categories():
    return list(Category.objects.all())


def _agreements(couple):
    return Agreement.objects.filter(couple=couple).select_related(
        "behavior__category", "proposed_by", "accepted_by"
    )


def agreements_current(couple) -> list[Agreement]:
    """Agreements in force and proposals waiting, in catalog order (one query)."""
    return list(
        _agreements(couple)
        .filter(status__in=[Agreement.Status.ACCEPTED, Agreement.Status.PROPOSED])
        .order_by("behavior__category__position", "behavior__position", "behavior_id")
    )


def agreements_in_force_at(couple_id, moment) -> dict[int, Agreement]:
    """The agreements that were in force at a moment: accepted by then, not yet superseded."""
    in_force = Agreement.objects.filter(
        Q(closed_at__isnull=True) | Q(closed_at__gt=moment),
        couple_id=couple_id,
        status__in=[
            Agreement.Status.ACCEPTED,
            Agreement.Status.SUPERSEDED,
            Agreement.Status.LAPSED,
        ],
        accepted_at__lte=moment,
    )
    return {a.behavior_id: a for a in in_force}


def agreements_waiting_for(user) -> int:
    """How many of the partner's proposals wait for this user's answer (one query)."""
    if not user.is_authenticated:
        return 0
    return (
        Agreement.objects.filter(
            status=Agreement.Status.PROPOSED,
            couple__ended_at__isnull=True,
            couple__memberships__user=user,
            couple__memberships__left_at__isnull=True,
        )
        .exclude(proposed_by=user)
        .count()
    )


def agreements_due(couple) -> list[Agreement]:
    """Agreements in force whose revisit date has come."""
    return list(
        _agreements(couple)
        .filter(status=Agreement.Status.ACCEPTED, revisit_on__lte=timezone.localdate())
        .order_by("behavior__category__position", "behavior__position", "behavior_id")
    )


def agreement_history(couple, behavior_id=None, *, viewer=None):
    """Every step of the couple's agreements, newest first.

    With a `viewer` and a couple that ended: a list, as that former member sees it.
    """
    events = AgreementEvent.objects.filter(couple=couple).select_related(
        "actor",
        "behavior__category",
        "agreement__behavior__category",
        "agreement__proposed_by",
        "agreement__accepted_by",
    )
    if behavior_id is not None:
        events = events.filter(behavior_id=behavior_id)
    events = events.order_by("-at", "-pk")
    if viewer is not None and not couple.is_active:
        return as_former_member(events, viewer)
    return events


def therapist_links(couple):
    """The couple's therapist links, newest first, with profile and consents (two queries)."""
    return list(
        TherapistLink.objects.filter(couple=couple)
        .select_related("therapist__therapist_profile")
        .prefetch_related("consents")
    )


def therapists_waiting_for(user, couple) -> list:
    """Therapist links of the couple still open and waiting for this partner's consent (one
    query, with the therapists' profiles)."""
    return list(
        TherapistLink.objects.filter(couple=couple, revoked_at=None)
        .exclude(consents__user=user)
        .select_related("therapist__therapist_profile")
        .order_by("created_at")
    )


def access_log(couple):
    return AccessLogEntry.objects.filter(couple=couple).order_by("-at", "-pk")


def partners_of(couple) -> list:
    return [
        m.user
        for m in couple.memberships.filter(left_at=None).select_related("user").order_by("user_id")
    ]


def consenting_partners_subquery():
    """Per link: how many of the couple's current partners have consented."""
    return Subquery(
        TherapistConsent.objects.filter(
            link=OuterRef("pk"),
            user__memberships__couple=OuterRef("couple"),
            user__memberships__left_at__isnull=True,
        )
        .values("link")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )


def _consented(**which):
    """Open links of a couple still together that both its current partners consented to."""
    return (
        TherapistLink.objects.filter(revoked_at=None, couple__ended_at=None, **which)
        .annotate(consenting=consenting_partners_subquery())
        .filter(consenting=2)
    )


def active_links(therapist):
    """Links through which the therapist may see the couple now (before the MFA check)."""
    return _consented(therapist=therapist)


def consented_links(couple) -> list:
    """The couple's links both partners consented to, with the therapists' profiles."""
    return list(
        _consented(couple=couple)
        .select_related("therapist__therapist_profile")
        .order_by("created_at")
    )
