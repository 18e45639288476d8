from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Behavior, User, validate_printable


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form gains (pages and the headless API alike)."""

    display_name = forms.CharField(
        label=_("Your first name (optional)"),
        max_length=60,
        required=False,
        validators=[validate_printable],
        help_text=_("Your partner sees this name. You can change it later."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )

    def signup(self, request, user):
        # The adapter stores the name while saving the user; nothing more to do here.
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


class BehaviorForm(forms.ModelForm):
    class Meta:
        model = Behavior
        fields = ["title", "description", "category"]
        labels = {"title": _("What is it?"), "description": _("A line to explain it (optional)")}
        help_texts = {"title": _("For example: “Texting an ex on their birthday”.")}
