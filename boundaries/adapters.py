from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.hashers import make_password
from django.utils.crypto import get_random_string

from notifications import services as notification_services
from notifications.emails import html_from_text
from notifications.models import Email

from .models import User, validate_printable

SIGNUP_AS_KEY = "signup_as"


class AccountAdapter(DefaultAccountAdapter):
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

    def clean_email(self, email):
        validate_printable(email)
        return super().clean_email(email)

    def send_mail(self, template_prefix, email, context):
        """Account mail goes through the outbox like all mail: the request only adds it,
        a task sends it, and a mail server that is slow or down holds up no page."""
        message = self.render_mail(template_prefix, email, context)
        if not any(kind == "text/html" for _, kind in getattr(message, "alternatives", [])):
            message.attach_alternative(html_from_text(message.body), "text/html")
        notification_services.email_queue_message(message, category=Email.Category.ACCOUNT)
