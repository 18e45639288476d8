import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core import ratelimit
from django.contrib.auth.hashers import make_password
from django.core.mail import BadHeaderError
from django.utils.crypto import get_random_string

from .models import User, validate_printable

SIGNUP_AS_KEY = "signup_as"

logger = logging.getLogger(__name__)


class MailNotSent(Exception):
    """An account email (confirmation, password reset, notice) could not be handed over.

    boundaries.middleware.MailFailureMiddleware turns it into a calm 503 and, for a sign-up,
    undoes the half-made account, so trying again later works.
    """


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = (form.cleaned_data.get("display_name") or "").strip()
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

    def clean_email(self, email):
        validate_printable(email)
        return super().clean_email(email)

    def send_mail(self, template_prefix, email, context):
        try:
            super().send_mail(template_prefix, email, context)
        except (OSError, BadHeaderError) as exc:  # smtplib's errors are OSErrors
            logger.warning("An account email could not be sent: %s", type(exc).__name__)
            # allauth counted this as the address's confirmation email for the next few
            # minutes; none arrived, so trying again must send one.
            ratelimit.clear(allauth_context.request, action="confirm_email", key=email.lower())
            raise MailNotSent from exc
