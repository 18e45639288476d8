"""Who may see what. Anyone who may not gets a 404 and learns nothing.

Partners see their own couple's things; a therapist sees a client couple only through
`client_couple_or_404` / `client_item_or_404`, the one decision for pages and API alike.
"""

from allauth.mfa.utils import is_mfa_enabled
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .mfa import passed_second_factor
from .models import Agreement, Behavior, Couple, TherapistLink
from .selectors import active_links, current_couple, past_couples
from .services.therapists import log, log_refusal


def couple_for_user_or_404(user):
    couple = current_couple(user)
    if couple is None:
        raise Http404(_("You are not linked with a partner."))
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
        raise Http404(_("No couple of yours to show."))
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


# Therapists ------------------------------------------------------------------------------


def _therapist_or_404(user):
    if not user.is_authenticated or not user.is_therapist:
        raise Http404(_("Not a therapist account."))


class SecondFactorNeeded(Http404):
    """A therapist's session that has not passed the second factor: no client data yet.

    It is a 404 for the API; pages catch it and say what to do (`step`: "setup" when the
    account has no second factor yet, "login" when this session signed in without it).
    """

    def __init__(self, step: str):
        super().__init__("Log in with your second factor to see client data.")
        self.step = step


def clients_therapist_or_404(request):
    """The requesting therapist, if this very session may touch client data or client codes.

    The one rule for every therapist page and endpoint that shows couples, reports, notes or
    codes: a therapist account, and a session (cookie or API token) that passed the second
    factor. Anyone else gets a 404.
    """
    user = request.user
    _therapist_or_404(user)
    if not passed_second_factor(request):
        raise SecondFactorNeeded("login" if is_mfa_enabled(user) else "setup")
    return user


MAX_ID = 2**63 - 1


def client_couple_or_404(request, couple_id, *, what: str) -> Couple:
    """The couple, if the requesting therapist may see it right now; logged either way."""
    couple, _found = client_item_or_404(request, couple_id, what=what, find=lambda c: c)
    return couple


def client_item_or_404(request, couple_id, *, what: str, find):
    """(couple, item): one thing of a client couple (`find(couple)`, e.g. a finished report),
    if the requesting therapist may see it right now. One log entry either way.

    Anyone else gets a 404. A refusal (no consent, no second factor in this session, nothing
    found) by a therapist who was once connected is logged for the couple too, once a minute
    at most, so refused attempts cannot bury the real entries.
    """
    therapist = request.user
    _therapist_or_404(therapist)
    if not 0 < couple_id <= MAX_ID:
        raise Http404(_("No such client couple."))
    if not passed_second_factor(request):
        log_refusal(therapist, couple_id, what)
        raise SecondFactorNeeded("login" if is_mfa_enabled(therapist) else "setup")
    link = active_links(therapist).filter(couple_id=couple_id).select_related("couple").first()
    item = find(link.couple) if link is not None else None
    if item is None:
        log_refusal(therapist, couple_id, what)
        raise Http404(_("No such client couple."))
    log(therapist=therapist, couple_id=couple_id, what=what, allowed=True)
    return link.couple, item
