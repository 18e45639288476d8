"""The survey's tables: check-ins and their answers, talk progress, and revisits."""

from .checkins import (
    NOTE_MAX_LENGTH,
    Answer,
    CardProgress,
    CheckIn,
    CheckInItem,
    Condition,
    Participation,
    Rating,
)
from .revisits import Revisit, RevisitAnswer

__all__ = [
    "NOTE_MAX_LENGTH",
    "Answer",
    "CardProgress",
    "CheckIn",
    "CheckInItem",
    "Condition",
    "Participation",
    "Rating",
    "Revisit",
    "RevisitAnswer",
]
