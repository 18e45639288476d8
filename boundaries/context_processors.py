from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .selectors import agreements_waiting_for


def agreements_waiting(request):
    """The navigation's count of proposals waiting for me: counted once, and only when a page
    shows it."""
    return {"agreements_waiting": SimpleLazyObject(lambda: agreements_waiting_for(request.user))}


def mail_in_terminal(request):
    """Whether emails are printed to the console (`make run`) rather than sent, so pages that
    say "check your email" can say where to look."""
    return {"mail_in_terminal": settings.EMAIL_BACKEND.endswith(".console.EmailBackend")}
