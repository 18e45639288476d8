"""Reads of what an "It depends" depends on: the conditions offered, and those both named."""

import logging

from django.core.cache import cache

from boundaries import versions
from boundaries.models import shown
from config.ids import id_from_text
from config.middleware import CACHE_OUTAGE

from ..access import current_checkins_of
from ..comparison import Answers
from ..conditions import shared_conditions
from ..models import Answer, Condition

logger = logging.getLogger(__name__)

KEYS_CACHE_KEY = "conditions:keys"
# Staff changes bump the catalog's token at once (assessments.signals); a change made
# without signals (a data migration, a queryset update) shows after this long at most.
KEYS_CACHE_SECONDS = 10 * 60


def condition_keys() -> list[str]:
    """The keys of the conditions offered now, in their order.

    Kept in the cache under the catalog's version token, which any change to a condition
    bumps: a save that ticks conditions asks the database nothing for them. One query
    without the cache.
    """
    try:
        found = cache.get_many([KEYS_CACHE_KEY, versions.CATALOG_KEY])
        token = versions.token_from(found, [versions.CATALOG_KEY])
    except CACHE_OUTAGE:
        logger.warning("Cache unreachable: the conditions offered read from the database")
        return _keys_offered()
    entry = found.get(KEYS_CACHE_KEY)
    if entry is not None and entry[0] == token:
        return entry[1]
    keys = _keys_offered()
    try:
        cache.set(KEYS_CACHE_KEY, (token, keys), KEYS_CACHE_SECONDS)
    except CACHE_OUTAGE:
        logger.warning("Cache unreachable: the conditions offered were not kept")
    return keys


def _keys_offered() -> list[str]:
    return list(Condition.objects.filter(is_active=True).values_list("key", flat=True))


def conditions() -> list:
    return list(Condition.objects.filter(is_active=True))


def condition_labels() -> dict[str, str]:
    """Every condition's label by key, retired ones too: earlier answers keep theirs."""
    return dict(Condition.objects.values_list("key", shown("label")))


def shared_conditions_on(user, checkin_id, behavior_id) -> tuple[int, list[str]] | None:
    """(behavior id, labels of the conditions both partners named) for a behavior of one of
    this person's current check-ins; None for anyone else's or a behavior not in it."""
    checkin_id, behavior_id = id_from_text(checkin_id), id_from_text(behavior_id)
    if checkin_id is None or behavior_id is None:
        return None
    mine = current_checkins_of(user).filter(pk=checkin_id)
    answers = list(
        Answer.objects.filter(checkin__in=mine, behavior_id=behavior_id).order_by("user_id")
    )
    if len(answers) != 2:
        return None
    first, second = (Answers("", "", conditions=tuple(a.conditions)) for a in answers)
    labels = condition_labels()
    return behavior_id, [labels[key] for key in shared_conditions(first, second) if key in labels]
