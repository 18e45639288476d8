from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from translated_fields.utils import TranslatedFieldWithFallback

from boundaries.models import Behavior, Couple


class Rating(models.TextChoices):
    OK = "ok", _("OK")
    NOT_OK = "not_ok", _("Not OK")
    DEPENDS = "depends", _("It depends")


NOTE_MAX_LENGTH = 1000


class Condition(models.Model):
    """What "It depends" can depend on: the conditions people name again and again (open or
    hidden, how often, with whom, in person or online, alone or in a group). Staff keep the
    list; every behavior, a couple's own too, offers it."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    label = TranslatedFieldWithFallback(models.CharField(_("label"), max_length=120))
    position = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("condition")

    def __str__(self):
        return self.label


class CheckIn(models.Model):
    """One round of the survey for a couple. Its behaviors are fixed when it starts."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="checkins")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the second partner submitted.")
    )
    behaviors = models.ManyToManyField(Behavior, through="CheckInItem", related_name="+")
    # Worked out once when the round completes, for lists that show many couples at once.
    clash_count = models.PositiveIntegerField(null=True, blank=True)
    agreement_score = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["couple"],
                condition=Q(completed_at__isnull=True),
                name="one_open_checkin_per_couple",
            )
        ]

    def __str__(self):
        return f"Check-in #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.completed_at is None


class CheckInItem(models.Model):
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="items")
    behavior = models.ForeignKey(Behavior, on_delete=models.PROTECT, related_name="checkin_items")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["checkin", "behavior"], name="behavior_once_per_checkin"
            )
        ]

    def __str__(self):
        return f"{self.behavior_id} in {self.checkin}"


class Participation(models.Model):
    """One partner's part in a check-in: whether they submitted, and their private flag."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    cannot_answer_honestly = models.BooleanField(
        default=False,
        help_text=_("Private: only a therapist both partners consented to can see it."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["checkin", "user"], name="one_participation_per_user")
        ]

    def __str__(self):
        return f"{self.user} in {self.checkin}"

    @property
    def has_submitted(self) -> bool:
        return self.submitted_at is not None


class Answer(models.Model):
    """One partner's two ratings of one behavior in one check-in. Either may still be blank."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="answers"
    )
    behavior = models.ForeignKey(Behavior, on_delete=models.PROTECT, related_name="answers")
    if_i_do = models.CharField(_("If I did this"), max_length=8, choices=Rating, blank=True)
    if_partner_does = models.CharField(
        _("If my partner did this"), max_length=8, choices=Rating, blank=True
    )
    note = models.TextField(_("Note"), max_length=NOTE_MAX_LENGTH, blank=True)
    # A private note: the partner never reads it (only its writer and a consenting therapist).
    note_private = models.BooleanField(_("Keep the note private"), default=False)
    # "It depends — on what?": the keys of the conditions ticked (only with an "It depends").
    conditions = models.JSONField(_("It depends on"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["checkin", "user", "behavior"], name="one_answer_per_behavior"
            ),
            models.CheckConstraint(
                condition=Q(if_i_do__in=["", "ok", "not_ok", "depends"]),
                name="if_i_do_valid",
            ),
            models.CheckConstraint(
                condition=Q(if_partner_does__in=["", "ok", "not_ok", "depends"]),
                name="if_partner_does_valid",
            ),
        ]

    def __str__(self):
        return f"{self.user} on {self.behavior}"

    @property
    def is_complete(self) -> bool:
        return bool(self.if_i_do and self.if_partner_does)


class CardProgress(models.Model):
    """The couple's progress on one conversation card: talked about, and what they agreed."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="card_progress")
    card_key = models.CharField(max_length=64)
    talked_about_at = models.DateTimeField(null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed = models.TextField(_("What we agreed"), max_length=NOTE_MAX_LENGTH, blank=True)
    # Taking turns: who speaks now, which turn it is (0: not started), and a break.
    speaker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    turn = models.PositiveIntegerField(default=0)
    paused_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["checkin", "card_key"], name="one_progress_per_card")
        ]

    def __str__(self):
        return f"{self.card_key} in {self.checkin}"

    @property
    def is_paused(self) -> bool:
        """The couple is taking a break from this card, for now."""
        return self.paused_until is not None and self.paused_until > timezone.now()

    @property
    def version(self) -> str:
        """Changes with every save; a form sends it back to detect a partner's newer save."""
        return self.updated_at.isoformat() if self.pk and self.updated_at else ""
