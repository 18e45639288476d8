import pytest
from rest_framework.test import APIClient

from boundaries.models import Couple, Invitation
from tests.api_errors import errors_of
from tests.factories import PASSWORD, InvitationFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    ("post", "/api/v1/invitations/"),
    ("post", "/api/v1/invitations/accept/"),
    ("get", "/api/v1/couple/"),
    ("delete", "/api/v1/couple/"),
]


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_anonymous_gets_401(method, url):
    response = getattr(APIClient(), method)(url, {}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "X-Session-Token"


class TestInvitations:
    def test_create_returns_the_code_and_link(self, api, single):
        response = api.as_user(single).post("/api/v1/invitations/", {}, format="json")
        assert response.status_code == 201
        invitation = Invitation.objects.get(inviter=single)
        assert response.json()["code"] == invitation.display_code
        assert response.json()["link"].endswith(f"/invite/{invitation.code}/")

    def test_create_with_bad_email_names_the_field(self, api, single):
        response = api.as_user(single).post(
            "/api/v1/invitations/", {"email": "nope"}, format="json"
        )
        assert response.status_code == 400
        assert "email" in errors_of(response)

    def test_create_while_linked_is_a_readable_400(self, api, partner_a, couple):
        response = api.as_user(partner_a).post("/api/v1/invitations/", {}, format="json")
        assert response.status_code == 400
        assert "already linked" in errors_of(response)["non_field_errors"][0]

    def test_accept_with_messy_code_links_and_returns_the_couple(self, api, single):
        invitation = InvitationFactory(code="7K3M9QW2XA")
        response = api.as_user(single).post(
            "/api/v1/invitations/accept/", {"code": "7k3m9 - qw2xa"}, format="json"
        )
        assert response.status_code == 201
        body = response.json()
        assert body["you"]["email"] == single.email
        assert body["partner"]["email"] == invitation.inviter.email

    @pytest.mark.parametrize("payload", [{}, {"code": ""}, {"code": "ZZZZZZZZZZ"}, {"code": 12}])
    def test_accept_bad_code_is_400_on_the_code_field(self, api, single, payload):
        response = api.as_user(single).post("/api/v1/invitations/accept/", payload, format="json")
        assert response.status_code == 400
        assert list(errors_of(response)) == ["code"]
        assert not Couple.objects.exists()

    def test_accept_own_invitation_is_refused(self, api, single):
        invitation = InvitationFactory(inviter=single)
        response = api.as_user(single).post(
            "/api/v1/invitations/accept/", {"code": invitation.code}, format="json"
        )
        assert response.status_code == 400
        assert "your own invitation" in errors_of(response)["code"][0]

    def test_accept_while_linked_is_refused(self, api, partner_a, couple):
        invitation = InvitationFactory()
        response = api.as_user(partner_a).post(
            "/api/v1/invitations/accept/", {"code": invitation.code}, format="json"
        )
        assert response.status_code == 400


class TestCouple:
    def test_not_linked_is_404(self, api, single):
        assert api.as_user(single).get("/api/v1/couple/").status_code == 404

    @pytest.mark.parametrize(("who", "other"), [("partner_a", "Blair"), ("partner_b", "Alex")])
    def test_partners_see_each_other(self, request, api, couple, who, other):
        response = api.as_user(request.getfixturevalue(who)).get("/api/v1/couple/")
        assert response.status_code == 200
        assert response.json()["partner"]["name"] == other
        assert response.json()["id"] == couple.pk

    def test_outsider_sees_only_their_own_couple(self, api, outsider, couple):
        body = api.as_user(outsider).get("/api/v1/couple/").json()
        assert body["id"] != couple.pk
        assert "Alex" not in str(body) and "Blair" not in str(body)

    def test_delete_unlinks_for_both(self, api, partner_a, partner_b, couple):
        assert api.as_user(partner_a).delete("/api/v1/couple/").status_code == 204
        assert api.as_user(partner_b).get("/api/v1/couple/").status_code == 404
        assert api.as_user(partner_b).delete("/api/v1/couple/").status_code == 404

    def test_outsider_delete_leaves_another_couple_alone(self, api, outsider, couple):
        api.as_user(outsider).delete("/api/v1/couple/")
        couple.refresh_from_db()
        assert couple.ended_at is None


class TestHeadlessTokens:
    """API clients sign up and log in through allauth's app client and send X-Session-Token."""

    def signup(self, email):
        response = APIClient().post(
            "/_allauth/app/v1/auth/signup",
            {"email": email, "password": PASSWORD},
            format="json",
        )
        assert response.status_code == 200, response.content
        return response.json()["meta"]["session_token"]

    def test_two_people_link_up_with_tokens_only(self):
        token_a = self.signup("a@example.com")
        token_b = self.signup("b@example.com")
        a = APIClient(headers={"X-Session-Token": token_a})
        b = APIClient(headers={"X-Session-Token": token_b})
        code = a.post("/api/v1/invitations/", {}, format="json").json()["code"]
        assert (
            b.post("/api/v1/invitations/accept/", {"code": code}, format="json").status_code == 201
        )
        assert a.get("/api/v1/couple/").json()["partner"]["email"] == "b@example.com"

    def login(self, user):
        response = APIClient().post(
            "/_allauth/app/v1/auth/login",
            {"email": user.email, "password": PASSWORD},
            format="json",
        )
        assert response.status_code == 200, response.content
        return APIClient(headers={"X-Session-Token": response.json()["meta"]["session_token"]})

    def test_login_returns_a_token(self, single):
        me = self.login(single)
        assert me.get("/api/v1/couple/").status_code == 404

    def test_wrong_token_is_401(self):
        client = APIClient(headers={"X-Session-Token": "not-a-token"})
        assert client.get("/api/v1/couple/").status_code == 401

    def test_an_expired_token_is_401(self, single):
        from datetime import timedelta

        from django.contrib.sessions.models import Session
        from django.utils import timezone

        client = self.login(single)
        token = client.defaults["HTTP_X_SESSION_TOKEN"]
        Session.objects.filter(session_key=token).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
        assert client.get("/api/v1/couple/").status_code == 401

    def test_a_token_is_looked_up_in_one_query(self, single, django_assert_num_queries):
        from allauth.headless import app_settings
        from django.contrib.auth import SESSION_KEY

        token = self.login(single).defaults["HTTP_X_SESSION_TOKEN"]
        with django_assert_num_queries(1):  # allauth's own: one to ask, one to load
            session = app_settings.TOKEN_STRATEGY.lookup_session(token)
            assert session[SESSION_KEY] == str(single.pk)
        with django_assert_num_queries(1):
            assert app_settings.TOKEN_STRATEGY.lookup_session("x" * 32) is None

    def test_logout_ends_the_token(self, single):
        client = self.login(single)
        client.delete("/_allauth/app/v1/auth/session")
        assert client.get("/api/v1/couple/").status_code == 401

    def test_browser_session_works_too(self, client, single):
        client.force_login(single)
        assert client.get("/api/v1/couple/").status_code == 404


def test_schema_documents_the_couple_endpoints(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ["/api/v1/invitations/", "/api/v1/invitations/accept/", "/api/v1/couple/"]:
        assert path in paths
    assert "sessionToken" in response.json()["components"]["securitySchemes"]


def test_api_docs_are_for_developers(client, login, single, settings):
    assert client.get("/api/docs/").status_code == 404
    assert login(single).get("/api/docs/").status_code == 404
    settings.DEBUG = True
    assert client.get("/api/docs/").status_code == 200


def test_api_docs_load_nothing_from_other_sites(staff_client):
    client = staff_client
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assert "https://" not in html
