"""Changing the password keeps the session that made the change and ends every other one.

Through the API that session goes on under a new token (the answer's meta.session_token):
a token copied before the change is worthless afterwards.
"""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.app_client import app_client
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another long passphrase"


def browser(user):
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" in client.session
    return client


def test_the_page_keeps_this_session_and_ends_the_others(partner_a, couple):
    here, elsewhere = browser(partner_a), browser(partner_a)
    token = app_client(partner_a)
    response = here.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert here.get(reverse("couple")).status_code == 200
    assert elsewhere.get(reverse("couple")).status_code == 302  # to the login page
    assert token.get("/api/v1/couple/").status_code == 401


def test_the_api_keeps_this_session_under_the_new_token(partner_a, couple):
    client = app_client(partner_a)
    elsewhere = browser(partner_a)
    response = client.post(
        "/_allauth/app/v1/account/password/change",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        format="json",
    )
    assert response.status_code == 200
    new_token = response.json()["meta"]["session_token"]
    assert new_token != client.token
    same_session = APIClient(headers={"X-Session-Token": new_token})
    assert same_session.get("/api/v1/couple/").status_code == 200
    assert client.get("/api/v1/couple/").status_code == 401  # the old token ended
    assert elsewhere.get(reverse("couple")).status_code == 302
