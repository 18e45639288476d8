"""Every route of ours, page or API, as each kind of visitor meets it.

ROUTES names every URL pattern of the apps; a new route without an entry here fails
`test_every_route_has_an_access_test`, and every operation of the API schema must belong to
one of them. Each entry says what kind of route it is, and the kind says who gets what:

- public: anyone, signed in or not, gets an answer (never a 5xx);
- mine: signed in, about the visitor's own things (which may be nothing: a 404 for someone
  with no couple or no invitation): anonymous visitors are sent to log in;
- couple: one object of Alex and Blair's (a check-in, an agreement, their own behavior, a
  therapist link): Alex and Blair get it; a stranger and therapists get 404;
- client: a client couple's data: only the therapist both partners consented to gets it;
- therapist: a therapist's own pages: partners and strangers get 404.
"""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import get_resolver, resolve, reverse

from assessments import services
from boundaries.models import Behavior
from boundaries.services import agreement_propose
from tests.conftest import mark_session
from tests.factories import (
    BehaviorFactory,
    CoupleFactory,
    UserFactory,
    connect_therapist,
    due_agreement,
    fill_survey,
    make_therapist,
    revisit_answer,
)

# One worker runs the module, so what it starts or builds once is started or built once.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("route-world")]

URLCONFS = [
    "boundaries.urls",
    "assessments.urls",
    "assessments.review.urls",
    "boundaries.api_urls",
    "assessments.api_urls",
    "notifications.urls",
    "notifications.api_urls",
    "safety.urls",
    "safety.api_urls",
]

# name: (kind, method, the object its URL names)
ROUTES = {
    "about": ("public", "GET", None),
    "using_safely": ("public", "GET", None),
    "quick_exit": ("public", "POST", None),
    "language": ("public", "POST", None),
    "privacy": ("public", "GET", None),
    "therapist_signup": ("public", "GET", None),
    "therapist_signup_cancel": ("public", "POST", None),
    "invitation_detail": ("public", "GET", "code"),
    "notification_unsubscribe": ("public", "GET", "token"),
    "notification_list": ("mine", "GET", None),
    "notifications_read": ("mine", "POST", None),
    "notification_settings": ("mine", "GET", None),
    "couple_rhythm": ("mine", "POST", None),
    "api-notifications": ("mine", "GET", None),
    "api-notifications-read": ("mine", "POST", None),
    "api-notification-settings": ("mine", "GET", None),
    "account": ("mine", "GET", None),
    "couple": ("mine", "GET", None),
    "invite": ("mine", "GET", None),
    "invite_cancel": ("mine", "POST", None),
    "join": ("mine", "GET", None),
    "unlink": ("mine", "GET", None),
    "behavior_list": ("mine", "GET", None),
    "therapists": ("mine", "GET", None),
    "therapist_connect": ("mine", "POST", None),
    "agreements": ("mine", "GET", None),
    "agreement_propose": ("mine", "GET", None),
    "agreement_history": ("mine", "GET", None),
    "my_data": ("mine", "GET", None),
    "my_data_export": ("mine", "GET", None),
    "account_delete": ("mine", "GET", None),
    "checkin_list": ("mine", "GET", None),
    "checkin_start": ("mine", "GET", None),
    "api-invitations": ("mine", "GET", None),
    "api-invitation-accept": ("mine", "POST", None),
    "api-couple": ("mine", "GET", None),
    "api-behaviors": ("mine", "GET", None),
    "api-agreements": ("mine", "GET", None),
    "api-agreement-history": ("mine", "GET", None),
    "api-therapists": ("mine", "GET", None),
    "api-therapist-preview": ("mine", "POST", None),
    "api-access-log": ("mine", "GET", None),
    "api-checkins": ("mine", "GET", None),
    "api-conditions": ("mine", "GET", None),
    "api-revisits": ("mine", "GET", None),
    "behavior_edit": ("couple", "GET", "behavior"),
    "behavior_retire": ("couple", "POST", "behavior"),
    "therapist_consent": ("couple", "POST", "link"),
    "therapist_revoke": ("couple", "POST", "link"),
    "agreement_accept": ("couple", "POST", "agreement"),
    "agreement_withdraw": ("couple", "POST", "agreement"),
    "agreement_revisit": ("couple", "GET", "due agreement"),
    "agreement_revisit_decide": ("couple", "POST", "due agreement"),
    "revisit_detail": ("couple", "GET", "revisit"),
    "api-agreement-revisit": ("couple", "GET", "due agreement"),
    "api-agreement-revisit-decision": ("couple", "POST", "due agreement"),
    "checkin": ("couple", "GET", "checkin"),
    "checkin_submit": ("couple", "POST", "checkin"),
    "checkin_flag": ("couple", "POST", "checkin"),
    "report": ("couple", "GET", "checkin"),
    "talk": ("couple", "GET", "checkin"),
    "talk_summary": ("couple", "GET", "checkin"),
    "talk_turn": ("couple", "POST", "checkin"),
    "talk_mark": ("couple", "POST", "checkin"),
    "safety_check": ("couple", "GET", "checkin"),
    "safety_support": ("couple", "GET", "checkin"),
    "safety_share": ("couple", "POST", "checkin"),
    "api-safety-check": ("couple", "GET", "checkin"),
    "api-behavior": ("couple", "GET", "behavior"),
    "api-agreement-accept": ("couple", "POST", "agreement"),
    "api-agreement-withdraw": ("couple", "POST", "agreement"),
    "api-therapist-consent": ("couple", "POST", "link"),
    "api-therapist-revoke": ("couple", "POST", "link"),
    "api-checkin": ("couple", "GET", "checkin"),
    "api-checkin-answers": ("couple", "GET", "checkin"),
    "api-checkin-submit": ("couple", "POST", "checkin"),
    "api-checkin-flag": ("couple", "PUT", "checkin"),
    "api-checkin-report": ("couple", "GET", "checkin"),
    "api-checkin-cards": ("couple", "PUT", "checkin"),
    "therapist_couple": ("client", "GET", "couple"),
    "therapist_report": ("client", "GET", "couple report"),
    "api-client": ("client", "GET", "couple"),
    "api-client-report": ("client", "GET", "couple report"),
    "api-client-notes": ("client", "GET", "couple"),
    "therapist_dashboard": ("therapist", "GET", None),
    "therapist_notes": ("therapist", "GET", None),
    "therapist_profile": ("therapist", "GET", None),
    "therapist_invitation_create": ("therapist", "POST", None),
    "api-clients": ("therapist", "GET", None),
    "api-client-invitations": ("therapist", "POST", None),
}

PERSONAS = ["anonymous", "owner", "partner", "stranger", "consented", "unconsented"]
SIGNED_IN = {"owner", "partner", "stranger", "consented", "unconsented"}


def _named_patterns():
    return {p.name for conf in URLCONFS for p in get_resolver(conf).url_patterns}


def test_every_route_has_an_access_test():
    assert _named_patterns() == set(ROUTES)


def test_every_api_operation_belongs_to_a_tested_route(client):
    schema = client.get("/api/schema/?format=json").json()
    for path in schema["paths"]:
        concrete = path.replace("{couple_id}", "1").replace("{checkin_id}", "1")
        concrete = concrete.replace("{pk}", "1").replace("{id}", "1")
        assert resolve(concrete).url_name in ROUTES, path


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Alex and Blair with a finished check-in, an own behavior, a waiting proposal and a
    therapist both consented to; a second therapist only Alex consented to.

    Built once for the module, in a transaction rolled back at its end: each test runs in a
    savepoint inside it, and each request in one more (see test_route_access)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


def _build_world():
    partner_a = UserFactory(display_name="Alex", email="alex@example.com")
    partner_b = UserFactory(display_name="Blair", email="blair@example.com")
    couple = CoupleFactory(partners=(partner_a, partner_b))
    outsider = UserFactory(display_name="Charlie", email="charlie@example.com")
    CoupleFactory(partners=(outsider, UserFactory(display_name="Dana")))
    therapist = make_therapist()
    own = BehaviorFactory(couple=couple, title="Our own one", created_by=partner_a)
    checkin = services.checkin_start(user=partner_a)
    fill_survey(checkin, partner_a, if_i_do="ok")
    fill_survey(checkin, partner_b, if_partner_does="not_ok")
    for person in (partner_a, partner_b):
        services.checkin_submit(user=person, checkin=checkin)
    proposal = agreement_propose(
        user=partner_a, behavior=Behavior.objects.catalog().first(), decision="not_ok"
    )
    due = due_agreement(partner_a, partner_b, behavior=Behavior.objects.catalog()[1])
    revisit_answer(partner_a, due)
    revisit_answer(partner_b, due)
    decided = due_agreement(partner_a, partner_b, behavior=Behavior.objects.catalog()[2])
    revisit_answer(partner_a, decided)
    revisit_answer(partner_b, decided)
    revisit = services.revisit_decide(user=partner_b, agreement_id=decided.pk, outcome="renew")
    link = connect_therapist(therapist, couple)
    other = make_therapist("half@example.com", name="Dr. Half")
    connect_therapist(other, couple, consenting=[partner_a])
    return {
        "people": {
            "owner": partner_a,
            "partner": partner_b,
            "stranger": outsider,
            "consented": therapist,
            "unconsented": other,
        },
        "objects": {
            "behavior": {"pk": own.pk},
            "link": {"pk": link.pk},
            "agreement": {"pk": proposal.pk},
            "due agreement": {"pk": due.pk},
            "revisit": {"pk": revisit.pk},
            "checkin": {"pk": checkin.pk},
            "couple": {"couple_id": couple.pk},
            "couple report": {"couple_id": couple.pk, "checkin_id": checkin.pk},
            "code": {"code": "ZZZZZZZZZZ"},
            "token": {"token": "not-a-signed-token"},
        },
    }


def _call(client, method, url, is_api):
    if method == "GET":
        return client.get(url)
    if is_api:
        return client.generic(method, url, "{}", content_type="application/json")
    return client.generic(method, url)


def _expected(kind, persona, is_api):
    """What the persona gets: "answer" (any, but no 5xx), "ok" (also no 404), "404", or
    "login"."""
    if kind == "public":
        return "answer"
    if persona == "anonymous":
        return "login"
    if kind == "mine":
        return "answer"
    allowed = {
        "couple": {"owner", "partner"},
        "client": {"consented"},
        "therapist": {"consented", "unconsented"},
    }[kind]
    return "ok" if persona in allowed else "404"


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_route_access(client, world, name):
    """Each persona in turn, each in a savepoint rolled back after its request: every one of
    them meets the same world (a POST by one undoes nothing for the next), built once."""
    kind, method, needs = ROUTES[name]
    url = reverse(name, kwargs=world["objects"][needs] if needs else None)
    is_api = url.startswith("/api/")
    for persona in PERSONAS:
        with transaction.atomic():
            client.logout()
            if persona in SIGNED_IN:
                user = world["people"][persona]
                client.force_login(user)
                mark_session(client, user)
            response = _call(client, method, url, is_api)
            transaction.set_rollback(True)
        cache.clear()
        _check(response, _expected(kind, persona, is_api), name, persona, is_api)


def _check(response, expected, name, persona, is_api):
    status = response.status_code
    assert status < 500, (name, persona, status)
    if expected == "login":
        if is_api:
            assert status in (401, 403), (name, status)
        else:
            assert status == 302 and "/accounts/login/" in response["Location"], (name, status)
    elif expected == "404":
        assert status == 404, (name, persona, status)
    elif expected == "ok":
        assert status != 404, (name, persona, status)
