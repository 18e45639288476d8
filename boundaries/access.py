"""Who may see what. Anyone who may not gets a 404 and learns nothing."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Agreement, Behavior, TherapistLink
from .selectors import current_couple, past_couples


def couple_for_user_or_404(user):
    couple = current_couple(user)
    if couple is None:
        raise Http404("You are not linked with a partner.")
    return couple


def couple_to_read_or_404(user, couple_id=None):
    """A couple whose agreements the user may read: the current one, or one they were part of.

    A couple that ended stays readable, read-only, to whoever was in it (to the one left,
    after the other deleted their account): what the two agreed is each one's history too.
    Without `couple_id`: the current couple, else the one that ended last.
    Anyone else gets a 404, and nothing can be changed in a couple that ended.
    """
    current = current_couple(user)
    if current is not None and couple_id in (None, current.pk):
        return current
    past = past_couples(user)
    couple = next((c for c in past if couple_id in (None, c.pk)), None)
    if couple is None:
        raise Http404("No couple of yours to show.")
    return couple


def own_behavior_or_404(user, pk):
    """A behavior the user's couple added. Catalog items and other couples' are not theirs."""
    couple = couple_for_user_or_404(user)
    return get_object_or_404(Behavior.objects.select_related("category"), pk=pk, couple=couple)


def agreement_or_404(user, pk):
    """An agreement of the user's current couple."""
    couple = couple_for_user_or_404(user)
    return get_object_or_404(
        Agreement.objects.select_related("behavior__category", "proposed_by"), pk=pk, couple=couple
    )


def therapist_link_or_404(user, pk):
    """A therapist link of the user's current couple."""
    couple = couple_for_user_or_404(user)
    return get_object_or_404(TherapistLink, pk=pk, couple=couple)
