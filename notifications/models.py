"""What reaches people: notifications (the "What's new" list) and the outgoing email that
carries them, and each person's choices about both."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .kinds import ABOUT, Kind


class Notification(models.Model):
    """Something that happened for one person. One row per person and event, so running
    the same step twice tells nobody twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    event_key = models.CharField(max_length=80)
    couple = models.ForeignKey(
        "boundaries.Couple", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    partner_name = models.CharField(max_length=160, blank=True)
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=200, default="/")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "event_key"], name="one_notification_per_event"
            )
        ]
        indexes = [models.Index(fields=["recipient", "-created_at"])]

    def __str__(self):
        return f"{self.kind} for {self.recipient_id}"

    @property
    def text(self) -> str:
        return capfirst(str(ABOUT[self.kind].text) % self._words())

    @property
    def subject(self) -> str:
        return capfirst(str(ABOUT[self.kind].subject) % self._words())

    def _words(self) -> dict:
        """What the text names, in the language it is read in (stored as names and numbers,
        never as words of the language of whoever caused it)."""
        from boundaries.models import Couple

        partner = self.partner_name
        if names := self.params.get("names"):
            partner = _("a couple")
            if len(names) == 2:
                partner = _("%(first)s and %(second)s") % {"first": names[0], "second": names[1]}
            elif names:
                partner = names[0]
        rhythm = self.params.get("rhythm", "")  # as notices before 3 December 2026 kept it
        if "every_weeks" in self.params:
            labels = dict(Couple.Rhythm.choices)
            rhythm = str(labels.get(self.params["every_weeks"], "")).lower()
        return {"partner": partner, "count": self.params.get("count", 1), "rhythm": rhythm}


class Email(models.Model):
    """One email on its way out. Requests only add rows; a task sends them, retries with
    backoff, and a row that keeps failing stays here for the admin to see."""

    class Category(models.TextChoices):
        NOTIFICATION = "notification", _("Notification")
        ACCOUNT = "account", _("Account and security")
        INVITATION = "invitation", _("Partner invitation")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Not delivered")
        SKIPPED = "skipped", _("Not needed any more")

    category = models.CharField(max_length=16, choices=Category.choices)
    notification = models.OneToOneField(
        Notification, null=True, blank=True, on_delete=models.CASCADE, related_name="email"
    )
    to = models.EmailField()
    subject = models.CharField(max_length=250)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    not_before = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "not_before"])]

    def __str__(self):
        return f"{self.get_category_display()} to {self.to}"


class UndeliveredEmail(Email):
    """The admin's list of what did not go out (yet)."""

    class Meta:
        proxy = True
        verbose_name = _("undelivered email")
        verbose_name_plural = _("undelivered emails")


class NotificationSettings(models.Model):
    """A person's choices. Without a row, the defaults hold: every email on, discreet
    subjects."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    emails_off = models.JSONField(default=list, blank=True)
    # Fingerprints (hashes) of the browsers this person logged in with lately, so a login
    # from another one can be reported.
    known_browsers = models.JSONField(default=list, blank=True)
    discreet_subjects = models.BooleanField(
        _("discreet subjects"),
        default=True,
        help_text=_("Subjects say only that something is waiting, never what."),
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return f"Notification settings of {self.user_id}"

    def wants_email(self, kind) -> bool:
        return str(kind) not in self.emails_off
