from django.utils.functional import SimpleLazyObject

from .selectors import agreements_waiting_for


def agreements_waiting(request):
    """The navigation's count of proposals waiting for me: counted once, and only when a page
    shows it."""
    return {"agreements_waiting": SimpleLazyObject(lambda: agreements_waiting_for(request.user))}
