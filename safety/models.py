"""The private safety check and the help it points to.

A check belongs to one person and one check-in, and is read by that person alone, and by a
consenting therapist only when the person chooses to let them know. The partner never reads
it, and nothing the partner can see depends on it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from translated_fields.utils import TranslatedFieldWithFallback


class SafetyCheck(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_checks"
    )
    checkin = models.ForeignKey(
        "assessments.CheckIn", on_delete=models.CASCADE, related_name="safety_checks"
    )
    answers = models.JSONField(default=dict, blank=True)  # question key -> choice
    skipped = models.BooleanField(default=False)
    concern = models.BooleanField(default=False)
    # The person chose to let the couple's consenting therapist know (and maybe the answers).
    shared_at = models.DateTimeField(null=True, blank=True)
    share_answers = models.BooleanField(default=False)
    # The therapist links it was shared through: those therapists, while their access lasts.
    # A therapist connected later, or one whose access ended and came back, sees nothing.
    shared_with = models.ManyToManyField("boundaries.TherapistLink", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "checkin"], name="one_safety_check_each")
        ]

    def __str__(self):
        return f"Safety check #{self.pk}"


class SupportResource(models.Model):
    """Somewhere to turn: kept by staff in the admin, shown on the private support page."""

    # In each language (an empty one shows the English), as the catalog is.
    name = TranslatedFieldWithFallback(models.CharField(_("name"), max_length=120))
    how_to_reach = TranslatedFieldWithFallback(
        models.CharField(
            _("how to reach them"), max_length=250, help_text=_("A number, a website, or both.")
        )
    )
    region = TranslatedFieldWithFallback(
        models.CharField(
            _("region"), max_length=80, help_text=_("Where it helps, e.g. “United States”.")
        )
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("shown"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("support resource")

    def __str__(self):
        return self.name
