"""Who may see which check-in: the two partners of the couple it belongs to, nobody else."""

from django.shortcuts import get_object_or_404

from boundaries.access import couple_for_user_or_404

from .models import CheckIn


def checkin_for_user_or_404(user, pk) -> CheckIn:
    """A check-in of the user's current couple. After unlinking, or for anyone else: 404."""
    couple = couple_for_user_or_404(user)
    return get_object_or_404(CheckIn, pk=pk, couple=couple, participations__user=user)
