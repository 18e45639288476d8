"""Version tokens for what pages cache about a couple.

A cached report stays valid while the tokens it was made under are the same. Anything that
changes what a report shows (a partner's name, the catalog's wording, an agreement) bumps a
token, and the next request renders afresh. The tokens live in the shared cache.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import transaction

from config.middleware import CACHE_OUTAGE

logger = logging.getLogger(__name__)

CATALOG_KEY = "version:catalog"


def _couple_key(couple_id: int) -> str:
    return f"version:couple:{couple_id}"


def keys_for(couple_id: int) -> list[str]:
    return [_couple_key(couple_id), CATALOG_KEY]


def token_from(found: dict, keys: list[str]) -> str:
    """The current token for `keys`, given what a get_many found; starts any that are missing."""
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    if missing:
        cache.set_many(missing, timeout=None)
    return ".".join(found.get(key) or missing[key] for key in keys)


def _bump(keys: list[str], *, required: bool = True) -> None:
    """Now, and again once the change is committed: a page built in between from the old data
    would otherwise be kept under the new token.

    Call it inside the change's transaction. Without the cache the first one fails, and so
    does the change (a calm 503, nothing saved): a change no cached page learns of would
    leave old pages standing once the cache is back. `required=False` for the few changes
    that must go through even then.
    """
    try:
        cache.delete_many(keys)
    except CACHE_OUTAGE:
        if required:
            raise
        logger.warning("Cache unreachable: a change went through without a version bump")
    transaction.on_commit(lambda: _delete_after_commit(keys))


def _delete_after_commit(keys: list[str]) -> None:
    try:
        cache.delete_many(keys)
    except CACHE_OUTAGE:
        # The change is saved, and the bump before it went through: the cache went away in
        # between, so nothing was cached from the new data under the old token either.
        logger.warning("Cache unreachable after a change was saved")


def bump_couples(couple_ids, *, required: bool = True) -> None:
    _bump([_couple_key(pk) for pk in couple_ids], required=required)


def bump_catalog() -> None:
    _bump([CATALOG_KEY])
