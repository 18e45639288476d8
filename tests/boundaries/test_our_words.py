"""The pages that come from allauth speak like the rest of the app: one word for one act
("Log in", "Sign up"), and none of allauth's own phrases."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LIBRARY_WORDS = [
    "Sign In", "Sign Up", "Signup", "sign in", "Confirm Access", "Please reauthenticate",
    "Activate Authenticator App", "Confirm Email Address", "is an email address for user",
    "Enter an authenticator code", "Alternative options",
]  # fmt: skip


def visible_text(html: str) -> str:
    body = html.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"<[^>]+>", " ", body)


def assert_ours(html):
    text = visible_text(html)
    found = [words for words in LIBRARY_WORDS if words in text]
    assert found == []


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_entrance_pages(client, name):
    html = client.get(reverse(name)).content.decode()
    assert_ours(html)


def test_login_and_sign_up_say_log_in_and_sign_up(client):
    login = visible_text(client.get(reverse("account_login")).content.decode())
    assert "Log in" in login and "Sign up" in login
    signup = visible_text(client.get(reverse("account_signup")).content.decode())
    assert "Sign up" in signup and "Log in" in signup


def test_confirming_the_password_again(login, single):
    html = login(single).get(reverse("account_reauthenticate")).content.decode()
    assert_ours(html)
    assert "Confirm it is you" in html


def test_setting_up_an_authenticator(fresh_login, single):
    response = fresh_login(single).get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    html = response.content.decode()
    assert_ours(html)
    assert "Set up an authenticator app" in html


def test_a_stale_confirmation_link(client):
    html = client.get(reverse("account_confirm_email", args=["not-a-key"])).content.decode()
    assert_ours(html)
    assert "This link has expired or was already used" in html
