"""The API fuzzed against its own OpenAPI schema, with schemathesis, as real signed-in people.

Every operation in /api/schema/ gets requests generated from the schema: valid ones and
invalid ones, aimed at made-up ids and at the couple's real check-ins, agreements,
behaviors and therapist links. Each response must not be a 5xx, and its status code,
content type, headers and body must be what the schema says.

Requests go through the WSGI app in this process, so they see the test's database
transaction. FUZZ_EXAMPLES (default 15) sets how many requests each pass makes.
"""

import json
import os
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi import checks as openapi_checks

from assessments import services as assessment_services
from boundaries import services as boundary_services
from boundaries.models import Agreement, Behavior
from boundaries.services import therapists as therapist_services
from config.wsgi import application
from tests.app_client import app_client, confirm_password
from tests.factories import (
    TOTP_SECRET,
    BehaviorFactory,
    CoupleFactory,
    UserFactory,
    connect_therapist,
    fill_survey,
    make_therapist,
)

# One worker runs the module, so what it starts or builds once is started or built once.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("fuzz-world")]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))


def _load_schema():
    # The same document /api/schema/ serves, made without a request (no database needed).
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(json.dumps(document, default=str)))
    loaded.app = application
    return loaded


SCHEMA = _load_schema()
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
# A business rule (already submitted, not your turn, ...) may refuse a well-formed request
# with 400 or 409; the schema documents both, so only "valid data must be accepted" is off.
EXCLUDED = [openapi_checks.positive_data_acceptance]
# Alex has a partner, so has no invitation waiting.
NOTHING_TO_SHOW_ALEX = {"GET /api/v1/invitations/"}


@contextmanager
def shared_connection():
    """Keep the test's connection (and transaction) open across requests, as Django's test
    client does: the WSGI handler would otherwise close it when each request ends."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def token_for(user, *, totp=False):
    """A real X-Session-Token from allauth's app login (with the second factor if asked),
    freshly re-authenticated so that granting a therapist access is reached too."""
    client = app_client(user, totp_secret=TOTP_SECRET if totp else None)
    assert confirm_password(client).status_code == 200
    return client.token


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Alex and Blair with a finished and an open check-in, agreements, their own behavior
    and a consenting therapist; ids keyed by the path parameter names the schema uses.

    Built once for the module, with the two people's tokens, in a transaction rolled back at
    its end; each test runs in a savepoint inside it (pytest-django's own, rolled back)."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = _build_world()
        built["tokens"] = {
            "alex": token_for(built["alex"]),
            "therapist": token_for(built["therapist"], totp=True),
        }
        yield built
        transaction.set_rollback(True)


def _build_world():
    alex = UserFactory(display_name="Alex", email="alex@example.com")
    blair = UserFactory(display_name="Blair", email="blair@example.com")
    couple = CoupleFactory(partners=(alex, blair))
    CoupleFactory()  # strangers, whose ids are near Alex and Blair's

    finished = assessment_services.checkin_start(user=alex)
    fill_survey(finished, alex, if_i_do="ok", if_partner_does="not_ok")
    fill_survey(finished, blair, if_i_do="depends", if_partner_does="ok", note="when")
    assessment_services.checkin_submit(user=alex, checkin=finished)
    assessment_services.checkin_submit(user=blair, checkin=finished)
    open_checkin = assessment_services.checkin_start(user=blair)

    own = boundary_services.behavior_create(
        user=alex, title="Texting late at night", category=BehaviorFactory().category
    )
    catalog = Behavior.objects.filter(couple=None).order_by("pk")
    boundary_services.agreement_propose(
        user=alex, behavior=catalog[0], decision=Agreement.Decision.NOT_OK
    )
    waiting = boundary_services.agreement_propose(
        user=blair, behavior=catalog[1], decision=Agreement.Decision.OK
    )
    therapist = make_therapist()
    link = connect_therapist(therapist, couple)
    therapist_services.note_add(therapist=therapist, couple=couple, text="First session went well.")
    return {
        "alex": alex,
        "therapist": therapist,
        "ids": {
            # /api/v1/<kind>/{id}/...: the object of Alex's that the path can reach
            "checkins": open_checkin.pk,
            "report": finished.pk,
            "agreements": waiting.pk,
            "behaviors": own.pk,
            "therapists": link.pk,
            "couple_id": couple.pk,
            "checkin_id": finished.pk,
        },
    }


def real_path_parameters(operation, ids):
    """The couple's own ids for this operation's path, so requests reach real objects."""
    params = {name: ids[name] for name in ("couple_id", "checkin_id") if name in operation.path}
    if "{id}" in operation.path:
        parts = operation.path.strip("/").split("/")
        kind = "report" if parts[-1] == "report" else parts[parts.index("{id}") - 1]
        params["id"] = ids[kind]
    return params


def fuzz(operation, *, token, path_parameters, mode) -> list[int]:
    """Run one pass; the status codes the app answered with."""
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)
    statuses = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=bool(os.environ.get("CI")),
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case):
        cache.clear()  # throttling counts live in the cache; fuzzing is not abuse
        headers = {"X-Session-Token": token}
        response = case.call(headers=headers)
        statuses.append(response.status_code)
        case.validate_response(response, excluded_checks=EXCLUDED, headers=headers)

    with shared_connection():
        check()
    return statuses


def as_whom(operation, world):
    if operation.path.startswith("/api/v1/therapist/"):
        return world["tokens"]["therapist"]
    return world["tokens"]["alex"]


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_fuzzed_requests_get_documented_answers(operation, world):
    token = as_whom(operation, world)
    real = real_path_parameters(operation, world["ids"])
    has_input = bool(len(operation.body) or len(operation.query))
    answered = fuzz(operation, token=token, path_parameters=real, mode=GenerationMode.POSITIVE)
    if operation.method.upper() == "GET" and operation.label not in NOTHING_TO_SHOW_ALEX:
        # The pass reached real data, not only 404s and 400s.
        assert 200 in answered, answered
    if has_input:
        fuzz(operation, token=token, path_parameters=real, mode=GenerationMode.NEGATIVE)
    if real:
        # Made-up ids (someone else's, none at all, or not even numbers) must still get a
        # documented answer.
        fuzz(operation, token=token, path_parameters=None, mode=GenerationMode.POSITIVE)
        fuzz(operation, token=token, path_parameters=None, mode=GenerationMode.NEGATIVE)
