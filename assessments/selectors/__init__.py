"""Reads shared by the pages and the API, each a fixed number of queries: check-ins and the
survey (`checkins`), the guided conversation (`talk`), what "It depends" depends on
(`conditions`), and revisits of boundaries (`revisits`)."""

from .checkins import (
    Survey,
    SurveyItem,
    answers_to_change,
    behavior_ids,
    behavior_titles,
    checkins_of,
    latest_checkin,
    my_answers,
    next_checkin_due,
    open_checkin,
    participations,
    progress,
    shuffle_key,
    survey_for,
)
from .conditions import condition_keys, condition_labels, conditions, shared_conditions_on
from .talk import agreed_on_card, card_exists

__all__ = [
    "Survey",
    "SurveyItem",
    "agreed_on_card",
    "answers_to_change",
    "behavior_ids",
    "behavior_titles",
    "card_exists",
    "checkins_of",
    "condition_keys",
    "condition_labels",
    "conditions",
    "latest_checkin",
    "my_answers",
    "next_checkin_due",
    "open_checkin",
    "participations",
    "progress",
    "shared_conditions_on",
    "shuffle_key",
    "survey_for",
]
