"""A login from a browser this account has not used lately is reported by email."""

import hashlib
from datetime import timedelta

from allauth.account.adapter import get_adapter
from allauth.account.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from .models import NotificationSettings

REMEMBERED_BROWSERS = 10


def _fingerprint(request) -> str:
    agent = request.headers.get("user-agent", "")
    return hashlib.sha256(agent.encode()).hexdigest()[:16]


@receiver(user_logged_in)
def tell_of_new_browser(sender, request, user, **kwargs):
    browser = _fingerprint(request)
    with transaction.atomic():
        choices, _created = NotificationSettings.objects.select_for_update().get_or_create(
            user=user
        )
        known = list(choices.known_browsers)
        if browser in known:
            return
        first = not known and user.date_joined > timezone.now() - timedelta(hours=1)
        choices.known_browsers = (known + [browser])[-REMEMBERED_BROWSERS:]
        choices.save(update_fields=["known_browsers"])
    if not first:  # the login that follows signing up is no news
        get_adapter(request).send_notification_mail("account/email/new_sign_in", user)
