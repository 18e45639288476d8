"""The revisit API: blind answers in the survey's shape, both shown only once both answered,
and the decision."""

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Revisit
from boundaries.models import Agreement
from tests.factories import due_agreement, fill_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(couple, partner_a, partner_b):
    return due_agreement(partner_a, partner_b)


def _url(agreement):
    return reverse("api-agreement-revisit", args=[agreement.pk])


def _put(client, agreement, body):
    return client.put(_url(agreement), body, format="json")


def test_my_answers_then_both(api, due, partner_a, partner_b):
    client = api.as_user(partner_a)
    response = _put(
        client, due, {"if_i_do": "depends", "if_partner_does": "ok", "conditions": ["open"]}
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "waiting_for_partner"
    assert body["mine"]["conditions"] == ["open"]
    assert body["partner"] is None and body["partner_answered"] is False
    listed = client.get(reverse("api-revisits")).json()
    assert [r["agreement"]["id"] for r in listed] == [due.pk]
    assert listed[0]["state"] == "waiting_for_partner"

    client = api.as_user(partner_b)
    assert client.get(_url(due)).json()["mine"] is None
    body = _put(client, due, {"if_i_do": "ok", "if_partner_does": "not_ok", "note": "now"}).json()
    assert body["state"] == "to_decide"
    assert body["partner"]["if_i_do"] == "depends"
    assert body["mine"]["note"] == "now"


def test_earlier_answers_come_with_both(api, due, partner_a, partner_b, checkin):
    fill_survey(checkin, partner_a, if_i_do="not_ok", note="secret then")
    fill_survey(checkin, partner_b, if_i_do="depends")
    for person in (partner_a, partner_b):
        services.checkin_submit(user=person, checkin=checkin)
    _put(api.as_user(partner_a), due, {"if_i_do": "ok", "if_partner_does": "ok"})
    assert api.get(_url(due)).json()["earlier"] is None  # blind: not even my own
    body = _put(api.as_user(partner_b), due, {"if_i_do": "ok", "if_partner_does": "ok"}).json()
    assert body["earlier"]["check_in"] == checkin.pk
    assert body["earlier"]["mine"]["if_i_do"] == "depends"
    assert body["earlier"]["partner"]["note"] == "secret then"


def test_a_private_note_stays_private(api, due, partner_a, partner_b):
    _put(
        api.as_user(partner_a),
        due,
        {"if_i_do": "ok", "if_partner_does": "ok", "note": "mine", "private": True},
    )
    body = _put(api.as_user(partner_b), due, {"if_i_do": "ok", "if_partner_does": "ok"}).json()
    assert body["partner"]["note"] == "" and body["partner"]["private"] is True
    assert api.as_user(partner_a).get(_url(due)).json()["mine"]["note"] == "mine"


@pytest.mark.parametrize(
    "body",
    [
        {"if_i_do": "ok"},
        {"if_i_do": "ok", "if_partner_does": "sometimes"},
        {"if_i_do": 1, "if_partner_does": "ok"},
        {"if_i_do": "ok", "if_partner_does": "ok", "conditions": ["open"]},
        {"if_i_do": "depends", "if_partner_does": "ok", "conditions": "open"},
        {"if_i_do": "depends", "if_partner_does": "ok", "conditions": ["made-up"]},
        {"if_i_do": "ok", "if_partner_does": "ok", "private": "yes"},
        {"if_i_do": "ok", "if_partner_does": "ok", "note": "x" * 1001},
        [],
    ],
)
def test_bad_answers_get_400(api, due, partner_a, body):
    response = _put(api.as_user(partner_a), due, body)
    assert response.status_code == 400, response.json()
    assert not Revisit.objects.filter(answers__isnull=False).exists()


def test_a_boundary_not_due(api, couple, partner_a, partner_b):
    agreement = due_agreement(partner_a, partner_b)
    Agreement.objects.filter(pk=agreement.pk).update(revisit_on=None)
    client = api.as_user(partner_a)
    assert client.get(_url(agreement)).json()["state"] == "not_due"
    response = _put(client, agreement, {"if_i_do": "ok", "if_partner_does": "ok"})
    assert response.status_code == 400
    assert "not due" in str(response.json())


def test_deciding(api, due, partner_a, partner_b):
    decision = reverse("api-agreement-revisit-decision", args=[due.pk])
    client = api.as_user(partner_a)
    _put(client, due, {"if_i_do": "ok", "if_partner_does": "ok"})
    assert client.post(decision, {"outcome": "renew"}, format="json").status_code == 400
    _put(api.as_user(partner_b), due, {"if_i_do": "ok", "if_partner_does": "ok"})
    client = api.as_user(partner_a)
    assert client.post(decision, {"outcome": "forget"}, format="json").status_code == 400
    bad = {"outcome": "change", "decision": "conditional", "conditions": ""}
    assert client.post(decision, bad, format="json").status_code == 400
    response = client.post(decision, {"outcome": "change", "decision": "ok"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["outcome"] == "changed"
    assert Agreement.objects.get(pk=body["proposal"]).is_open
    # Sent twice: the same answer, nothing new.
    again = client.post(decision, {"outcome": "change", "decision": "ok"}, format="json")
    assert again.json()["id"] == body["id"]
    assert Agreement.objects.filter(status="proposed").count() == 1
    assert client.get(_url(due)).json()["state"] == "not_due"


def test_anonymous_is_refused(client, due):
    assert client.get(_url(due)).status_code in (401, 403)
    assert client.get(reverse("api-revisits")).status_code in (401, 403)


def test_a_stranger_gets_404(api, due, outsider):
    client = api.as_user(outsider)
    assert client.get(_url(due)).status_code == 404
    assert _put(client, due, {"if_i_do": "ok", "if_partner_does": "ok"}).status_code == 404
    assert client.get(reverse("api-revisits")).json() == []
