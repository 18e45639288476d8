"""Finished reports, as rendered for each viewer, kept in the shared cache under version
tokens that change whenever anything a report shows changes."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from boundaries import versions
from config.middleware import CACHE_OUTAGE

from ..models import CheckIn
from .local import LocalCopies

logger = logging.getLogger(__name__)


REPORT_CACHE_SECONDS = 60 * 60 * 24 * 7


# Every `kind` passed to `cached`, so that `forget` can find each entry again. "page" is the
# report page as text, as kept until December 2026 (now "html", encoded): its entries expire
# within REPORT_CACHE_SECONDS, and until then an account's deletion must remove them too.
REPORT_KINDS = ("html", "api", "therapist", "therapist-api", "talk-progress", "page")

# The kinds whose values are large and never changed once built (encoded pages): each worker
# keeps its own copies of the ones it served lately (see .local).
LOCAL_KINDS = ("html", "therapist")
local_copies = LocalCopies()


def cache_key(checkin: CheckIn, viewer_id: int, kind: str, language: str) -> str:
    # Ids alone could repeat after a database is restored or reset while the cache lives on.
    stamp = checkin.completed_at.timestamp() if checkin.completed_at else ""
    return f"report:{kind}:{checkin.couple_id}:{checkin.pk}:{stamp}:{viewer_id}:{language}"


def forget(couple_ids, viewer_ids) -> None:
    """Drop the cached reports of these couples, as these people saw them (one query).

    For a deleted account: its answers must not live on in a rendered page. The version bump
    alone would make the entries unreachable, but they would sit in the cache for days.
    """
    checkins = CheckIn.objects.filter(couple_id__in=couple_ids, completed_at__isnull=False)
    languages = [code for code, _name in settings.LANGUAGES]
    cache.delete_many(
        [
            cache_key(checkin, viewer_id, kind, language)
            for checkin in checkins.only("pk", "couple_id", "completed_at")
            for viewer_id in viewer_ids
            for kind in REPORT_KINDS
            for language in languages
        ]
    )
    versions.bump_couples(couple_ids)
    local_copies.forget(tuple(f"report:{kind}:{pk}:" for pk in couple_ids for kind in LOCAL_KINDS))


def local_key(kind: str, couple_id: int, checkin_id: int, viewer_id: int, language: str) -> str:
    # Known before the check-in is read (see kept_copy); under forget's prefixes too.
    return f"report:{kind}:{couple_id}:{checkin_id}:{viewer_id}:{language}"


def cached(checkin: CheckIn, viewer, kind: str, build):
    """A finished report never changes by itself, so what is built from it is kept.

    Each entry carries the couple's and the catalog's version tokens it was built under; a
    change to anything the report shows (names, wording, agreements, card progress) changes
    a token, and the entry is built afresh. One cache round trip reads the entry and tokens.
    """
    language = get_language()
    key = cache_key(checkin, viewer.pk, kind, language)
    near = local_key(kind, checkin.couple_id, checkin.pk, viewer.pk, language)
    version_keys = versions.keys_for(checkin.couple_id)
    local = kind in LOCAL_KINDS and local_copies.has(near)
    try:
        # With a copy of its own, the worker asks the shared cache only for the tokens.
        found = cache.get_many(version_keys if local else [key, *version_keys])
        token = versions.token_from(found, version_keys)
    except CACHE_OUTAGE:
        logger.warning("Cache unreachable: building a report without it")
        return build()
    if local:
        value = local_copies.get(near, token)
        if value is not None:
            return value
        # Its copy is out of date: another worker may have built the new one already.
        found = _shared(key)
    entry = found.get(key)
    if entry is not None and entry[0] == token:
        _keep_locally(kind, near, token, entry[1])
        return entry[1]
    value = build()
    try:
        cache.set(key, (token, value), REPORT_CACHE_SECONDS)
    except CACHE_OUTAGE:
        logger.warning("Cache unreachable: a report was not kept")
    else:
        _keep_locally(kind, near, token, value)
    return value


def kept_copy(viewer, checkin_id: int):
    """The copy this worker kept of the report page `viewer` was shown, while it is still
    what they would be shown; None otherwise. One cache round trip, no query.

    A copy is kept only after the full access check let this viewer see this check-in of
    this couple (`cached`, called by the views after it), under the couple's tokens then.
    So it is served only while the viewer is still in that couple, which is still together
    (read with the viewer: boundaries.backends), and while its tokens are the same: a
    deleted check-in or person bumps them (assessments.signals), as does all the page shows.
    """
    couple_id = getattr(viewer, "couple_id_on_arrival", None)
    if couple_id is None:
        return None
    near = local_key("html", couple_id, checkin_id, viewer.pk, get_language())
    if not local_copies.has(near):
        return None
    version_keys = versions.keys_for(couple_id)
    try:
        token = versions.token_from(cache.get_many(version_keys), version_keys)
    except CACHE_OUTAGE:
        return None
    return local_copies.get(near, token)


def _shared(key: str) -> dict:
    try:
        return cache.get_many([key])
    except CACHE_OUTAGE:
        return {}


def _keep_locally(kind: str, key: str, token: str, value) -> None:
    if kind in LOCAL_KINDS:
        parts = value if isinstance(value, tuple) else (value,)
        local_copies.put(key, token, value, sum(len(part) for part in parts))
