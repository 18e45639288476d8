from django import forms
from django.utils.translation import gettext_lazy as _

from boundaries.models import time_zone_names

from .kinds import kinds_for


def _zones():
    return [(name, name.replace("_", " ")) for name in sorted(time_zone_names())]


class NotificationSettingsForm(forms.Form):
    """One checkbox per kind the person can receive, how subjects read, and the time zone."""

    discreet_subjects = forms.BooleanField(
        label=_("Keep subjects discreet"),
        required=False,
        help_text=_(
            "The subject then only says that something is waiting for you, never what. "
            "Good for an inbox others might see."
        ),
    )
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        help_text=_("Dates are shown in it, and we hold email between 21:00 and 08:00 there."),
    )

    def __init__(self, *args, user, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds_for(user)
        self.fields["time_zone"].choices = _zones()
        self.initial.setdefault("time_zone", user.time_zone)
        self.initial.setdefault("discreet_subjects", choices.discreet_subjects)
        for kind in self.kinds:
            self.fields[f"email_{kind}"] = forms.BooleanField(
                label=kind.label, required=False, initial=choices.wants_email(kind)
            )

    def email_fields(self):
        return [self[f"email_{kind}"] for kind in self.kinds]

    def emails(self) -> dict[str, bool]:
        return {str(kind): self.cleaned_data[f"email_{kind}"] for kind in self.kinds}
