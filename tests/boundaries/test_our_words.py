"""The pages that come from allauth speak like the rest of the app: one word for one act
("Log in", "Sign up"), and none of allauth's own phrases."""

import re

import pytest
from django.urls import reverse

from tests.wording import leftovers

pytestmark = pytest.mark.django_db


def visible_text(html: str) -> str:
    body = html.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"<[^>]+>", " ", body)


def assert_ours(html):
    text = visible_text(html)
    assert leftovers(text) == []


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


def test_email_addresses_offer_only_the_steps_that_fit(fresh_login, single):
    client = fresh_login(single)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "new@example.com"})
    assert response.status_code == 302
    html = client.get(reverse("account_email")).content.decode()
    assert_ours(html)
    assert "We write to this address." in html
    assert "Send the confirmation again" in html and "Remove this address" in html
    # The address we write to has no Remove; the unconfirmed one cannot become it yet.
    assert html.count("Remove this address") == 1
    assert "Write to this address instead" not in html
    response = client.post(
        reverse("account_email"), {"action_remove": "", "email": "new@example.com"}, follow=True
    )
    assert "new@example.com is removed from your account." in response.content.decode()
    assert list(single.emailaddress_set.values_list("email", flat=True)) == [single.email]


def test_password_pages_use_our_labels(login, single):
    html = login(single).get(reverse("account_change_password")).content.decode()
    assert_ours(html)
    assert "Your current password" in html and "New password (again)" in html
    assert "placeholder=" not in html


def test_a_wrong_current_password_is_refused_in_our_words(login, single):
    response = login(single).post(
        reverse("account_change_password"),
        {
            "oldpassword": "not it",
            "password1": "a new calm evening",
            "password2": "a new calm evening",
        },
    )
    assert "That is not your current password." in response.content.decode()


def test_the_code_step_of_logging_in(client, therapist):
    from tests.factories import PASSWORD

    response = client.post(
        reverse("account_login"), {"login": therapist.email, "password": PASSWORD}, follow=True
    )
    html = response.content.decode()
    assert_ours(html)
    assert "Enter your authenticator code" in html


def test_logging_out_says_so_in_our_words(login, single):
    response = login(single).post(reverse("account_logout"), follow=True)
    html = response.content.decode()
    assert "You are logged out." in html
    assert_ours(html)


def test_confirming_it_is_you_never_offers_a_code_by_email(login, single):
    html = login(single).get(reverse("account_reauthenticate")).content.decode()
    assert "code" not in visible_text(html).lower()
