"""A couple's own behaviors: add, edit, retire. Staff keep the shared catalog in the admin."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Behavior,
)
from ..selectors import current_couple


def _require_couple(user):
    couple = current_couple(user)
    if couple is None:
        raise ValidationError(_("Link with your partner first; your own behaviors are shared."))
    return couple


MAX_OWN_BEHAVIORS = 100


def behavior_create(*, user, title: str, description: str = "", category) -> Behavior:
    """A behavior of the couple's own; only the two of them ever see it, in the words they
    wrote whatever language each reads in (see Behavior.title)."""
    couple = _require_couple(user)
    if couple.own_behaviors.filter(retired_at__isnull=True).count() >= MAX_OWN_BEHAVIORS:
        raise ValidationError(
            _("You have %(max)d behaviors of your own in use; retire one to add another.")
            % {"max": MAX_OWN_BEHAVIORS}
        )
    behavior = Behavior(
        couple=couple,
        created_by=user,
        title_en=(title or "").strip(),
        description_en=(description or "").strip(),
        category=category,
        position=10_000,  # after the catalog's own items in the same category
    )
    _check(behavior)
    behavior.save()
    return behavior


def behavior_update(*, behavior: Behavior, title: str, description: str = "", category) -> Behavior:
    """Edit a couple's own behavior. Earlier check-ins show it as it reads now."""
    if behavior.couple_id is None:
        raise ValidationError(_("Catalog behaviors are edited by the Common Ground team."))
    if behavior.checkin_items.exists():
        # Answers were given to these words; changing them would change what was answered.
        raise ValidationError(
            _(
                "This behavior is already part of a check-in, so its words stay as they were "
                "answered. Retire it and add a new one instead."
            )
        )
    behavior.title_en = (title or "").strip()
    behavior.description_en = (description or "").strip()
    behavior.category = category
    _check(behavior)
    behavior.save(update_fields=["title_en", "description_en", "category"])
    return behavior


def _check(behavior: Behavior) -> None:
    """The model's checks, each refusal named by the field the person filled in ("title",
    not the column "title_en" where their words are kept)."""
    try:
        behavior.full_clean()
    except ValidationError as error:
        fields = {"title_en": "title", "description_en": "description"}
        raise ValidationError(
            {fields.get(name, name): errors for name, errors in error.error_dict.items()}
        ) from None


def behavior_retire(*, behavior: Behavior) -> Behavior:
    """Leave future check-ins; stay in earlier ones and their reports."""
    if behavior.couple_id is None:
        raise ValidationError(_("Catalog behaviors are retired by the Common Ground team."))
    if behavior.retired_at is None:
        behavior.retired_at = timezone.now()
        behavior.save(update_fields=["retired_at"])
    return behavior
