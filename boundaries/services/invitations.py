"""Partner invitations and their codes: make, send, cancel, accept, and the limits on
guessing codes."""

from datetime import timedelta

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import services as notification_services
from notifications.emails import html_from_text
from notifications.kinds import Kind
from notifications.models import Email

from ..models import (
    Couple,
    CoupleMembership,
    Invitation,
    User,
    normalize_code,
    validate_printable,
)
from ..selectors import current_couple_id


def _is_linked(user) -> bool:
    return current_couple_id(user) is not None


def invitation_create(*, inviter, email: str = "", base_url: str = "") -> Invitation:
    """A fresh invitation for the inviter's partner; any earlier one stops working.

    With an email address the link is also sent by mail. `base_url` is the site's address
    (scheme and host) for that link.
    """
    email = (email or "").strip().lower()
    try:
        validate_printable(email)
    except ValidationError as error:
        raise ValidationError({"email": error.messages}) from None
    if inviter.is_therapist:
        raise ValidationError(_("Therapist accounts do not join a couple; invite clients instead."))
    if email and email.lower() == inviter.email.lower():
        raise ValidationError(
            {"email": _("That is your own address. Enter your partner's email address.")}
        )
    with transaction.atomic():
        # The same lock as an acceptance takes first, so the two queue instead of deadlocking,
        # and a double click makes one invitation after the other instead of failing.
        User.objects.select_for_update().get(pk=inviter.pk)
        if _is_linked(inviter):
            raise ValidationError(
                _("You are already linked with a partner. Unlink first to invite someone else.")
            )
        Invitation.objects.filter(inviter=inviter, status=Invitation.Status.PENDING).update(
            status=Invitation.Status.CANCELLED
        )
        invitation = Invitation(
            inviter=inviter,
            email=email,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_LIFETIME_DAYS),
        )
        invitation.full_clean()
        invitation.save()
    invitation.email_problem = ""
    if email:
        invitation.email_problem = _send_invitation_email(invitation, base_url=base_url)
    return invitation


INVITATION_EMAILS_PER_DAY = 5


def _email_allowance_left(inviter) -> bool:
    """A few invitation emails a day per person, so nobody can use us to send mail at will."""
    key = f"invitation-emails:{inviter.pk}:{timezone.now():%Y-%m-%d}"
    cache.add(key, 0, timeout=60 * 60 * 24)
    return cache.incr(key) <= INVITATION_EMAILS_PER_DAY


def invitation_link(invitation: Invitation, *, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("invitation_detail", args=[invitation.code])


def _send_invitation_email(invitation: Invitation, *, base_url: str) -> str:
    """Send the link; return why it could not be sent, or "" when it was.

    The invitation stands either way, and the person can share the code instead.
    """
    if not _email_allowance_left(invitation.inviter):
        return _(
            "You have sent as many invitation emails as we allow in a day, so this one was not "
            "emailed. Share the code instead."
        )
    context = {
        "inviter_name": invitation.inviter.name,
        "code": invitation.display_code,
        "link": invitation_link(invitation, base_url=base_url),
        "expires_at": invitation.expires_at,
    }
    subject = render_to_string("boundaries/email/invitation_subject.txt", context)
    body = render_to_string("boundaries/email/invitation_body.txt", context)
    # Handed to the outbox: sent by a task, tried again if the mail server is away.
    notification_services.email_queue(
        to=invitation.email,
        subject=subject,
        body_text=body,
        body_html=html_from_text(body),
        category=Email.Category.INVITATION,
    )
    return ""


def invitation_cancel(*, inviter) -> int:
    """Stop the inviter's waiting invitation. Returns how many were stopped (0 or 1)."""
    return Invitation.objects.filter(inviter=inviter, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.CANCELLED
    )


CODE_GUESSES_PER_HOUR = 10


MISS_WINDOW_SECONDS = 60 * 60


def _misses_key(who: str) -> str:
    return f"code-misses:{who}"


def _too_many_misses(who: str, limit: int) -> bool:
    return cache.get(_misses_key(who), 0) >= limit


def _count_miss(who: str) -> None:
    """One more code that matched nothing, counted for an hour from the first."""
    key = _misses_key(who)
    cache.add(key, 0, timeout=MISS_WINDOW_SECONDS)
    cache.incr(key)


def check_code_guesses(user) -> None:
    """Codes are long and expire, and a person may mistype only so often in an hour."""
    if _too_many_misses(f"user:{user.pk}", CODE_GUESSES_PER_HOUR):
        raise ValidationError(
            {"code": [_("Too many codes that did not work. Please wait an hour and try again.")]}
        )


def count_code_guess(user) -> None:
    _count_miss(f"user:{user.pk}")


# Opening a link or previewing a therapist's code needs no account, so it is counted per
# client address, the one the trusted proxy saw (allauth's get_client_ip, which follows
# ALLAUTH_TRUSTED_PROXY_COUNT, as its own limits do): a few misses an hour are a typo, a
# stream of them is someone guessing.
CODE_LOOKUPS_PER_HOUR = 20


def look_up_code(request, lookup, code):
    """`lookup(code)` for someone who may have no account; (what it found, paused).

    Paused: this address had too many unknown codes lately, and nothing was looked up.
    """
    who = "address:" + get_adapter().get_client_ip(request)
    if _too_many_misses(who, CODE_LOOKUPS_PER_HOUR):
        return None, True
    found = lookup(code)
    if found is None:
        _count_miss(who)
    return found, False


def invitation_accept(*, user, code: str) -> Couple:
    """Link the user with whoever sent the invitation.

    Every refusal is a ValidationError on "code" with a message a person can act on, and
    changes nothing.
    """
    normalized = normalize_code(code or "")
    if not normalized:
        raise ValidationError({"code": _("Enter the code your partner gave you.")})
    check_code_guesses(user)
    if not Invitation.objects.filter(code=normalized).exists():
        count_code_guess(user)
    with transaction.atomic():
        invitation = _locked_invitation(normalized, user)
        _check_can_accept(invitation, user)
        now = timezone.now()
        couple = _couple_of(invitation.inviter, user, since=now)
        invitation.status = Invitation.Status.ACCEPTED
        invitation.accepted_by = user
        invitation.accepted_at = now
        invitation.couple = couple
        invitation.save(update_fields=["status", "accepted_by", "accepted_at", "couple"])
        # The accepting partner may have sent an invitation of their own; it is moot now.
        invitation_cancel(inviter=user)
        notification_services.notify(
            recipients=[invitation.inviter],
            kind=Kind.INVITATION_ACCEPTED,
            event_key=couple.pk,
            link=reverse("home"),
            couple=couple,
            partner_name=user.name,
        )
    return couple


def _locked_invitation(code: str, user) -> Invitation | None:
    """The invitation with this code, locked, after both people it involves.

    Both are locked first, always in the same order: any two acceptances that involve the
    same person then run one after the other, and neither can deadlock the other.
    """
    inviter_id = Invitation.objects.filter(code=code).values_list("inviter_id", flat=True).first()
    people = [pk for pk in (inviter_id, user.pk) if pk is not None]
    list(User.objects.select_for_update().filter(pk__in=people).order_by("pk"))
    return (
        Invitation.objects.select_for_update().select_related("inviter").filter(code=code).first()
    )


def _couple_of(inviter, user, *, since) -> Couple:
    """A new couple of the two people."""
    couple = Couple.objects.create(created_at=since)
    try:
        # A savepoint, so a lost race surfaces as a message instead of a broken transaction.
        with transaction.atomic():
            CoupleMembership.objects.bulk_create(
                [
                    CoupleMembership(couple=couple, user=inviter, joined_at=since),
                    CoupleMembership(couple=couple, user=user, joined_at=since),
                ]
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"code": _("One of you was linked with someone else a moment ago.")}
        ) from exc
    return couple


def _check_can_accept(invitation: Invitation | None, user) -> None:
    def refuse(message):
        raise ValidationError({"code": message})

    if invitation is None:
        refuse(_("We could not find an invitation with that code. Check it and try again."))
    if invitation.inviter_id == user.pk:
        refuse(_("This is your own invitation. Share it with your partner to link up."))
    if user.is_therapist:
        refuse(_("Therapist accounts do not join a couple."))
    if invitation.status == Invitation.Status.ACCEPTED:
        refuse(_("This invitation has already been used. Ask your partner for a new one."))
    if invitation.status == Invitation.Status.CANCELLED:
        refuse(_("This invitation was replaced or cancelled. Ask your partner for a new one."))
    if invitation.is_expired:
        refuse(_("This invitation has expired. Ask your partner for a new one."))
    if _is_linked(user):
        refuse(_("You are already linked with a partner. Unlink first to accept this."))
    if _is_linked(invitation.inviter):
        refuse(_("The person who invited you is already linked with someone else."))
