"""GET and PUT /api/v1/checkins/{id}/safety-check/: mine only, strict about what it takes."""

import pytest
from django.urls import reverse

from safety.models import SafetyCheck

pytestmark = pytest.mark.django_db


def url(checkin):
    return reverse("api-safety-check", args=[checkin.pk])


def put(client, checkin, body):
    return client.put(url(checkin), body, format="json")


def test_the_questions_and_no_answers_yet(api, checkin, partner_a):
    body = api.as_user(partner_a).get(url(checkin)).json()
    assert [q["key"] for q in body["questions"]] == ["afraid", "controlled", "watched", "hurt"]
    assert [c["value"] for c in body["questions"][0]["choices"]] == [
        "no",
        "sometimes",
        "yes",
        "rather_not_say",
    ]
    assert body["answers"] is None


def test_answering_says_whether_there_is_a_concern(api, checkin, partner_a):
    client = api.as_user(partner_a)
    calm = put(client, checkin, {"answers": {"afraid": "no"}}).json()
    assert calm == {"concern": False, "resources": []}
    worried = put(client, checkin, {"answers": {"afraid": "sometimes"}}).json()
    assert worried["concern"] is True
    assert {"name", "how_to_reach", "region"} <= set(worried["resources"][0])
    assert client.get(url(checkin)).json()["answers"] == {"afraid": "sometimes"}


def test_the_partner_gets_the_questions_never_my_answers(api, checkin, partner_a, partner_b):
    put(api.as_user(partner_a), checkin, {"answers": {"hurt": "yes"}})
    body = api.as_user(partner_b).get(url(checkin)).json()
    assert body["answers"] is None
    assert SafetyCheck.objects.get().user == partner_a


@pytest.mark.parametrize(
    "body",
    [
        {"answers": {"afraid": "maybe"}},
        {"answers": {"nope": "no"}},
        {"answers": {"afraid": 1}},
        {"answers": ["no"]},
        {"answers": "no"},
        {},
        {"answers": {"afraid": "no"}, "extra": 1},
        ["no"],
    ],
)
def test_bad_input_is_a_400_that_changes_nothing(api, checkin, partner_a, body):
    client = api.as_user(partner_a)
    put(client, checkin, {"answers": {"afraid": "yes"}})
    response = put(client, checkin, body)
    assert response.status_code == 400, response.content
    assert SafetyCheck.objects.get().answers == {"afraid": "yes"}


@pytest.mark.parametrize("who", ["outsider", "therapist"])
def test_strangers_get_404(request, api, checkin, couple, who):
    from tests.factories import connect_therapist

    person = request.getfixturevalue(who)
    if who == "therapist":
        connect_therapist(person, couple)
    client = api.as_user(person)
    assert client.get(url(checkin)).status_code == 404
    assert put(client, checkin, {"answers": {"afraid": "no"}}).status_code == 404
    assert not SafetyCheck.objects.exists()


def test_anonymous_is_refused(api, checkin):
    assert api.get(url(checkin)).status_code in (401, 403)
