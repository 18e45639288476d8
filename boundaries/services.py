"""Everything that changes people and their ties. Pages and the API both call these."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, send_mail
from django.db import IntegrityError, transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import versions
from .models import (
    Agreement,
    AgreementEvent,
    Behavior,
    Couple,
    CoupleMembership,
    Invitation,
    User,
    normalize_code,
)

logger = logging.getLogger(__name__)


def _is_linked(user) -> bool:
    return CoupleMembership.objects.filter(user=user, left_at__isnull=True).exists()


def invitation_create(*, inviter, email: str = "", base_url: str = "") -> Invitation:
    """A fresh invitation for the inviter's partner; any earlier one stops working.

    With an email address the link is also sent by mail. `base_url` is the site's address
    (scheme and host) for that link.
    """
    email = (email or "").strip().lower()
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
    subject = " ".join(render_to_string("boundaries/email/invitation_subject.txt", context).split())
    body = render_to_string("boundaries/email/invitation_body.txt", context)
    try:
        send_mail(subject, body, None, [invitation.email])
    except (OSError, BadHeaderError) as exc:
        logger.warning("Invitation email could not be sent: %s", type(exc).__name__)
        return _("The email could not be sent just now. Share the code instead.")
    return ""


def invitation_cancel(*, inviter) -> int:
    """Stop the inviter's waiting invitation. Returns how many were stopped (0 or 1)."""
    return Invitation.objects.filter(inviter=inviter, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.CANCELLED
    )


CODE_GUESSES_PER_HOUR = 10


def check_code_guesses(user) -> None:
    """Codes are long and expire, and a person may mistype only so often in an hour."""
    if cache.get(f"code-guesses:{user.pk}", 0) >= CODE_GUESSES_PER_HOUR:
        raise ValidationError(
            {"code": [_("Too many codes that did not work. Please wait an hour and try again.")]}
        )


def count_code_guess(user) -> None:
    key = f"code-guesses:{user.pk}"
    cache.add(key, 0, timeout=60 * 60)
    cache.incr(key)


# Opening a link or previewing a therapist's code needs no account, so it is counted per
# client address (the proxy-aware one allauth's own limits use): a few misses an hour are a
# typo, a stream of them is someone guessing.
CODE_LOOKUP_RATE = {"look_up_code": "20/h/ip"}


def _code_lookups(request, *, dry_run: bool):
    from allauth.core.internal import ratelimit

    # allauth's public consume() leaves GET requests alone; a lookup is a GET.
    return ratelimit.consume(
        request,
        app="allauth.account",
        action="look_up_code",
        config=CODE_LOOKUP_RATE,
        limit_get=True,
        dry_run=dry_run,
    )


def look_up_code(request, lookup, code):
    """`lookup(code)` for someone who may have no account; (what it found, paused).

    Paused: this address had too many unknown codes lately, and nothing was looked up.
    """
    if _code_lookups(request, dry_run=True) is None:
        return None, True
    found = lookup(code)
    if found is None:
        _code_lookups(request, dry_run=False)
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
        inviter_id = (
            Invitation.objects.filter(code=normalized).values_list("inviter_id", flat=True).first()
        )
        # Lock both people first, always in the same order: any two acceptances that involve
        # the same person then run one after the other, and neither can deadlock the other.
        people = [pk for pk in (inviter_id, user.pk) if pk is not None]
        list(User.objects.select_for_update().filter(pk__in=people).order_by("pk"))
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("inviter")
            .filter(code=normalized)
            .first()
        )
        _check_can_accept(invitation, user)
        now = timezone.now()
        couple = Couple.objects.create(created_at=now)
        try:
            # A savepoint, so a lost race surfaces as a message instead of a broken transaction.
            with transaction.atomic():
                CoupleMembership.objects.bulk_create(
                    [
                        CoupleMembership(couple=couple, user=invitation.inviter, joined_at=now),
                        CoupleMembership(couple=couple, user=user, joined_at=now),
                    ]
                )
        except IntegrityError as exc:
            raise ValidationError(
                {"code": _("One of you was linked with someone else a moment ago.")}
            ) from exc
        invitation.status = Invitation.Status.ACCEPTED
        invitation.accepted_by = user
        invitation.accepted_at = now
        invitation.couple = couple
        invitation.save(update_fields=["status", "accepted_by", "accepted_at", "couple"])
        # The accepting partner may have sent an invitation of their own; it is moot now.
        invitation_cancel(inviter=user)
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


def couple_unlink(*, user) -> Couple:
    """End the user's couple at once: from this moment nothing is shared between the two."""
    with transaction.atomic():
        couple_id = (
            CoupleMembership.objects.filter(user=user, left_at__isnull=True)
            .values_list("couple_id", flat=True)
            .first()
        )
        # Both partners may press "unlink" together: they queue on the couple's row, and the
        # second finds the couple already ended.
        couple = Couple.objects.select_for_update().filter(pk=couple_id).first()
        if couple is None or couple.ended_at is not None:
            raise ValidationError(_("You are not linked with a partner."))
        now = timezone.now()
        couple.ended_at = now
        couple.ended_by = user
        couple.save(update_fields=["ended_at", "ended_by"])
        couple.memberships.filter(left_at__isnull=True).update(left_at=now)
    return couple


def user_update_name(*, user, display_name: str) -> None:
    user.display_name = display_name.strip()
    others = [field.name for field in user._meta.fields if field.name != "display_name"]
    user.clean_fields(exclude=others)
    user.save(update_fields=["display_name"])


def _require_couple(user):
    membership = (
        CoupleMembership.objects.select_related("couple")
        .filter(user=user, left_at__isnull=True)
        .first()
    )
    if membership is None:
        raise ValidationError(_("Link with your partner first; your own behaviors are shared."))
    return membership.couple


MAX_OWN_BEHAVIORS = 100


def behavior_create(*, user, title: str, description: str = "", category) -> Behavior:
    """A behavior of the couple's own; only the two of them ever see it."""
    couple = _require_couple(user)
    if couple.own_behaviors.filter(retired_at__isnull=True).count() >= MAX_OWN_BEHAVIORS:
        raise ValidationError(
            _("You have %(max)d behaviors of your own in use; retire one to add another.")
            % {"max": MAX_OWN_BEHAVIORS}
        )
    behavior = Behavior(
        couple=couple,
        created_by=user,
        title=(title or "").strip(),
        description=(description or "").strip(),
        category=category,
        position=10_000,  # after the catalog's own items in the same category
    )
    behavior.full_clean()
    behavior.save()
    return behavior


def behavior_update(*, behavior: Behavior, title: str, description: str = "", category) -> Behavior:
    """Edit a couple's own behavior. Earlier check-ins show it as it reads now."""
    if behavior.couple_id is None:
        raise ValidationError(_("Catalog behaviors are edited by the Common Ground team."))
    if behavior.checkin_items.exists():
        # Answers were given to these words; changing them would change what was answered.
        raise ValidationError(
            _(
                "This behavior is already part of a check-in, so its words stay as they were "
                "answered. Retire it and add a new one instead."
            )
        )
    behavior.title = (title or "").strip()
    behavior.description = (description or "").strip()
    behavior.category = category
    behavior.full_clean()
    behavior.save(update_fields=["title", "description", "category"])
    return behavior


def behavior_retire(*, behavior: Behavior) -> Behavior:
    """Leave future check-ins; stay in earlier ones and their reports."""
    if behavior.couple_id is None:
        raise ValidationError(_("Catalog behaviors are retired by the Common Ground team."))
    if behavior.retired_at is None:
        behavior.retired_at = timezone.now()
        behavior.save(update_fields=["retired_at"])
    return behavior


# Shared boundary agreements -------------------------------------------------------------


def lock_current_couple(user, *, why: str) -> Couple:
    """The user's current couple, locked: steps that change what a couple shares (agreements,
    therapist access, unlinking) run one at a time. `why` explains a refusal to someone single.
    """
    couple_id = (
        CoupleMembership.objects.filter(user=user, left_at__isnull=True)
        .values_list("couple_id", flat=True)
        .first()
    )
    couple = Couple.objects.select_for_update().filter(pk=couple_id, ended_at=None).first()
    if couple is None:
        raise ValidationError(why)
    return couple


def _lock_couple_of(user) -> Couple:
    return lock_current_couple(
        user, why=_("Link with your partner first; agreements are made together.")
    )


def _record(agreement: Agreement, kind: str, actor, at) -> None:
    AgreementEvent.objects.create(
        agreement=agreement,
        couple_id=agreement.couple_id,
        behavior_id=agreement.behavior_id,
        kind=kind,
        actor=actor,
        at=at,
    )


def agreement_propose(
    *, user, behavior: Behavior, decision: str, conditions: str = "", revisit_on=None, replaces=None
) -> Agreement:
    """Propose a boundary for a behavior. It replaces any proposal still waiting for it.

    `replaces`: the id of the waiting proposal the person saw; if it was changed meanwhile,
    the new proposal is refused rather than replacing one they never read.
    """
    conditions = (conditions or "").replace("\r\n", "\n").strip()
    if decision != Agreement.Decision.CONDITIONAL:
        conditions = ""
    elif not conditions:
        raise ValidationError({"conditions": [_("Say under which conditions it is OK.")]})
    if revisit_on is not None and revisit_on <= timezone.localdate():
        raise ValidationError({"revisit_on": [_("Choose a date after today to revisit it.")]})
    with transaction.atomic():
        couple = _lock_couple_of(user)
        if not Behavior.objects.visible_to(couple).filter(pk=behavior.pk).exists():
            raise ValidationError({"behavior": [_("That behavior is not one of yours.")]})
        now = timezone.now()
        open_one = Agreement.objects.filter(
            couple=couple, behavior=behavior, status=Agreement.Status.PROPOSED
        ).first()
        if replaces is not None and (open_one is None or open_one.pk != replaces):
            raise ValidationError(
                _("This proposal changed a moment ago. Look at it again before proposing.")
            )
        if open_one is not None:
            open_one.status = Agreement.Status.REPLACED
            open_one.closed_at = now
            open_one.save(update_fields=["status", "closed_at"])
        agreement = Agreement(
            couple=couple,
            behavior=behavior,
            decision=decision,
            conditions=conditions,
            revisit_on=revisit_on,
            proposed_by=user,
            proposed_at=now,
            replaces=open_one,
        )
        agreement.full_clean()
        agreement.save()
        kind = AgreementEvent.Kind.CHANGED if open_one else AgreementEvent.Kind.PROPOSED
        _record(agreement, kind, user, now)
        versions.bump_couples([couple.pk])
    return agreement


def _locked_open_agreement(user, agreement_id) -> tuple[Couple, Agreement]:
    couple = _lock_couple_of(user)
    agreement = Agreement.objects.filter(pk=agreement_id, couple=couple).first()
    if agreement is None:
        raise Http404(_("No such agreement."))
    if not agreement.is_open:
        raise ValidationError(
            _("This proposal is no longer open: it was %(what)s.")
            % {"what": agreement.get_status_display().lower()}
        )
    return couple, agreement


def agreement_accept(*, user, agreement_id: int) -> Agreement:
    """The other partner agrees: it comes into force and supersedes the earlier one."""
    with transaction.atomic():
        done = Agreement.objects.filter(
            pk=agreement_id, status=Agreement.Status.ACCEPTED, accepted_by=user
        ).first()
        if done is not None and done.couple.memberships.filter(user=user, left_at=None).exists():
            return done  # a double click: it is accepted already
        couple, agreement = _locked_open_agreement(user, agreement_id)
        if agreement.proposed_by_id == user.pk:
            raise ValidationError(_("You proposed this one; your partner is the one to accept it."))
        now = timezone.now()
        earlier = Agreement.objects.filter(
            couple=couple, behavior_id=agreement.behavior_id, status=Agreement.Status.ACCEPTED
        ).first()
        if earlier is not None:
            earlier.status = Agreement.Status.SUPERSEDED
            earlier.closed_at = now
            earlier.save(update_fields=["status", "closed_at"])
            _record(earlier, AgreementEvent.Kind.SUPERSEDED, user, now)
        agreement.status = Agreement.Status.ACCEPTED
        agreement.accepted_by = user
        agreement.accepted_at = now
        agreement.save(update_fields=["status", "accepted_by", "accepted_at"])
        _record(agreement, AgreementEvent.Kind.ACCEPTED, user, now)
        versions.bump_couples([couple.pk])
    return agreement


def agreement_withdraw(*, user, agreement_id: int) -> Agreement:
    """The proposer takes back a proposal that is still waiting."""
    with transaction.atomic():
        couple, agreement = _locked_open_agreement(user, agreement_id)
        if agreement.proposed_by_id != user.pk:
            raise ValidationError(
                _("Only the partner who proposed it can withdraw it; you can propose a change.")
            )
        now = timezone.now()
        agreement.status = Agreement.Status.WITHDRAWN
        agreement.closed_at = now
        agreement.save(update_fields=["status", "closed_at"])
        _record(agreement, AgreementEvent.Kind.WITHDRAWN, user, now)
        versions.bump_couples([couple.pk])
    return agreement
