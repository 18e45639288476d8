"""Therapists and the couples who let them in: writes and the one access rule.

A therapist sees a couple's data only while the link is open, every current partner has
consented, and the therapist has two-factor authentication on. Every look, and every refused
attempt, is logged for the couple to read.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import versions
from .mfa import passed_second_factor, session_of
from .models import (
    AccessLogEntry,
    Couple,
    SessionNote,
    TherapistConsent,
    TherapistInvitation,
    TherapistLink,
    TherapistProfile,
    normalize_code,
)
from .services import check_code_guesses, count_code_guess, lock_current_couple

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


def mfa_enabled(user) -> bool:
    from allauth.mfa.utils import is_mfa_enabled

    return is_mfa_enabled(user)


def session_recently_reauthenticated(request) -> bool:
    """Did this session confirm the password (or a second factor) again in the last minutes?

    Pages ask through allauth's decorator; API clients call allauth's
    /_allauth/app/v1/auth/reauthenticate with their token, which records it in the token's
    session, so the same allauth rule is asked about that session.
    """
    from types import SimpleNamespace

    from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate

    return did_recently_reauthenticate(
        SimpleNamespace(user=request.user, session=session_of(request))
    )


class SecondFactorNeeded(Http404):
    """A therapist's session that has not passed the second factor: no client data yet.

    It is a 404 for the API; pages catch it and say what to do (`step`: "setup" when the
    account has no second factor yet, "login" when this session signed in without it).
    """

    def __init__(self, step: str):
        super().__init__("Log in with your second factor to see client data.")
        self.step = step


def clients_therapist_or_404(request):
    """The requesting therapist, if this very session may touch client data or client codes.

    The one rule for every therapist page and endpoint that shows couples, reports, notes or
    codes: a therapist account, and a session (cookie or API token) that passed the second
    factor. Anyone else gets a 404.
    """
    user = request.user
    _require_therapist(user)
    if not passed_second_factor(request):
        raise SecondFactorNeeded("login" if mfa_enabled(user) else "setup")
    return user


MAX_ID = 2**63 - 1


def _require_therapist(user):
    if not user.is_authenticated or not user.is_therapist:
        raise Http404("Not a therapist account.")


def profile_save(*, user, **fields) -> TherapistProfile:
    _require_therapist(user)
    profile = TherapistProfile.objects.filter(user=user).first() or TherapistProfile(user=user)
    for name, value in fields.items():
        setattr(profile, name, value.strip() if isinstance(value, str) else value)
    profile.full_clean()
    profile.save()
    return profile


def invitation_create(*, therapist, label: str = "") -> TherapistInvitation:
    _require_therapist(therapist)
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
    return link


def consent(*, user, link_id: int) -> TherapistLink:
    with transaction.atomic():
        couple = _lock_couple(user)
        link = TherapistLink.objects.filter(pk=link_id, couple=couple, revoked_at=None).first()
        if link is None:
            raise Http404("No such therapist link.")
        try:
            with transaction.atomic():
                TherapistConsent.objects.get_or_create(link=link, user=user)
        except IntegrityError:
            pass  # consented twice at once: once is what counts
    return link


def revoke(*, user, link_id: int) -> TherapistLink:
    """Either partner ends the therapist's access, at once, without asking the other."""
    with transaction.atomic():
        couple = _lock_couple(user)
        link = TherapistLink.objects.filter(pk=link_id, couple=couple).first()
        if link is None:
            raise Http404("No such therapist link.")
        if link.revoked_at is None:
            link.revoked_at = timezone.now()
            link.revoked_by = user
            link.save(update_fields=["revoked_at", "revoked_by"])
    # Ending access must work even while the cache is away; access is checked on every
    # request anyway, before anything cached is shown.
    versions.bump_couples([couple.pk], required=False)
    return link


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


def active_links(therapist):
    """Links through which the therapist may see the couple now (before the MFA check)."""
    return (
        TherapistLink.objects.filter(therapist=therapist, revoked_at=None, couple__ended_at=None)
        .annotate(consenting=consenting_partners_subquery())
        .filter(consenting=2)
    )


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


def client_couple_or_404(request, couple_id, *, what: str) -> Couple:
    """The couple, if the requesting therapist may see it right now; logged either way."""
    couple, _found = client_item_or_404(request, couple_id, what=what, find=lambda c: c)
    return couple


def client_item_or_404(request, couple_id, *, what: str, find):
    """(couple, item): one thing of a client couple (`find(couple)`, e.g. a finished report),
    if the requesting therapist may see it right now. One log entry either way.

    Anyone else gets a 404. A refusal (no consent, no second factor in this session, nothing
    found) by a therapist who was once connected is logged for the couple too, once a minute
    at most, so refused attempts cannot bury the real entries.
    """
    therapist = request.user
    _require_therapist(therapist)
    if not 0 < couple_id <= MAX_ID:
        raise Http404("No such client couple.")
    if not passed_second_factor(request):
        _log_refusal(therapist, couple_id, what)
        raise SecondFactorNeeded("login" if mfa_enabled(therapist) else "setup")
    link = active_links(therapist).filter(couple_id=couple_id).select_related("couple").first()
    item = find(link.couple) if link is not None else None
    if item is None:
        _log_refusal(therapist, couple_id, what)
        raise Http404("No such client couple.")
    log(therapist=therapist, couple_id=couple_id, what=what, allowed=True)
    return link.couple, item


def _log_refusal(therapist, couple_id, what) -> None:
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
