"""Therapists and the couples who let them in: profile, client codes, connecting, consent,
ending access, session notes, and writing the access log."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications import services as notification_services
from notifications.kinds import Kind

from .. import versions
from ..errors import NotFound
from ..models import (
    AccessLogEntry,
    Couple,
    SessionNote,
    TherapistConsent,
    TherapistInvitation,
    TherapistLink,
    TherapistProfile,
    normalize_code,
)
from .couples import lock_current_couple
from .invitations import check_code_guesses, count_code_guess

CLIENT_INVITATION_DAYS = 30


# What consenting means, said the same way on the page and in the API.
WILL_SEE = [
    gettext_lazy(
        "Your completed check-ins: the side-by-side report, with both of your answers and "
        "notes, and the conversation cards."
    ),
    gettext_lazy(
        "Your agreements in force and their history, and how things changed between check-ins."
    ),
    gettext_lazy(
        "A private “I can't answer this honestly right now” note, if either of you set one."
    ),
]


WILL_NOT_SEE = [
    gettext_lazy("Answers from a check-in that both of you have not yet submitted."),
    gettext_lazy("Anything at all once either of you ends their access."),
]


def require_therapist(user):
    if not user.is_authenticated or not user.is_therapist:
        raise NotFound(_("Not a therapist account."))


def profile_save(*, user, **fields) -> TherapistProfile:
    require_therapist(user)
    profile = TherapistProfile.objects.filter(user=user).first() or TherapistProfile(user=user)
    for name, value in fields.items():
        setattr(profile, name, value.strip() if isinstance(value, str) else value)
    profile.full_clean()
    profile.save()
    return profile


def invitation_create(*, therapist, label: str = "") -> TherapistInvitation:
    require_therapist(therapist)
    if not TherapistProfile.objects.filter(user=therapist).exists():
        raise ValidationError(_("Fill in your professional profile first; couples see it."))
    invitation = TherapistInvitation(
        therapist=therapist,
        label=(label or "").strip(),
        expires_at=timezone.now() + timedelta(days=CLIENT_INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    return invitation


def invitation_by_code(raw_code: str) -> TherapistInvitation | None:
    code = normalize_code(raw_code or "")
    if not code:
        return None
    return (
        TherapistInvitation.objects.select_related("therapist__therapist_profile")
        .filter(code=code)
        .first()
    )


def _lock_couple(user) -> Couple:
    return lock_current_couple(
        user, why=_("Link with your partner first; a therapist sees you as a couple.")
    )


def connect(*, user, code: str) -> TherapistLink:
    """A partner enters a therapist's code and consents; the other partner still has to."""
    check_code_guesses(user)
    invitation = invitation_by_code(code)
    if invitation is None:
        count_code_guess(user)
        raise ValidationError({"code": [_("We could not find that code. Check it and try again.")]})
    with transaction.atomic():
        couple = _lock_couple(user)
        invitation = TherapistInvitation.objects.select_for_update().get(pk=invitation.pk)
        link = TherapistLink.objects.filter(
            couple=couple, therapist=invitation.therapist, revoked_at=None
        ).first()
        if link is None:
            if not invitation.is_usable:
                raise ValidationError(
                    {"code": [_("This code was used or has expired. Ask for a new one.")]}
                )
            invitation.used_at = timezone.now()
            invitation.save(update_fields=["used_at"])
            link = TherapistLink.objects.create(
                couple=couple, therapist=invitation.therapist, invitation=invitation
            )
        TherapistConsent.objects.get_or_create(link=link, user=user)
        _tell_of_consent(couple, user, link)
    return link


def _all_consented(couple, link) -> bool:
    partner_ids = set(couple.memberships.filter(left_at=None).values_list("user_id", flat=True))
    return partner_ids <= set(link.consents.values_list("user_id", flat=True))


def _tell_of_consent(couple, user, link) -> None:
    """The partner hears that a therapist waits for them; once both have consented, the
    therapist hears it, and not before."""
    if _all_consented(couple, link):
        notification_services.notify_therapist(
            link_row=link,
            kind=Kind.THERAPIST_CONSENTED,
            names=notification_services.couple_names(couple),
        )
    else:
        notification_services.notify_partner(
            couple=couple,
            actor=user,
            kind=Kind.THERAPIST_WAITING,
            event_key=link.pk,
            link=reverse("therapists"),
        )


def consent(*, user, link_id: int) -> TherapistLink:
    with transaction.atomic():
        couple = _lock_couple(user)
        link = TherapistLink.objects.filter(pk=link_id, couple=couple, revoked_at=None).first()
        if link is None:
            raise NotFound(_("No such therapist link."))
        try:
            with transaction.atomic():
                TherapistConsent.objects.get_or_create(link=link, user=user)
        except IntegrityError:
            pass  # consented twice at once: once is what counts
        _tell_of_consent(couple, user, link)
    return link


def revoke(*, user, link_id: int) -> TherapistLink:
    """Either partner ends the therapist's access, at once, without asking the other."""
    with transaction.atomic():
        couple = _lock_couple(user)
        link = TherapistLink.objects.filter(pk=link_id, couple=couple).first()
        if link is None:
            raise NotFound(_("No such therapist link."))
        if link.revoked_at is None:
            had_access = _all_consented(couple, link)
            link.revoked_at = timezone.now()
            link.revoked_by = user
            link.save(update_fields=["revoked_at", "revoked_by"])
            if had_access:
                # A therapist still waiting for the second consent never saw the couple,
                # and does not learn who they were now.
                notification_services.notify_therapist(
                    link_row=link,
                    kind=Kind.THERAPIST_ACCESS_ENDED,
                    names=notification_services.couple_names(couple),
                )
    # Ending access must work even while the cache is away; access is checked on every
    # request anyway, before anything cached is shown.
    versions.bump_couples([couple.pk], required=False)
    return link


def log(*, therapist, couple_id: int, what: str, allowed: bool) -> None:
    AccessLogEntry.objects.create(
        therapist=therapist,
        therapist_name=_therapist_name(therapist),
        couple_id=couple_id,
        what=AccessLogEntry.What(what),
        allowed=allowed,
    )


def _therapist_name(therapist) -> str:
    profile = getattr(therapist, "therapist_profile", None)
    return str(profile) if profile else therapist.email


def log_refusal(therapist, couple_id, what) -> None:
    if not TherapistLink.objects.filter(therapist=therapist, couple_id=couple_id).exists():
        return
    recent = AccessLogEntry.objects.filter(
        therapist=therapist,
        couple_id=couple_id,
        allowed=False,
        at__gte=timezone.now() - timedelta(minutes=1),
    )
    if not recent.exists():
        log(therapist=therapist, couple_id=couple_id, what=what, allowed=False)


def log_list_view(therapist, couple_ids) -> None:
    """The client list shows names and counts: that is a look too, logged per couple."""
    AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(
                therapist=therapist,
                therapist_name=_therapist_name(therapist),
                couple_id=couple_id,
                what=AccessLogEntry.What.CLIENT_LIST,
            )
            for couple_id in couple_ids
        ]
    )


def note_add(*, therapist, couple: Couple, text: str) -> SessionNote:
    note = SessionNote(
        therapist=therapist, couple=couple, text=(text or "").replace("\r\n", "\n").strip()
    )
    note.full_clean()
    note.save()
    return note
