from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    Agreement,
    Behavior,
    Couple,
    TherapistProfile,
    User,
    time_zone_names,
    validate_printable,
    validate_text,
)
from .models.agreements import CONDITIONS_MAX_LENGTH


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form gains (pages and the headless API alike)."""

    display_name = forms.CharField(
        label=_("Your first name (optional)"),
        max_length=60,
        required=False,
        validators=[validate_printable],
        help_text=_(
            "The name the people you share with see: your partner, or your clients. "
            "You can change it later."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    # Filled in by the browser (static/js/app.js); without it, or with a name we do not
    # know, the account starts in UTC and the person can choose in their settings.
    time_zone = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def clean_time_zone(self):
        value = self.cleaned_data.get("time_zone") or ""
        return value if value in time_zone_names() else ""

    def signup(self, request, user):
        # The adapter stores the name and time zone while saving the user.
        pass


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Your partner's email (optional)"),
        required=False,
        help_text=_("We email them a link. Leave it empty to share the code yourself."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=300,
        help_text=_("Spaces, dashes and lower case are fine; so is the whole link."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class NameForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]
        widgets = {"display_name": forms.TextInput(attrs={"autocomplete": "given-name"})}


class RhythmForm(forms.Form):
    checkin_every_weeks = forms.TypedChoiceField(
        label=_("Check in"),
        choices=Couple.Rhythm.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )


class BehaviorForm(forms.ModelForm):
    """A couple's own behavior: the words they write, kept as written (in `title_en`, the
    column both partners read whatever their language)."""

    title = forms.CharField(
        label=_("What is it?"),
        max_length=120,
        validators=[validate_printable],
        help_text=_("For example: “Texting an ex on their birthday”."),
    )
    description = forms.CharField(
        label=_("A line to explain it (optional)"),
        max_length=300,
        required=False,
        validators=[validate_printable],
    )

    class Meta:
        model = Behavior
        fields = ["title", "description", "category"]
        labels = {"category": _("Category")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.update(
                title=self.instance.title_en, description=self.instance.description_en
            )


class AgreementTermsForm(forms.Form):
    """What a boundary says, and when to look at it again."""

    decision = forms.ChoiceField(
        label=_("Our boundary"), choices=Agreement.Decision.choices, widget=forms.RadioSelect
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        max_length=CONDITIONS_MAX_LENGTH,
        validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed for “OK with conditions”: when is it OK?"),
    )
    revisit_on = forms.DateField(
        label=_("Revisit on (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("A date to look at it again together."),
    )


class AgreementForm(AgreementTermsForm):
    behavior = forms.ModelChoiceField(
        label=_("Behavior"), queryset=Behavior.objects.none(), empty_label=_("Choose one…")
    )
    replaces = forms.IntegerField(required=False, widget=forms.HiddenInput)
    field_order = ["behavior", "decision", "conditions", "replaces", "revisit_on"]

    def __init__(self, *args, behaviors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["behavior"].queryset = behaviors


class RenewForm(forms.Form):
    revisit_on = forms.DateField(
        label=_("Look at it again on (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class TherapistProfileForm(forms.ModelForm):
    class Meta:
        model = TherapistProfile
        fields = ["name", "credentials", "practice", "licensed_in", "contact_email"]


class ClientInvitationForm(forms.Form):
    label = forms.CharField(
        label=_("A note for yourself (optional)"),
        max_length=80,
        required=False,
        validators=[validate_printable],
        help_text=_("Only you see it, for example the couple's initials."),
    )


class SessionNoteForm(forms.Form):
    text = forms.CharField(
        label=_("New private note"),
        max_length=5000,
        validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only you ever see your notes, also after the couple ends your access."),
    )
