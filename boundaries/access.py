"""Who may see what. Anyone who may not gets a 404 and learns nothing."""

from django.http import Http404

from .selectors import current_couple


def couple_for_user_or_404(user):
    couple = current_couple(user)
    if couple is None:
        raise Http404("You are not linked with a partner.")
    return couple
