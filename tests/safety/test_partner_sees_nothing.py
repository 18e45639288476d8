"""Nothing the other partner can see changes because of the private safety check: every page
and API answer of Blair's is the same, byte for byte (the CSRF token and the export's time
aside), before and after Alex raises a concern, shares it with their therapist, and stays
unsubmitted; no email or notification reaches Blair either."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import Email, Notification
from tests.conftest import mark_session
from tests.factories import connect_therapist, fill_survey

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/checkins/",
    "/notifications/",
    "/partner/",
    "/partner/therapist/",
    "/boundaries/",
    "/account/data/",
    "/account/data/export/",
]
APIS = [
    "/api/v1/checkins/",
    "/api/v1/couple/",
    "/api/v1/notifications/",
    "/api/v1/couple/therapists/",
    "/api/v1/couple/therapists/access-log/",
]
VOLATILE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), 'name="csrfmiddlewaretoken"'),
    (re.compile(r'"exported_at": "[^"]+"'), '"exported_at"'),
]


def own_client(user):
    client = Client()
    client.force_login(user)
    mark_session(client, user)
    return client


def everything_blair_sees(client, checkin) -> dict:
    urls = [
        *PAGES,
        *APIS,
        reverse("checkin", args=[checkin.pk]),
        reverse("api-checkin", args=[checkin.pk]),
        reverse("api-checkin-answers", args=[checkin.pk]),
        reverse("api-safety-check", args=[checkin.pk]),
    ]
    seen = {}
    for url in urls:
        response = client.get(url)
        body = response.content.decode()
        for pattern, plain in VOLATILE:
            body = pattern.sub(plain, body)
        seen[url] = (response.status_code, body)
    seen["emails"] = list(Email.objects.filter(to="blair@example.com").values_list("subject"))
    seen["notifications"] = list(
        Notification.objects.filter(recipient__email="blair@example.com").values_list(
            "kind", "event_key", "params", "read_at"
        )
    )
    return seen


@pytest.mark.parametrize("with_therapist", [False, True], ids=["no therapist", "a therapist"])
@pytest.mark.parametrize("blair_submitted", [False, True], ids=["Blair answering", "Blair done"])
def test_blair_sees_exactly_the_same(
    checkin, couple, partner_a, partner_b, therapist, with_therapist, blair_submitted
):
    if with_therapist:
        connect_therapist(therapist, couple)
    fill_survey(checkin, partner_a, note="Alex's own words")
    fill_survey(checkin, partner_b)
    blair = own_client(partner_b)
    if blair_submitted:
        blair.post(reverse("checkin_submit", args=[checkin.pk]))
        blair.post(reverse("safety_check", args=[checkin.pk]), {"go": "skip"})
    before = everything_blair_sees(blair, checkin)

    alex = own_client(partner_a)
    alex.post(reverse("checkin_submit", args=[checkin.pk]))
    alex.post(
        reverse("safety_check", args=[checkin.pk]),
        {"go": "answer", "afraid": "yes", "controlled": "sometimes", "hurt": "rather_not_say"},
    )
    response = alex.put(
        reverse("api-safety-check", args=[checkin.pk]),
        json.dumps({"answers": {"afraid": "yes", "watched": "yes"}}),
        content_type="application/json",
    )
    assert response.json()["concern"] is True
    if with_therapist:
        alex.post(reverse("safety_share", args=[checkin.pk]), {"share": "1", "with_answers": "on"})
    alex.get(reverse("safety_support", args=[checkin.pk]))

    after = everything_blair_sees(blair, checkin)
    assert set(before) == set(after)
    for key in before:
        assert before[key] == after[key], key
    statuses = {key: value[0] for key, value in before.items() if key.startswith("/")}
    assert set(statuses.values()) == {200}, statuses
