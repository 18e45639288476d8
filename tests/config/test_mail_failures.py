"""When the mail server refuses, nobody waits and nothing is lost: the page answers as
usual, the email waits in the outbox, and it goes out once the server is back."""

import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from rest_framework.test import APIClient

from boundaries.models import User
from notifications.models import Email
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


def test_a_page_sign_up_goes_on_and_its_email_waits(client, mail_is_down, committed):
    with committed():
        response = sign_up_on_the_page(client)
    assert response.status_code == 302
    assert User.objects.filter(email=NEW).exists()
    waiting = Email.objects.get(to=NEW)
    assert waiting.status == Email.Status.PENDING
    assert waiting.attempts == 1
    assert "SMTPServerDisconnected" in waiting.last_error


def test_an_app_sign_up_goes_on_too(mail_is_down, committed):
    with committed():
        response = APIClient().post(
            "/_allauth/app/v1/auth/signup", {"email": NEW, "password": PASSWORD}, format="json"
        )
    assert response.status_code == 401  # waiting for the address to be confirmed
    assert Email.objects.get(to=NEW).status == Email.Status.PENDING


def test_the_email_goes_out_once_mail_works_again(client, mail_is_down, settings, committed):
    with committed():
        sign_up_on_the_page(client)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_due_notifications")
    assert mail.outbox == []  # not before its pause is over
    with time_machine.travel(timedelta(minutes=2)):
        call_command("send_due_notifications")
        call_command("send_due_notifications")
    assert [message.to for message in mail.outbox] == [[NEW]]
    sent = Email.objects.get(to=NEW)
    assert sent.status == Email.Status.SENT
    assert sent.body_text == ""  # its confirmation link is not kept


def test_a_taken_address_answers_the_same_when_mail_is_down(client, mail_is_down, single):
    """Even a failure must not tell who has an account."""
    taken = sign_up_on_the_page(client, single.email)
    new = sign_up_on_the_page(client)
    assert taken.status_code == new.status_code == 302
    assert taken.url == new.url
    assert User.objects.filter(email__iexact=single.email).count() == 1


def test_password_reset_goes_on_calmly(client, mail_is_down, single, committed):
    with committed():
        response = client.post("/accounts/password/reset/", {"email": single.email})
    assert response.status_code == 302
    assert Email.objects.get(to=single.email).status == Email.Status.PENDING


def test_a_send_that_keeps_failing_is_kept_as_undelivered(client, mail_is_down, committed):
    with committed():
        sign_up_on_the_page(client)
    for minutes in range(1, 400, 20):
        with time_machine.travel(timedelta(minutes=minutes * 3)):
            call_command("send_due_notifications")
    failed = Email.objects.get(to=NEW)
    assert failed.status == Email.Status.FAILED
    assert failed.attempts == 8
