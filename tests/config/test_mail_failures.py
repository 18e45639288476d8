"""When the mail server refuses, people get a calm answer and nothing half-made is kept."""

import smtplib

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from rest_framework.test import APIClient

from boundaries.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "new.person@example.com"


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def mail_is_down(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"


def sign_up_on_the_page(client, email=NEW):
    return client.post(
        "/accounts/signup/",
        {"email": email, "display_name": "Robin", "password1": PASSWORD, "password2": PASSWORD},
    )


def test_a_page_sign_up_keeps_nothing_and_says_why(client, mail_is_down):
    response = sign_up_on_the_page(client)
    assert response.status_code == 503
    assert "could not be sent" in response.content.decode()
    assert response["Retry-After"]
    assert not User.objects.filter(email=NEW).exists()


def test_an_app_sign_up_keeps_nothing_and_answers_json(mail_is_down):
    response = APIClient().post(
        "/_allauth/app/v1/auth/signup", {"email": NEW, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 503
    assert "nothing was saved" in response.json()["detail"]
    assert not User.objects.filter(email=NEW).exists()


def test_signing_up_again_once_mail_works_succeeds(client, mail_is_down, settings, mailoutbox):
    sign_up_on_the_page(client)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = sign_up_on_the_page(client)
    assert response.status_code == 302
    assert User.objects.filter(email=NEW).count() == 1
    assert [message.to for message in mailoutbox] == [[NEW]]


def test_a_taken_address_answers_the_same_when_mail_is_down(client, mail_is_down, single):
    """Even a failure must not tell who has an account."""
    taken = sign_up_on_the_page(client, single.email)
    new = sign_up_on_the_page(client)
    assert taken.status_code == new.status_code == 503
    assert User.objects.filter(email__iexact=single.email).count() == 1


def test_password_reset_says_so_calmly(client, mail_is_down, single):
    response = client.post("/accounts/password/reset/", {"email": single.email})
    assert response.status_code == 503
    assert "could not be sent" in response.content.decode()
