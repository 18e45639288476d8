"""The language a person reads in: kept on their account from their first sign-in.

Someone not signed in reads in their browser's language (`Accept-Language`) or the one they
chose at the foot of a page (a cookie); Django's LocaleMiddleware works that out. Once they
sign up or log in, the account keeps it if it had none (so mail sent while they are away comes
in it too), and from then on their account's language wins (config.middleware).
"""

from allauth.account.signals import user_signed_up
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

from . import services


@receiver(user_logged_in)
@receiver(user_signed_up)
def keep_the_language_they_came_in(sender, request, user, **kwargs):
    language = translation.get_language()
    if not user.language and language in dict(settings.LANGUAGES):
        services.user_update_language(user=user, language=language)
