"""Ids as people and links send them: in a query string, a form or a card's key."""

import re

# A row id: digits only, and few enough that the database's 64-bit integers hold it.
_ID = re.compile(r"[0-9]{1,18}")


def id_from_text(raw) -> int | None:
    """The id in `raw`, or None for anything that is not a plain, sane number."""
    raw = (raw or "").strip() if isinstance(raw, str) else ""
    return int(raw) if _ID.fullmatch(raw) else None
