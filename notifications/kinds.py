"""Every kind of notification: who it is for, what it says, and where it links.

Texts name no behavior, no answer and nothing a partner wrote: a notification says that
something happened and where to look, never what.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    INVITATION_ACCEPTED = "invitation_accepted", _("Your partner accepted your invitation")
    CHECKIN_STARTED = "checkin_started", _("Your partner started a check-in")
    PARTNER_FINISHED = "partner_finished", _("Your partner finished their answers")
    REPORT_READY = "report_ready", _("Your comparison is ready")
    CHECKIN_DUE = "checkin_due", _("Your next check-in is due")
    RHYTHM_CHANGED = "rhythm_changed", _("Your partner changed how often you check in")
    PROPOSAL_WAITING = "proposal_waiting", _("A proposal waits for your answer")
    PROPOSAL_ACCEPTED = "proposal_accepted", _("Your proposal was accepted")
    PROPOSAL_CHANGED = "proposal_changed", _("Your proposal was changed")
    PROPOSAL_WITHDRAWN = "proposal_withdrawn", _("A proposal for you was withdrawn")
    REVISIT_DUE = "revisit_due", _("A boundary is due for another look")
    REVISIT_ANSWERED = "revisit_answered", _("Your partner looked again at a boundary")
    REVISIT_READY = "revisit_ready", _("You have both looked again at a boundary")
    REVISIT_DECIDED = "revisit_decided", _("Your partner decided on a boundary you revisited")
    THERAPIST_WAITING = "therapist_waiting", _("Your partner connected a therapist")
    THERAPIST_CONSENTED = "therapist_consented", _("Both partners consented")
    THERAPIST_ACCESS_ENDED = "therapist_access_ended", _("A couple ended your access")


@dataclass(frozen=True)
class About:
    """What a kind says. `text` may use %(partner)s (the other person's name at the time),
    %(count)s and %(rhythm)s."""

    text: str
    subject: str
    for_therapists: bool = False


ABOUT = {
    Kind.INVITATION_ACCEPTED: About(
        _("%(partner)s accepted your invitation. You are linked now."),
        _("%(partner)s accepted your invitation"),
    ),
    Kind.CHECKIN_STARTED: About(
        _("%(partner)s started a check-in. Answer on your own, whenever it suits you."),
        _("%(partner)s started a check-in"),
    ),
    Kind.PARTNER_FINISHED: About(
        _("%(partner)s has submitted their answers. Yours are still open."),
        _("%(partner)s has finished their answers"),
    ),
    Kind.REPORT_READY: About(
        _("You have both finished. Your side-by-side comparison is ready."),
        _("Your comparison is ready"),
    ),
    Kind.CHECKIN_DUE: About(
        _("It is time for the next check-in you planned together."),
        _("Your next check-in is due"),
    ),
    Kind.RHYTHM_CHANGED: About(
        _("%(partner)s changed how often you check in: %(rhythm)s."),
        _("%(partner)s changed how often you check in"),
    ),
    Kind.PROPOSAL_WAITING: About(
        _("%(partner)s proposed a boundary. It waits for your answer."),
        _("%(partner)s proposed a boundary"),
    ),
    Kind.PROPOSAL_ACCEPTED: About(
        _("%(partner)s accepted your proposal. It is in force now."),
        _("%(partner)s accepted your proposal"),
    ),
    Kind.PROPOSAL_CHANGED: About(
        _("%(partner)s proposed a change to your proposal. It waits for your answer."),
        _("%(partner)s proposed a change"),
    ),
    Kind.PROPOSAL_WITHDRAWN: About(
        _("%(partner)s withdrew a proposal that was waiting for you."),
        _("%(partner)s withdrew a proposal"),
    ),
    Kind.REVISIT_DUE: About(
        _("You chose to look at %(count)s of your boundaries again around today."),
        _("A boundary is due for another look"),
    ),
    Kind.REVISIT_ANSWERED: About(
        _("%(partner)s has looked again at a boundary that was due. Your answers are still open."),
        _("%(partner)s looked again at a boundary"),
    ),
    Kind.REVISIT_READY: About(
        _("You have both looked again at a boundary. See your answers side by side and decide."),
        _("You have both looked again at a boundary"),
    ),
    Kind.REVISIT_DECIDED: About(
        _("%(partner)s decided what becomes of a boundary you both looked at again."),
        _("%(partner)s decided on a boundary"),
    ),
    Kind.THERAPIST_WAITING: About(
        _("%(partner)s connected a therapist and is waiting for you to decide."),
        _("%(partner)s connected a therapist"),
    ),
    Kind.THERAPIST_CONSENTED: About(
        _("Both partners of %(partner)s have consented. You can read their report now."),
        _("A couple has consented"),
        for_therapists=True,
    ),
    Kind.THERAPIST_ACCESS_ENDED: About(
        _("%(partner)s ended your access. Your own notes stay with you."),
        _("A couple ended your access"),
        for_therapists=True,
    ),
}

# Subjects that say nothing about what happened: the default, for a shared inbox.
DISCREET_SUBJECT = _("Something is waiting for you in Common Ground")


def kinds_for(user) -> list[Kind]:
    """The kinds a person can receive, in the order their settings list them."""
    return [kind for kind in Kind if ABOUT[kind].for_therapists == user.is_therapist]
