"""Sign-up, verification, login, logout and password reset through allauth, as people use them."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from boundaries.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another calm evening"


def sign_up(client, email="robin@example.com", password=PASSWORD, **extra):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": password, "password2": password, **extra},
    )


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_signup_with_email_and_name_logs_in_when_verification_is_optional(client):
    response = sign_up(client, display_name="Robin")
    assert response.status_code == 302
    user = User.objects.get(email="robin@example.com")
    assert user.display_name == "Robin"
    assert "Hello, Robin" in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("password", "message"),
    [("short pass", "at least 12 characters"), ("password1234", "too common")],
)
def test_weak_passwords_are_refused_with_a_reason(client, password, message):
    response = sign_up(client, password=password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_signing_up_twice_with_one_email_makes_one_account(client, single):
    sign_up(client, email=single.email)
    assert User.objects.filter(email=single.email).count() == 1


class TestMandatoryVerification:
    """Production requires a verified address before anyone can log in."""

    @pytest.fixture(autouse=True)
    def mandatory(self, settings):
        settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"

    def test_signup_sends_a_link_and_does_not_log_in(self, client, committed):
        with committed():
            sign_up(client)
        assert client.get("/").context["user"].is_anonymous
        assert "confirm" in mail.outbox[0].body.lower()

    def test_login_waits_for_verification_then_works(self, client, committed):
        with committed():
            sign_up(client)
        confirm_url = link_in(mail.outbox[0])
        client.post(reverse("account_login"), {"login": "robin@example.com", "password": PASSWORD})
        assert client.get("/").context["user"].is_anonymous

        client.post(confirm_url)
        assert EmailAddress.objects.get(email="robin@example.com").verified
        client.post(reverse("account_login"), {"login": "robin@example.com", "password": PASSWORD})
        assert client.get("/").context["user"].is_authenticated

    def test_headless_signup_reports_the_pending_verification(self):
        response = APIClient().post(
            "/_allauth/app/v1/auth/signup",
            {"email": "robin@example.com", "password": PASSWORD},
            format="json",
        )
        assert response.status_code == 401
        flows = {flow["id"]: flow for flow in response.json()["data"]["flows"]}
        assert flows["verify_email"]["is_pending"]


def test_login_and_logout(client, single):
    response = client.post(reverse("account_login"), {"login": single.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"] == single
    client.post(reverse("account_logout"))
    assert client.get("/").context["user"].is_anonymous


def test_wrong_password_is_refused(client, single):
    response = client.post(reverse("account_login"), {"login": single.email, "password": "nope"})
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()


def test_password_reset_by_email(client, single, committed):
    with committed():
        client.post(reverse("account_reset_password"), {"email": single.email})
    assert mail.outbox[0].to == [single.email]
    reset_url = link_in(mail.outbox[0])
    form_page = client.get(reset_url, follow=True)
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset_url
    client.post(set_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    single.refresh_from_db()
    assert single.check_password(NEW_PASSWORD)


def test_password_reset_for_unknown_email_looks_the_same(client):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
