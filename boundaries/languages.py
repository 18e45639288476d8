"""The language a person reads in: kept on their account from their first sign-in.

Someone not signed in reads in their browser's language (`Accept-Language`) or the one they
chose at the foot of a page (a cookie); Django's LocaleMiddleware works that out. When they
sign up or log in, an account without a language keeps the one that request asked for (so
mail sent while they are away comes in it too), but only one it asked for: a request that
named none of ours (an app without the header, a French browser) leaves it empty, and the
page's language keeps following the browser. From then on the account's language wins
(config.middleware), and only the chooser changes it.
"""

from allauth.account.signals import user_signed_up
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

from . import services


def asked_for(request) -> str:
    """The language of ours the request asked for (the chooser's cookie, else the first
    of the browser's that we have), or ""."""
    ours = dict(settings.LANGUAGES)
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in ours:
        return cookie
    for part in request.META.get("HTTP_ACCEPT_LANGUAGE", "").split(","):
        tag = part.split(";")[0].strip()
        if not tag or tag == "*":
            continue
        try:
            return translation.get_supported_language_variant(tag)
        except LookupError:
            continue
    return ""


@receiver(user_logged_in)
@receiver(user_signed_up)
def keep_the_language_they_came_in(sender, request, user, **kwargs):
    language = asked_for(request) if request is not None else ""
    if not user.language and language:
        services.user_update_language(user=user, language=language)
