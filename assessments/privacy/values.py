"""How the export writes moments and people."""

from boundaries.selectors import FORMER_PARTNER


def at(moment):
    return moment.isoformat() if moment else None


def who(person_id, user) -> str:
    """A person in the couple's records, without naming the partner: their name is theirs."""
    if person_id is None:
        return str(FORMER_PARTNER)
    return "me" if person_id == user.pk else "my partner"
