from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.hashers import make_password
from django.utils import translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _

from notifications import services as notification_services
from notifications.emails import html_from_text
from notifications.models import Email

from .models import User, validate_printable

SIGNUP_AS_KEY = "signup_as"


class AccountAdapter(DefaultAccountAdapter):
    # allauth's refusals, in our words (the keys are allauth's).
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account is closed."),
        "cannot_remove_primary_email": _(
            "This is the address we write to, so it stays. Choose another one to write to first."
        ),
        "duplicate_email": _("This address is already on your account."),
        "email_password_mismatch": _(
            "That email and password do not match an account. Check both and try again."
        ),
        "email_taken": _("An account with this email already exists. Log in instead?"),
        "enter_current_password": _("That is not your current password."),
        "incorrect_code": _("That code did not work. Check it and try again."),
        "incorrect_password": _("That is not your current password."),
        "invalid_or_expired_key": _("This link has expired. Ask for a fresh one."),
        "invalid_login": _("That did not work. Check what you typed and try again."),
        "invalid_password_reset": _("This link has expired. Ask for a fresh one."),
        "max_email_addresses": _("An account can have at most %d email addresses."),
        "too_many_login_attempts": _(
            "That was many tries in a row, so logging in is paused for a little while."
        ),
        "unknown_email": _("No account uses this address."),
        "unverified_primary_email": _("The address we write to has to be confirmed first."),
        "select_only_one": _("Choose one."),
        "same_as_current": _("That is the same as now. Choose something different."),
        "rate_limited": _("That was a lot at once. Please wait a moment and try again."),
    }

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = (form.cleaned_data.get("display_name") or "").strip()
        user.time_zone = form.cleaned_data.get("time_zone") or user.time_zone
        # Set by the therapists' own sign-up page, and used once.
        if request is not None and request.session.pop(SIGNUP_AS_KEY, None) == "therapist":
            user.kind = User.Kind.THERAPIST
        if commit:
            user.save()
        return user

    def respond_email_verification_sent(self, request, user):
        # Every valid sign-up ends here. A new account hashed its password when it was saved;
        # for an address already in use (user None) nothing was saved, and it must cost the
        # same work, also when its owner was mailed a moment ago and allauth sends nothing,
        # or the time of the answer would tell who has an account.
        if user is None:
            make_password(get_random_string(32))
        return super().respond_email_verification_sent(request, user)

    def get_reauthentication_methods(self, user):
        """The ways to confirm it is you, in our words (allauth lists them; we name them)."""
        names = {
            "reauthenticate": _("Use your password"),
            "mfa_reauthenticate": _("Use your authenticator app or a recovery code"),
        }
        methods = super().get_reauthentication_methods(user)
        return [{**m, "description": names.get(m["id"], m["description"])} for m in methods]

    def clean_email(self, email):
        validate_printable(email)
        return super().clean_email(email)

    def send_mail(self, template_prefix, email, context):
        """Account mail goes through the outbox like all mail: the request only adds it,
        a task sends it, and a mail server that is slow or down holds up no page."""
        # In the language the account keeps (a reset asked for from a browser in another
        # language still comes in the person's own); for someone without an account yet, in
        # the language of the page they asked from.
        person = context.get("user")
        language = getattr(person, "language", "") or translation.get_language()
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
            if not any(kind == "text/html" for _, kind in getattr(message, "alternatives", [])):
                message.attach_alternative(html_from_text(message.body), "text/html")
        notification_services.email_queue_message(message, category=Email.Category.ACCOUNT)
