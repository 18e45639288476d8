"""A person's own notifications and choices: read them, mark them read, change them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boundaries.models import validate_time_zone

from ..kinds import kinds_for
from ..models import NotificationSettings
from ..selectors import visible_notifications


def notifications_mark_read(*, user, ids=None) -> int:
    unread = visible_notifications(user).filter(read_at=None)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def notification_settings_update(
    *, user, emails=None, discreet_subjects=None, time_zone=None
) -> NotificationSettings:
    """`emails`: {kind: True|False} for any of the person's kinds; the rest stay as they were."""
    allowed = {str(kind) for kind in kinds_for(user)}
    unknown = sorted(set(emails or {}) - allowed)
    if unknown:
        raise ValidationError(
            {"kinds": [_("There is no kind called %(kind)s.") % {"kind": unknown[0]}]}
        )
    if time_zone is not None:
        try:
            validate_time_zone(time_zone)
        except ValidationError as error:
            raise ValidationError({"time_zone": error.messages}) from None
    with transaction.atomic():
        choices, _created = NotificationSettings.objects.select_for_update().get_or_create(
            user=user
        )
        off = set(choices.emails_off)
        for kind, wanted in (emails or {}).items():
            (off.discard if wanted else off.add)(kind)
        choices.emails_off = sorted(off)
        if discreet_subjects is not None:
            choices.discreet_subjects = bool(discreet_subjects)
        choices.save()
        if time_zone is not None and time_zone != user.time_zone:
            user.time_zone = time_zone
            user.save(update_fields=["time_zone"])
    return choices
