"""Everything that changes people and their ties, one module per concept (accounts,
couples, invitations, catalog, agreements, therapists). Pages and the API both call these;
each checks its own rules and raises ValidationError, or boundaries.errors.NotFound, with
words a person can act on. The partners' services are listed here; a therapist's live in
`services.therapists`."""

from .accounts import user_update_language, user_update_name
from .agreements import (
    agreement_accept,
    agreement_propose,
    agreement_revisited,
    agreement_withdraw,
)
from .catalog import MAX_OWN_BEHAVIORS, behavior_create, behavior_retire, behavior_update
from .couples import couple_set_rhythm, couple_unlink, lock_current_couple
from .invitations import (
    CODE_GUESSES_PER_HOUR,
    INVITATION_EMAILS_PER_DAY,
    check_code_guesses,
    count_code_guess,
    invitation_accept,
    invitation_cancel,
    invitation_create,
    invitation_link,
    look_up_code,
)

__all__ = [
    "CODE_GUESSES_PER_HOUR",
    "INVITATION_EMAILS_PER_DAY",
    "MAX_OWN_BEHAVIORS",
    "agreement_accept",
    "agreement_propose",
    "agreement_revisited",
    "agreement_withdraw",
    "behavior_create",
    "behavior_retire",
    "behavior_update",
    "check_code_guesses",
    "count_code_guess",
    "couple_set_rhythm",
    "couple_unlink",
    "invitation_accept",
    "invitation_cancel",
    "invitation_create",
    "invitation_link",
    "look_up_code",
    "lock_current_couple",
    "user_update_language",
    "user_update_name",
]
