"""Shared boundary agreements and the history of every proposal and change."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .catalog import Behavior
from .couples import Couple
from .text import validate_text

CONDITIONS_MAX_LENGTH = 1000


class Agreement(models.Model):
    """One proposal for a shared boundary on one behavior, and what became of it.

    Only an accepted agreement is in force, one per behavior; a newer accepted one supersedes
    it. Rows are never edited in substance or deleted: a change is a new proposal that
    replaces the open one, and the events below record every step.
    """

    class Decision(models.TextChoices):
        OK = "ok", _("OK")
        NOT_OK = "not_ok", _("Not OK")
        CONDITIONAL = "conditional", _("OK with conditions")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for an answer")
        ACCEPTED = "accepted", _("In force")
        REPLACED = "replaced", _("Replaced by a change")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SUPERSEDED = "superseded", _("Superseded by a newer agreement")
        LAPSED = "lapsed", _("Let lapse after a revisit")

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="agreements")
    behavior = models.ForeignKey(Behavior, on_delete=models.PROTECT, related_name="agreements")
    decision = models.CharField(max_length=12, choices=Decision.choices)
    conditions = models.TextField(
        _("conditions"), max_length=CONDITIONS_MAX_LENGTH, blank=True, validators=[validate_text]
    )
    revisit_on = models.DateField(_("revisit on"), null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When it was replaced, withdrawn, superseded or let lapse."),
    )
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_revisited_at = models.DateTimeField(
        _("last revisited"), null=True, blank=True, help_text=_("When a revisit last decided.")
    )

    class Meta:
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["couple", "behavior"],
                condition=Q(status="proposed"),
                name="one_open_proposal_per_behavior",
            ),
            models.UniqueConstraint(
                fields=["couple", "behavior"],
                condition=Q(status="accepted"),
                name="one_agreement_in_force_per_behavior",
            ),
            models.CheckConstraint(
                condition=~Q(decision="conditional") | ~Q(conditions=""),
                name="conditional_agreement_has_conditions",
            ),
            models.CheckConstraint(
                condition=Q(decision__in=["ok", "not_ok", "conditional"]),
                name="agreement_decision_valid",
            ),
        ]
        indexes = [models.Index(fields=["couple", "status"])]

    def __str__(self):
        return f"{self.get_decision_display()}: {self.behavior}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PROPOSED

    @property
    def is_in_force(self) -> bool:
        return self.status == self.Status.ACCEPTED


class AgreementEvent(models.Model):
    """The history of a couple's agreements: append-only, one row per step."""

    class Kind(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        CHANGED = "changed", _("proposed a change")
        ACCEPTED = "accepted", _("accepted")
        WITHDRAWN = "withdrawn", _("withdrew")
        SUPERSEDED = "superseded", _("superseded")
        RENEWED = "renewed", _("renewed after a revisit")
        REVISED = "revised", _("proposed a change after a revisit")
        LAPSED = "lapsed", _("let lapse after a revisit")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="events")
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="agreement_events")
    behavior = models.ForeignKey(Behavior, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["couple", "behavior", "at"])]

    def __str__(self):
        return f"{self.kind} {self.agreement_id}"
