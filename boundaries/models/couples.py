"""Couples, who is in them, and the invitations (with their codes) that link two people."""

import secrets
import unicodedata
from datetime import UTC, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Couple(models.Model):
    """Two linked partners. Ending a couple stops all sharing; its history stays."""

    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CoupleMembership", related_name="couples"
    )

    class Rhythm(models.IntegerChoices):
        NEVER = 0, _("No reminders")
        TWO_WEEKS = 2, _("Every 2 weeks")
        FOUR_WEEKS = 4, _("Every 4 weeks")
        EIGHT_WEEKS = 8, _("Every 8 weeks")
        TWELVE_WEEKS = 12, _("Every 12 weeks")

    checkin_every_weeks = models.PositiveSmallIntegerField(
        _("check in"), choices=Rhythm.choices, default=Rhythm.NEVER
    )
    rhythm_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Couple #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    def next_checkin_due(self, *, last_completed):
        """The date the next check-in is due, or None when the couple chose no rhythm.

        Counted from the last finished check-in, or from when the rhythm was chosen (or
        the couple linked) if that came later.
        """
        if not self.checkin_every_weeks:
            return None
        since = max(
            moment
            for moment in (last_completed, self.rhythm_changed_at, self.created_at)
            if moment is not None
        )
        # One date for both partners, wherever each lives, on the pages and in the schedule.
        return since.astimezone(UTC).date() + timedelta(weeks=self.checkin_every_weeks)


class CoupleMembership(models.Model):
    """One partner's place in a couple.

    The database allows each person one current membership at a time, so a race between two
    acceptances can never put someone in two couples.
    """

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["couple", "user"], name="membership_once_per_couple"),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(left_at__isnull=True),
                name="one_current_couple_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.couple}"


# Crockford's base 32: no I, L, O or U, so a code read out loud is hard to mistype.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # 50 bits: far beyond guessing within an invitation's lifetime.


def new_invitation_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str) -> str:
    """What a person typed, as stored: upper case, no spaces or dashes, look-alikes mapped.

    A whole pasted link works too, and so do the full-width letters some phone keyboards type.
    """
    raw = unicodedata.normalize("NFKC", raw)
    if "/invite/" in raw:
        raw = raw.split("/invite/", 1)[1].split("/", 1)[0]
    cleaned = "".join(ch for ch in raw.upper() if ch.isascii() and ch.isalnum())
    return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def split_code(code: str) -> str:
    """A code in two halves, easier to read out: 7K3M9-QW2XA."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        ACCEPTED = "accepted", _("Accepted")
        CANCELLED = "cancelled", _("Replaced or cancelled")

    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    code = models.CharField(max_length=16, unique=True, default=new_invitation_code)
    email = models.EmailField(
        blank=True, help_text=_("Where the invitation was sent, if it was sent by email.")
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_accepted",
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    couple = models.ForeignKey(
        Couple, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["inviter"],
                condition=Q(status="pending"),
                name="one_pending_invitation_per_inviter",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "accepted", "cancelled"]),
                name="invitation_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(accepted_at__isnull=False),
                name="accepted_invitation_has_time",
            ),
        ]

    def __str__(self):
        return f"Invitation {self.pk} from {self.inviter}"  # never the code: it is a key

    @property
    def display_code(self) -> str:
        return split_code(self.code)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.status == self.Status.PENDING and not self.is_expired
