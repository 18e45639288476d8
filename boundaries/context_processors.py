from .selectors import agreements_waiting_for


def agreements_waiting(request):
    """The navigation's count of proposals waiting for me; counted only when a page shows it."""
    return {"agreements_waiting": lambda: agreements_waiting_for(request.user)}
