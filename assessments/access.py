"""Who may see which check-in: the two partners of the couple it belongs to, nobody else."""

from django.http import Http404
from django.utils.translation import gettext as _

from .models import CheckIn

_LARGEST_ID = 2**63 - 1  # BigAutoField


def current_checkins_of(user):
    """The check-ins of the (logged-in) user's current couple: the whole rule, one filter."""
    # Both partners of a couple take part in each of its check-ins, and unlinking ends the
    # couple: so "takes part, and the couple is still together" is the whole rule.
    return CheckIn.objects.filter(couple__ended_at__isnull=True, participations__user=user)


def checkin_for_user_or_404(user, pk) -> CheckIn:
    """A check-in of the (logged-in) user's current couple, in one query.

    Anyone else, or either partner after unlinking, gets a 404; so does an id no check-in
    can have (0, negative, past the column's range), without asking the database.
    """
    if not isinstance(pk, int) or not 0 < pk <= _LARGEST_ID or user.pk is None:
        raise Http404(_("No such check-in."))
    try:
        return current_checkins_of(user).get(pk=pk)
    except CheckIn.DoesNotExist:
        raise Http404(_("No such check-in.")) from None
