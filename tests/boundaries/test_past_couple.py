"""A couple that ended stays readable, read-only, to the people who were in it; nobody else."""

import pytest
from django.urls import reverse

from boundaries import services
from boundaries.models import Agreement, Behavior
from tests.factories import BehaviorFactory, CoupleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def behavior(db):
    return Behavior.objects.catalog().first()


@pytest.fixture
def ended(couple, partner_a, partner_b, behavior):
    """Alex and Blair agreed one boundary, Alex proposed another, then Blair unlinked."""
    proposal = services.agreement_propose(
        user=partner_a, behavior=behavior, decision="conditional", conditions="Only at work"
    )
    services.agreement_accept(user=partner_b, agreement_id=proposal.pk)
    other = Behavior.objects.catalog().exclude(pk=behavior.pk).first()
    services.agreement_propose(user=partner_a, behavior=other, decision="not_ok")
    services.couple_unlink(user=partner_b)
    return couple


def test_after_unlinking_each_reads_what_was_in_force(login, ended, partner_a, partner_b):
    for me, other in [(partner_a, "Blair"), (partner_b, "Alex")]:
        html = login(me).get(reverse("agreements")).content.decode()
        assert "This link has ended" in html
        assert "In force when the link ended" in html
        assert "Only at work" in html
        assert "Propose a" not in html and "Withdraw" not in html and "Accept" not in html
        assert other not in html
        assert "a former partner" in html


def test_after_unlinking_the_history_names_only_me(login, ended, partner_a):
    html = login(partner_a).get(reverse("agreement_history")).content.decode()
    assert "Alex</strong> proposed" in html
    assert "A former partner</strong> accepted" in html
    assert "Blair" not in html
    assert f"?couple={ended.pk}&amp;behavior=" in html


def test_after_unlinking_the_api_history_names_only_me(api, ended, partner_b):
    events = api.as_user(partner_b).get("/api/v1/agreements/history/").json()["results"]
    assert {(e["kind"], e["actor"]["name"], e["actor"]["is_me"]) for e in events} == {
        ("proposed", "a former partner", False),
        ("accepted", "Blair", True),
    }
    assert all(e["agreement"]["proposed_by"]["name"] == "a former partner" for e in events)
    # Alex's last proposal was never answered, and now cannot be.
    assert not any(e["agreement"]["waiting_for_me"] for e in events)


def test_nothing_can_be_changed_after_unlinking(login, api, ended, partner_a, partner_b, behavior):
    waiting = Agreement.objects.get(status="proposed")
    client = login(partner_b)
    assert client.post(reverse("agreement_accept", args=[waiting.pk])).status_code == 404
    response = client.post(
        reverse("agreement_propose"), {"behavior": behavior.pk, "decision": "ok"}
    )
    assert response.status_code == 404
    response = api.as_user(partner_a).post(
        "/api/v1/agreements/", {"behavior": behavior.pk, "decision": "ok"}, format="json"
    )
    assert response.status_code == 404
    assert Agreement.objects.count() == 2
    waiting.refresh_from_db()
    assert waiting.is_open


def test_relinked_reads_the_earlier_couple_by_its_id(login, ended, partner_a, single, outsider):
    CoupleFactory(partners=(partner_a, single))
    client = login(partner_a)
    current = client.get(reverse("agreements")).content.decode()
    assert "This link has ended" not in current and "Only at work" not in current
    earlier = client.get(reverse("agreements") + f"?couple={ended.pk}").content.decode()
    assert "This link has ended" in earlier and "Only at work" in earlier
    history = reverse("agreement_history") + f"?couple={ended.pk}"
    assert "Only at work" in client.get(history).content.decode()
    for stranger in (single, outsider):
        client = login(stranger)
        for name in ["agreements", "agreement_history"]:
            assert client.get(reverse(name) + f"?couple={ended.pk}").status_code == 404


@pytest.mark.parametrize("query", ["abc", "²", "9" * 40, "-1", ""])
def test_odd_couple_ids_are_404(login, ended, partner_a, query):
    client = login(partner_a)
    for name in ["agreements", "agreement_history"]:
        assert client.get(reverse(name) + f"?couple={query}").status_code == 404


@pytest.mark.parametrize("extra", [0, 86], ids=["14 behaviors", "100 behaviors"])
def test_past_pages_do_not_grow_with_the_agreements(
    login, api, couple, partner_a, partner_b, extra, django_assert_max_num_queries
):
    BehaviorFactory.create_batch(extra)
    for behavior in Behavior.objects.visible_to(couple):
        proposal = services.agreement_propose(user=partner_a, behavior=behavior, decision="ok")
        services.agreement_accept(user=partner_b, agreement_id=proposal.pk)
    services.couple_unlink(user=partner_a)
    client = login(partner_a)
    for url in [reverse("agreements"), reverse("agreement_history")]:
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200
    rest = api.as_user(partner_b)
    with django_assert_max_num_queries(6):
        assert rest.get("/api/v1/agreements/history/").status_code == 200


def test_the_api_reads_an_earlier_couples_history_by_its_id(
    api, ended, partner_a, single, outsider
):
    CoupleFactory(partners=(partner_a, single))
    client = api.as_user(partner_a)
    assert client.get("/api/v1/agreements/history/").json()["results"] == []
    earlier = client.get(f"/api/v1/agreements/history/?couple={ended.pk}").json()["results"]
    assert {e["agreement"]["conditions"] for e in earlier} >= {"Only at work"}
    assert "Blair" not in str(earlier)
    for stranger in (single, outsider):
        response = api.as_user(stranger).get(f"/api/v1/agreements/history/?couple={ended.pk}")
        assert response.status_code == 404
    for odd in ["abc", "-1", "9" * 40]:
        response = client.get(f"/api/v1/agreements/history/?couple={odd}")
        assert response.status_code == 400
