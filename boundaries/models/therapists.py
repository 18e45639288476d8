"""Therapists: profile, client codes, the link to a couple, consent, session notes and the
access log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .couples import Couple, new_invitation_code, split_code
from .text import validate_printable, validate_text


class TherapistProfile(models.Model):
    """What a couple sees about a therapist before letting them look at their reports."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="therapist_profile"
    )
    name = models.CharField(_("full name"), max_length=120, validators=[validate_printable])
    credentials = models.CharField(
        _("credentials"),
        max_length=120,
        validators=[validate_printable],
        help_text=_("For example: LMFT, PhD."),
    )
    practice = models.CharField(_("practice"), max_length=160, validators=[validate_printable])
    licensed_in = models.CharField(
        _("where licensed"),
        max_length=160,
        validators=[validate_printable],
        help_text=_("For example: California, license no. 12345."),
    )
    contact_email = models.EmailField(_("contact email"), validators=[validate_printable])

    def __str__(self):
        return f"{self.name}, {self.credentials}"


class TherapistInvitation(models.Model):
    """A code a therapist gives one couple; a partner enters it to connect."""

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_invitations"
    )
    code = models.CharField(max_length=16, unique=True, default=new_invitation_code)
    label = models.CharField(
        _("note for yourself"),
        max_length=80,
        blank=True,
        validators=[validate_printable],
        help_text=_("Only you see it, e.g. the couple's initials."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Client invitation {self.pk}"  # never the code: it is a key

    @property
    def display_code(self) -> str:
        return split_code(self.code)

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()


class TherapistLink(models.Model):
    """A couple's connection to a therapist. Access needs both partners' consent and ends the
    moment either revokes it."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="therapist_links")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_links"
    )
    invitation = models.ForeignKey(
        TherapistInvitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["couple", "therapist"],
                condition=Q(revoked_at__isnull=True),
                name="one_open_link_per_couple_and_therapist",
            )
        ]

    def __str__(self):
        return f"{self.therapist} for {self.couple}"

    @property
    def consented_ids(self) -> set[int]:
        return {consent.user_id for consent in self.consents.all()}


class TherapistConsent(models.Model):
    link = models.ForeignKey(TherapistLink, on_delete=models.CASCADE, related_name="consents")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["link", "user"], name="one_consent_per_partner")
        ]

    def __str__(self):
        return f"{self.user} consents to {self.link}"


class SessionNote(models.Model):
    """A therapist's private note about a couple. Nobody else ever sees it."""

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_notes"
    )
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("note"), max_length=5000, validators=[validate_text])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Note {self.pk}"


class AppendOnlyQuerySet(models.QuerySet):
    """Rows are added, never rewritten or removed through the ORM's bulk calls."""

    def update(self, **kwargs):
        raise TypeError("The access log is append-only.")

    def delete(self):
        raise TypeError("The access log is append-only.")


class AccessLogEntry(models.Model):
    """One look, or refused attempt, by a therapist at a couple's data. Append-only.

    Only deleting the couple itself (or the therapist's account, which keeps the name) touches
    existing entries.
    """

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    therapist_name = models.CharField(max_length=160)

    class What(models.TextChoices):
        """What was looked at: a stable code, shown to the couple in their own language."""

        CLIENT_LIST = "client_list", _("Client list")
        COUPLE = "couple", _("Couple overview")
        REPORT = "report", _("A check-in report")
        NOTES = "notes", _("Session notes")

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="access_log")
    what = models.CharField(max_length=20, choices=What.choices)
    allowed = models.BooleanField(default=True)
    at = models.DateTimeField(default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = _("access log entries")

    def __str__(self):
        return f"{self.therapist_name}: {self.get_what_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The access log is append-only.")
