"""Every page each person can reach, in a phone-sized browser.

For each persona the test follows every link from the home page (and from the emails and
notifications they were sent) and checks each page it finds: it answers without an error,
fits 360 px without scrolling sideways, has no control under 44 px, shows no escaped HTML
and no wording left over from a library, and passes axe. A new page is covered as soon as
something links to it.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from assessments import services as checkins
from assessments.management.commands.seed_demo import ALEX_ANSWERS, BLAIR_ANSWERS
from assessments.models import CheckIn
from assessments.reports import report_for
from assessments.selectors import behavior_ids
from boundaries import services as boundary_services
from boundaries.models import Behavior
from notifications.models import Email, Notification
from safety import services as safety_services
from tests.conftest import mark_session
from tests.e2e.crawl import crawl
from tests.factories import (
    PASSWORD,
    BehaviorFactory,
    CoupleFactory,
    UserFactory,
    connect_therapist,
    due_agreement,
    make_therapist,
    revisit_answer,
)
from tests.wording import leftovers

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PERSONAS = ["anonymous", "single", "partner_a", "partner_b", "therapist", "waiting_therapist"]
# The account pages (email, password, sessions, two-factor) are the same for everyone with
# or without two-factor: axe checks them for one persona of each; the others still check
# everything else on them.
AXE_ELSEWHERE = {"single": "partner_a", "partner_b": "partner_a", "waiting_therapist": "therapist"}


def _finished_checkin(a, b):
    checkin = checkins.checkin_start(user=a)
    ids = behavior_ids(checkin)
    for person, pattern in ((a, ALEX_ANSWERS), (b, BLAIR_ANSWERS)):
        answers = []
        for i, pk in enumerate(ids):
            mine, theirs, note = pattern[i % len(pattern)]
            answer = {"behavior": pk, "if_i_do": mine, "if_partner_does": theirs, "note": note}
            answers.append(answer)
        checkins.answers_save(user=person, checkin=checkin, answers=answers)
        checkins.checkin_submit(user=person, checkin=checkin)
    checkin.refresh_from_db()
    return checkin


def build_world():
    """Jo D'Arcy and Blair some weeks in; Sam on their own; two therapists."""
    jo = UserFactory(email="jo@example.com", display_name="Jo D'Arcy")
    blair = UserFactory(email="blair@example.com", display_name="Blair")
    couple = CoupleFactory(partners=(jo, blair))
    sam = UserFactory(email="sam@example.com", display_name="Sam")
    boundary_services.invitation_create(inviter=sam)
    BehaviorFactory(couple=couple, title='Texting an ex "just to check in"', created_by=jo)

    first = _finished_checkin(jo, blair)
    card = report_for(first, jo).cards[0]
    checkins.card_progress_save(
        user=jo, checkin=first, card_key=card.key, talked_about=True, agreed="We say so first"
    )
    catalog = list(Behavior.objects.catalog()[:5])
    proposal = boundary_services.agreement_propose(
        user=jo, behavior=catalog[0], decision="conditional", conditions="Only with us both there"
    )
    boundary_services.agreement_accept(user=blair, agreement_id=proposal.pk)
    boundary_services.agreement_propose(user=blair, behavior=catalog[1], decision="not_ok")
    # Boundaries looked at again: both answered one, Blair another, and one was renewed.
    both, blairs, renewed = (
        due_agreement(jo, blair, behavior=behavior, decision="ok") for behavior in catalog[2:5]
    )
    for person, agreement in ((jo, both), (blair, both), (blair, blairs)):
        revisit_answer(person, agreement, if_i_do="depends", conditions=["open"], note="If open")
    revisit_answer(jo, renewed)
    revisit_answer(blair, renewed)
    checkins.revisit_decide(user=blair, agreement_id=renewed.pk, outcome="renew")
    # A second round under way: Jo has answered a few.
    second = checkins.checkin_start(user=jo)
    ids = behavior_ids(second)[:3]
    checkins.answers_save(
        user=jo,
        checkin=second,
        answers=[{"behavior": pk, "if_i_do": "ok", "if_partner_does": "depends"} for pk in ids],
    )

    therapist = make_therapist("dr.rivera@example.com", name="Dr. Sam Rivera")
    connect_therapist(therapist, couple)
    # Jo raised a concern in the private check and let the therapist see the answers.
    concern = {"afraid": "sometimes", "controlled": "no", "hurt": "rather_not_say"}
    safety_services.safety_check_answer(user=jo, checkin=second, answers=concern)
    safety_services.safety_check_share(user=jo, checkin=second, share=True, with_answers=True)
    waiting = make_therapist("dr.half@example.com", name="Dr. Ana O'Neil")
    connect_therapist(waiting, couple, consenting=[jo])
    return {
        "single": sam,
        "partner_a": jo,
        "partner_b": blair,
        "therapist": therapist,
        "waiting_therapist": waiting,
    }


def _signed_in_context(browser, base, user):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    if user is None:
        return context
    client = Client()
    client.force_login(user)
    mark_session(client, user)
    # Freshly confirmed, as someone is right after logging in: the steps that ask for the
    # password again (two-factor set-up, new recovery codes) open too.
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    host = urlsplit(base).hostname
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "domain": host, "path": "/"}]
    )
    return context


def _starts(base, user):
    """Home, plus every link in what this person was sent: emails and notifications."""
    starts = [base + "/"]
    if user is None:
        # Where links in emails lead someone who is not logged in, spent or not.
        return starts + [
            base + path
            for path in (
                "/accounts/password/reset/key/x-set-password/",
                "/accounts/confirm-email/x/",
            )
        ]
    starts.append(base + "/accounts/logout/")
    # Reached by a form, not a link: the private check before submitting, and its support.
    for checkin in CheckIn.objects.filter(completed_at=None, participations__user=user):
        starts += [
            base + reverse("safety_check", args=[checkin.pk]),
            base + reverse("safety_support", args=[checkin.pk]),
        ]
    for email in Email.objects.filter(to=user.email):
        links = re.findall(r"https?://[^\s\"'<>]+", email.body_text)
        starts += [link.replace(settings.SITE_URL.rstrip("/"), base) for link in links]
    for notification in Notification.objects.filter(recipient=user):
        if notification.link:
            starts.append(urljoin(base, notification.link))
    return starts


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_reachable_page_works_on_a_phone(live_server, browser, assert_accessible, persona):
    people = build_world()
    user = people.get(persona)
    base = live_server.url
    context = _signed_in_context(browser, base, user)
    shared = persona in AXE_ELSEWHERE

    def axe_skips(path):
        return shared and path.startswith("/accounts/")

    report, checked = crawl(context, base, _starts(base, user), assert_accessible, axe_skips)
    context.close()
    assert len(checked) >= 4, f"only reached {sorted(checked)}"
    assert not report, "\n".join(f"{url}\n  " + "\n  ".join(found) for url, found in report.items())


def test_no_email_speaks_like_a_library(live_server):
    """Everything sent while a couple and their therapist got going: our words, unescaped."""
    build_world()
    problems = []
    for email in Email.objects.all():
        for where in (email.subject, email.body_text):
            problems += [f"{email.subject}: {words!r}" for words in leftovers(where)]
    assert Email.objects.exists()
    assert not problems, "\n".join(problems)
