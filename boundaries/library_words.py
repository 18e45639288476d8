"""Words from libraries that people read on our pages, marked here so that `make messages`
keeps them in locale/ and our Spanish and German (warm, "tú" and "du") win over the
libraries' own (which say "usted" and "Sie"). Nothing imports this module."""

from django.utils.translation import gettext_noop, ngettext_lazy

LIBRARY_WORDS = [
    # allauth: the link under the password on the login page
    gettext_noop("Forgot your password?"),
    # Django's password validators (settings.AUTH_PASSWORD_VALIDATORS)
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is too common."),
]
