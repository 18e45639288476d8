"""Everything that writes the survey and the conversation: check-ins and answers
(`checkins`), the guided conversation's progress (`talk`), revisits of boundaries
(`revisits`). Pages and the API both call these."""

from .checkins import (
    CheckInAlreadyOpen,
    SurveyIncomplete,
    answers_save,
    checkin_set_private_flag,
    checkin_start,
    checkin_submit,
)
from .revisits import revisit_answer, revisit_decide
from .talk import ReportNotReady, StaleCard, card_progress_save

__all__ = [
    "CheckInAlreadyOpen",
    "ReportNotReady",
    "StaleCard",
    "SurveyIncomplete",
    "answers_save",
    "card_progress_save",
    "checkin_set_private_flag",
    "checkin_start",
    "checkin_submit",
    "revisit_answer",
    "revisit_decide",
]
