"""Reads of notifications that pages and the API share."""

from boundaries.selectors import current_couple_id

from .models import Notification

_LOOK_IT_UP = object()


def visible_notifications(user, *, couple=_LOOK_IT_UP):
    """Mine only, and of my current couple only: after an unlink, nothing of the former
    couple stays in view. Newest first. Pass `couple` (or None) when it is known already."""
    mine = Notification.objects.filter(recipient=user)
    if not user.is_therapist:
        couple_id = (
            current_couple_id(user) if couple is _LOOK_IT_UP else getattr(couple, "pk", None)
        )
        mine = mine.filter(couple_id=couple_id) | mine.filter(couple=None)
    return mine.order_by("-created_at", "-pk")
