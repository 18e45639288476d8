"""allauth's account forms with our labels: the fields are allauth's, the words are ours.

Wired in through ACCOUNT_FORMS; each form only renames what a person reads.
"""

from allauth.account import forms as allauth_forms
from allauth.mfa.webauthn.forms import AddWebAuthnForm
from django.utils.translation import gettext_lazy as _


class OurLabels:
    """Mixed in before an allauth form: `labels` renames its fields, and the placeholders
    that repeat the label in another voice go."""

    labels: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.labels.items():
            field = self.fields[name]
            field.label = label
            field.widget.attrs.pop("placeholder", None)


NEW_PASSWORD = {"password1": _("New password"), "password2": _("New password (again)")}


class LoginForm(OurLabels, allauth_forms.LoginForm):
    labels = {"login": _("Email"), "password": _("Password")}


class ChangePasswordForm(OurLabels, allauth_forms.ChangePasswordForm):
    labels = {"oldpassword": _("Your current password"), **NEW_PASSWORD}


class SetPasswordForm(OurLabels, allauth_forms.SetPasswordForm):
    labels = {"password1": _("Password"), "password2": _("Password (again)")}


class ResetPasswordForm(OurLabels, allauth_forms.ResetPasswordForm):
    labels = {"email": _("Email")}


class ResetPasswordKeyForm(OurLabels, allauth_forms.ResetPasswordKeyForm):
    labels = NEW_PASSWORD


class AddEmailForm(OurLabels, allauth_forms.AddEmailForm):
    labels = {"email": _("Another address")}


class PasskeyAddForm(OurLabels, AddWebAuthnForm):
    """Adding a passkey (MFA_FORMS): one that logs in without a password, unless the person
    unticks it (then it is a security key for the second step only)."""

    labels = {
        "name": _("A name, so you can tell it apart (for example “My phone”)"),
        "passwordless": _("Log in with it, without a password"),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("passwordless", True)
        super().__init__(*args, **kwargs)
        self.fields["passwordless"].help_text = _(
            "Your phone or computer asks for your fingerprint, face or PIN each time."
        )
