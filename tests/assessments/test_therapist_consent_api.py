"""Granting a therapist access through the API asks for the password again, as the pages do;
ending access never does."""

import time

import pytest
from rest_framework.test import APIClient

from boundaries.models import TherapistConsent, TherapistLink
from boundaries.services import therapists as therapist_services
from tests.api_errors import error_codes, error_text
from tests.app_client import app_client, confirm_password, token_session
from tests.factories import PASSWORD, connect_therapist

CONNECT = "/api/v1/couple/therapists/"


@pytest.fixture
def code(therapist):
    return therapist_services.invitation_create(therapist=therapist).code


def test_connecting_without_a_fresh_password_is_refused(couple, partner_a, code):
    client = app_client(partner_a)
    response = client.post(CONNECT, {"code": code}, format="json")
    assert response.status_code == 403
    assert error_codes(response) == ["reauthentication_required"]
    assert "/_allauth/app/v1/auth/reauthenticate" in error_text(response)
    assert not TherapistLink.objects.exists()


def test_a_wrong_password_does_not_count(couple, partner_a, code):
    client = app_client(partner_a)
    assert confirm_password(client, "not my password at all").status_code == 400
    assert client.post(CONNECT, {"code": code}, format="json").status_code == 403
    assert not TherapistLink.objects.exists()


def test_both_partners_confirm_then_access_starts(couple, partner_a, partner_b, code):
    alex = app_client(partner_a)
    assert confirm_password(alex).status_code == 200
    response = alex.post(CONNECT, {"code": code}, format="json")
    assert response.status_code == 201, response.content
    link_id = response.json()["id"]
    assert response.json()["status"] == "waiting"

    blair = app_client(partner_b)
    consent = f"{CONNECT}{link_id}/consent/"
    assert blair.post(consent).status_code == 403
    assert TherapistConsent.objects.filter(link_id=link_id).count() == 1

    assert confirm_password(blair).status_code == 200
    response = blair.post(consent)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "active"


def test_a_confirmation_grows_stale(couple, partner_a, code):
    from allauth.account.internal.flows import login as allauth_login

    client = app_client(partner_a)
    assert confirm_password(client).status_code == 200
    store = token_session(client.token)
    records = store[allauth_login.AUTHENTICATION_METHODS_SESSION_KEY]
    for record in records:
        record["at"] = time.time() - 60 * 60
    store[allauth_login.AUTHENTICATION_METHODS_SESSION_KEY] = records
    store.save()
    assert client.post(CONNECT, {"code": code}, format="json").status_code == 403


def test_a_stranger_gets_404_for_someone_elses_link(couple, therapist, outsider):
    link = connect_therapist(therapist, couple, consenting=[])
    client = app_client(outsider)
    assert client.post(f"{CONNECT}{link.pk}/consent/").status_code == 404
    assert confirm_password(client).status_code == 200
    assert client.post(f"{CONNECT}{link.pk}/consent/").status_code == 404
    assert not link.consents.exists()


def test_anonymous_gets_401(couple, therapist):
    link = connect_therapist(therapist, couple, consenting=[])
    assert APIClient().post(f"{CONNECT}{link.pk}/consent/").status_code == 401


def test_ending_access_needs_no_password(couple, therapist, partner_b):
    link = connect_therapist(therapist, couple)
    response = app_client(partner_b).post(f"{CONNECT}{link.pk}/revoke/")
    assert response.status_code == 200
    assert response.json()["status"] == "revoked"


class TestEmailChange:
    """Where password resets go is as sensitive as the password: it asks for it again."""

    def test_page_asks_for_the_password_before_adding_an_address(self, client, single):
        client.post("/accounts/login/", {"login": single.email, "password": PASSWORD})
        response = client.post(
            "/accounts/email/", {"action_add": "", "email": "new.address@example.com"}
        )
        assert response.status_code == 302
        assert "/accounts/reauthenticate/" in response["Location"]
        assert not single.emailaddress_set.filter(email="new.address@example.com").exists()

    def test_api_asks_for_the_password_before_adding_an_address(self, single):
        client = app_client(single)
        add = "/_allauth/app/v1/account/email"
        response = client.post(add, {"email": "new.address@example.com"}, format="json")
        assert response.status_code == 401
        assert not single.emailaddress_set.filter(email="new.address@example.com").exists()
        assert confirm_password(client).status_code == 200
        response = client.post(add, {"email": "new.address@example.com"}, format="json")
        assert response.status_code == 200
        assert single.emailaddress_set.filter(email="new.address@example.com").exists()


PREVIEW = "/api/v1/couple/therapists/preview/"


class TestPreview:
    """Who a code belongs to, and what consenting would mean, before anyone consents."""

    def test_shows_the_therapist_and_changes_nothing(self, api, couple, partner_a, code):
        response = api.as_user(partner_a).post(PREVIEW, {"code": code.lower()}, format="json")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["therapist"]["name"] == "Dr. Sam Rivera"
        assert body["therapist"]["credentials"] == "LMFT"
        assert any("agreements" in item for item in body["will_see"])
        assert any("not yet submitted" in item for item in body["will_not_see"])
        assert not TherapistLink.objects.exists()

    def test_the_page_says_the_same(self, login, couple, partner_a, code):
        html = login(partner_a).get(f"/partner/therapist/?code={code}").content.decode()
        assert "What they will not see" in html
        assert "Anything at all once either of you ends their access." in html

    @pytest.mark.parametrize("sent", [{"code": "ZZZZZZZZZZ"}, {"code": 1234567890}, {}, []])
    def test_unknown_or_malformed_codes_are_400(self, api, couple, partner_a, sent):
        response = api.as_user(partner_a).post(PREVIEW, sent, format="json")
        assert response.status_code == 400

    def test_an_expired_code_is_not_shown(self, api, couple, partner_a, therapist):
        from django.utils import timezone

        invitation = therapist_services.invitation_create(therapist=therapist)
        invitation.expires_at = timezone.now()
        invitation.save(update_fields=["expires_at"])
        response = api.as_user(partner_a).post(PREVIEW, {"code": invitation.code}, format="json")
        assert response.status_code == 400
        assert "Dr. Sam Rivera" not in response.content.decode()

    def test_guessing_is_limited_per_address(self, api, couple, partner_a, code):
        client = api.as_user(partner_a)
        for _ in range(20):
            assert client.post(PREVIEW, {"code": "ZZZZZZZZZZ"}, format="json").status_code == 400
        assert client.post(PREVIEW, {"code": code}, format="json").status_code == 429

    def test_only_for_people_with_a_partner(self, api, single, therapist, code):
        assert api.as_user(single).post(PREVIEW, {"code": code}, format="json").status_code == 404
        therapist_client = api.as_user(therapist)
        assert therapist_client.post(PREVIEW, {"code": code}, format="json").status_code == 404

    def test_anonymous_gets_401(self, code):
        assert APIClient().post(PREVIEW, {"code": code}, format="json").status_code == 401
