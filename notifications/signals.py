"""A sign-in from a browser this account has not used lately is reported by email."""

from datetime import timedelta

from allauth.account.adapter import get_adapter
from allauth.account.signals import user_logged_in
from allauth.usersessions.models import UserSession
from django.dispatch import receiver
from django.utils import timezone


@receiver(user_logged_in)
def tell_of_new_browser(sender, request, user, **kwargs):
    agent = request.headers.get("user-agent", "")
    others = UserSession.objects.filter(user=user).exclude(session_key=request.session.session_key)
    just_joined = user.date_joined > timezone.now() - timedelta(hours=1)
    if just_joined and not others.exists():
        return  # the sign-in that follows signing up is no news
    if not others.filter(
        user_agent=agent[: UserSession._meta.get_field("user_agent").max_length]
    ).exists():
        get_adapter(request).send_notification_mail("account/email/new_sign_in", user)
