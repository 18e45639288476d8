"""Another look at a boundary in force, once its revisit date has come."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boundaries.models import Agreement, Couple

from .checkins import NOTE_MAX_LENGTH, Rating


class Revisit(models.Model):
    """Both partners rate the behavior again, blind; then they see the agreement, their
    earlier answers and the new ones side by side, and one of them decides what becomes of
    it. One open revisit per agreement; a decided one stays as history."""

    class Outcome(models.TextChoices):
        RENEWED = "renewed", _("Kept as it is")
        CHANGED = "changed", _("A change was proposed")
        LAPSED = "lapsed", _("Let lapse")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="revisits")
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="revisits")
    due_on = models.DateField(_("due on"))
    started_at = models.DateTimeField(default=timezone.now)
    both_answered_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The new proposal, when the outcome is a change.
    proposal = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(decided_at=None),
                name="one_open_revisit_per_agreement",
            ),
            models.CheckConstraint(
                condition=Q(outcome="", decided_at=None)
                | (Q(outcome__in=["renewed", "changed", "lapsed"]) & Q(decided_at__isnull=False)),
                name="revisit_outcome_with_decision",
            ),
        ]
        indexes = [models.Index(fields=["couple", "decided_at"])]

    def __str__(self):
        return f"revisit of {self.agreement_id} due {self.due_on}"

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None

    @property
    def both_answered(self) -> bool:
        return self.both_answered_at is not None


class RevisitAnswer(models.Model):
    """One partner's blind answers in a revisit: the survey's two questions, again."""

    revisit = models.ForeignKey(Revisit, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="revisit_answers"
    )
    if_i_do = models.CharField(_("If I did this"), max_length=8, choices=Rating)
    if_partner_does = models.CharField(_("If my partner did this"), max_length=8, choices=Rating)
    note = models.TextField(_("Note"), max_length=NOTE_MAX_LENGTH, blank=True)
    note_private = models.BooleanField(_("Keep the note private"), default=False)
    conditions = models.JSONField(_("It depends on"), default=list, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["revisit", "user"], name="one_revisit_answer_each"),
            models.CheckConstraint(
                condition=Q(if_i_do__in=["ok", "not_ok", "depends"])
                & Q(if_partner_does__in=["ok", "not_ok", "depends"]),
                name="revisit_ratings_valid",
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.revisit}"
