import json

import pytest
from django.urls import reverse

from assessments.models import Answer
from boundaries import services as boundary_services
from boundaries.models import Agreement, AgreementEvent, Behavior, User
from tests.factories import fill_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(checkin, partner_a, partner_b):
    fill_survey(checkin, partner_a, note="Alex's own words")
    fill_survey(checkin, partner_b, note="Blair's own words")
    behavior = Behavior.objects.catalog().first()
    proposal = boundary_services.agreement_propose(
        user=partner_a, behavior=behavior, decision="not_ok"
    )
    boundary_services.agreement_accept(user=partner_b, agreement_id=proposal.pk)
    return checkin


def test_export_has_my_data_and_none_of_my_partners(login, history, partner_a):
    response = login(partner_a).get(reverse("my_data_export"))
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == partner_a.email
    assert {a["note"] for a in data["my_answers"]} == {"Alex's own words"}
    assert "Blair's own words" not in response.content.decode()
    assert data["agreements"][0]["proposed_by_me"] is True


def test_anonymous_cannot_export(client):
    assert client.get(reverse("my_data_export")).status_code == 302


def test_delete_removes_mine_keeps_the_partners_and_history(
    fresh_login, history, partner_a, partner_b
):
    client = fresh_login(partner_a)
    response = client.post(reverse("account_delete"), {"confirm": "delete"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=partner_a.pk).exists()
    assert not Answer.objects.filter(note="Alex's own words").exists()
    assert Answer.objects.filter(user=partner_b).exists()
    agreement = Agreement.objects.get()
    assert agreement.proposed_by is None
    assert AgreementEvent.objects.count() == 2
    html = fresh_login(partner_b).get(reverse("agreement_history")).content.decode()
    # Blair is no longer linked, so the page is gone for her too; the rows remain.
    assert "Alex" not in html


def test_delete_needs_the_box_ticked_and_a_fresh_password(login, fresh_login, partner_a):
    response = login(partner_a).post(reverse("account_delete"), {"confirm": "delete"})
    assert "/accounts/reauthenticate/" in response["Location"]
    fresh_login(partner_a).post(reverse("account_delete"), {})
    assert User.objects.filter(pk=partner_a.pk).exists()


def test_privacy_page_is_public(client):
    html = client.get(reverse("privacy")).content.decode()
    assert "What we store" in html and "no analytics" in html
