import pytest
from rest_framework.test import APIClient

from boundaries.models import Agreement, Behavior
from tests.api_errors import errors_of
from tests.factories import BehaviorFactory, CoupleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def behavior(db):
    return Behavior.objects.catalog().first()


def propose(client, behavior, **body):
    payload = {"behavior": getattr(behavior, "pk", behavior), "decision": "not_ok", **body}
    return client.post("/api/v1/agreements/", payload, format="json")


def test_anonymous_gets_401(couple):
    client = APIClient()
    for url in ["/api/v1/agreements/", "/api/v1/agreements/history/"]:
        assert client.get(url).status_code == 401
    assert client.post("/api/v1/agreements/1/accept/").status_code == 401


def test_propose_accept_and_list(api, couple, partner_a, partner_b, behavior):
    created = propose(api.as_user(partner_a), behavior, revisit_on="2099-01-31")
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "proposed" and body["in_force"] is False
    assert body["proposed_by"] == {"name": "Alex", "is_me": True}
    listed = api.as_user(partner_b).get("/api/v1/agreements/").json()
    assert listed[0]["waiting_for_me"] is True
    accepted = api.post(f"/api/v1/agreements/{body['id']}/accept/")
    assert accepted.status_code == 200
    assert accepted.json()["in_force"] is True
    assert accepted.json()["accepted_by"] == {"name": "Blair", "is_me": True}


def test_accepting_your_own_is_400(api, couple, partner_a, behavior):
    client = api.as_user(partner_a)
    pk = propose(client, behavior).json()["id"]
    response = client.post(f"/api/v1/agreements/{pk}/accept/")
    assert response.status_code == 400
    assert "your partner is the one to accept" in str(response.json())


def test_withdraw(api, couple, partner_a, partner_b, behavior):
    pk = propose(api.as_user(partner_a), behavior).json()["id"]
    assert api.as_user(partner_b).post(f"/api/v1/agreements/{pk}/withdraw/").status_code == 400
    response = api.as_user(partner_a).post(f"/api/v1/agreements/{pk}/withdraw/")
    assert response.json()["status"] == "withdrawn"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"decision": "conditional"}, "conditions"),
        ({"decision": "conditional", "conditions": ""}, "conditions"),
        ({"decision": "sometimes"}, "decision"),
        ({"revisit_on": "2001-01-01"}, "revisit_on"),
        ({"revisit_on": "next week"}, "revisit_on"),
        ({"behavior": "abc"}, "behavior"),
        ({"behavior": 999999}, "behavior"),
    ],
)
def test_bad_proposals_are_400_on_the_field(api, couple, partner_a, behavior, body, field):
    response = propose(api.as_user(partner_a), body.pop("behavior", behavior), **body)
    assert response.status_code == 400
    assert field in errors_of(response)
    assert not Agreement.objects.exists()


def test_another_couples_behavior_looks_like_any_unknown_one(api, couple, partner_a, behavior):
    theirs = BehaviorFactory(couple=CoupleFactory())
    response = propose(api.as_user(partner_a), theirs)
    unknown = propose(api.as_user(partner_a), 999999)
    assert response.json() == unknown.json()


@pytest.mark.parametrize("who", ["outsider", "single"])
def test_strangers_get_404_and_see_nothing(request, api, couple, partner_a, behavior, who):
    pk = propose(api.as_user(partner_a), behavior).json()["id"]
    client = api.as_user(request.getfixturevalue(who))
    assert client.post(f"/api/v1/agreements/{pk}/accept/").status_code == 404
    assert client.post(f"/api/v1/agreements/{pk}/withdraw/").status_code == 404
    listing = client.get("/api/v1/agreements/")
    assert listing.status_code == (200 if who == "outsider" else 404)
    assert "Alex" not in str(listing.content)
    assert Agreement.objects.get().is_open


def test_history_per_behavior(api, couple, partner_a, partner_b, behavior):
    pk = propose(api.as_user(partner_a), behavior).json()["id"]
    api.as_user(partner_b).post(f"/api/v1/agreements/{pk}/accept/")
    other = Behavior.objects.catalog().last()
    propose(api.as_user(partner_b), other)
    events = api.get(f"/api/v1/agreements/history/?behavior={behavior.pk}").json()["results"]
    assert [(e["kind"], e["actor"]["name"]) for e in events] == [
        ("accepted", "Blair"),
        ("proposed", "Alex"),
    ]
    assert len(api.get("/api/v1/agreements/history/").json()["results"]) == 3
    assert api.get("/api/v1/agreements/history/?behavior=x").status_code == 400
