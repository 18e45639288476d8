"""The tables of people and their ties, one module per aggregate (the app label stays
"boundaries", so the tables and migrations are unchanged)."""

from .accounts import User, UserManager, time_zone_names, validate_time_zone
from .agreements import Agreement, AgreementEvent
from .catalog import Behavior, BehaviorQuerySet, Category, shown
from .couples import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Couple,
    CoupleMembership,
    Invitation,
    new_invitation_code,
    normalize_code,
    split_code,
)
from .text import validate_printable, validate_text
from .therapists import (
    AccessLogEntry,
    AppendOnlyQuerySet,
    SessionNote,
    TherapistConsent,
    TherapistInvitation,
    TherapistLink,
    TherapistProfile,
)

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "AccessLogEntry",
    "Agreement",
    "AgreementEvent",
    "AppendOnlyQuerySet",
    "Behavior",
    "BehaviorQuerySet",
    "Category",
    "shown",
    "Couple",
    "CoupleMembership",
    "Invitation",
    "SessionNote",
    "TherapistConsent",
    "TherapistInvitation",
    "TherapistLink",
    "TherapistProfile",
    "User",
    "UserManager",
    "new_invitation_code",
    "normalize_code",
    "split_code",
    "time_zone_names",
    "validate_printable",
    "validate_text",
    "validate_time_zone",
]
