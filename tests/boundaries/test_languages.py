"""The language people read in: the browser's, the one chosen on any page, and then the one
their account keeps, on every device (its emails and notices: test_language_in_words)."""

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
CHOOSER = "/language/"


def lang_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize(
    "header, expected",
    [("es-MX,es;q=0.9,en;q=0.5", "es"), ("de-CH", "de"), ("fr-FR,fr", "en"), ("", "en")],
)
def test_the_page_comes_in_the_browsers_language(client, header, expected):
    response = client.get("/about/", HTTP_ACCEPT_LANGUAGE=header)
    assert lang_of(response) == expected
    assert response["Content-Language"] == expected
    assert "Accept-Language" in response["Vary"]


def test_every_page_offers_the_chooser_which_works_without_javascript(client):
    page = client.get("/accounts/login/").content.decode()
    assert f'<form class="language-form" action="{CHOOSER}" method="post">' in page
    assert '<input type="hidden" name="next" value="/accounts/login/">' in page
    for code, name in (("en", "English"), ("es", "Español"), ("de", "Deutsch")):
        assert f'<option value="{code}" lang="{code}"' in page
        assert f">{name}</option>" in page


def test_choosing_keeps_the_language_for_someone_not_signed_in(client):
    response = client.post(CHOOSER, {"language": "de", "next": "/privacy/"})
    assert response.status_code == 302
    assert response["Location"] == "/privacy/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "de"
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]
    # The cookie wins over the browser's own language from then on.
    assert lang_of(client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="es")) == "de"


@pytest.mark.parametrize("next_url", ["https://elsewhere.example/", "//elsewhere.example/", ""])
def test_the_chooser_never_sends_anyone_to_another_site(client, next_url):
    response = client.post(CHOOSER, {"language": "es", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("language", ["fr", "", "es'><script>", "x" * 200])
def test_a_language_we_do_not_have_changes_nothing(client, partner_a, login, language):
    login(partner_a)
    response = client.post(CHOOSER, {"language": language, "next": "/account/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    partner_a.refresh_from_db()
    assert partner_a.language == ""  # as it was


def test_the_chooser_takes_a_post_only(client):
    assert client.get(CHOOSER + "?language=de").status_code == 405


def test_a_signed_in_persons_choice_follows_them_to_another_device(client, partner_a, login):
    login(partner_a)
    client.post(CHOOSER, {"language": "es", "next": "/"})
    partner_a.refresh_from_db()
    assert partner_a.language == "es"
    elsewhere = Client(HTTP_ACCEPT_LANGUAGE="de")
    elsewhere.force_login(partner_a)
    assert lang_of(elsewhere.get("/account/")) == "es"


def test_the_first_login_keeps_the_language_it_came_in(client):
    person = UserFactory(email="neu@example.com")
    assert person.language == ""
    response = client.post(
        "/accounts/login/",
        {"login": person.email, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9",
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == "de"
    # A later login from an English browser keeps German.
    client.logout()
    client.post(
        "/accounts/login/", {"login": person.email, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )
    person.refresh_from_db()
    assert person.language == "de"
    assert lang_of(client.get("/account/", HTTP_ACCEPT_LANGUAGE="en")) == "de"


def test_signing_up_keeps_the_language_of_the_sign_up_page(client):
    client.post(
        "/accounts/signup/",
        {"email": "nuevo@example.com", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    from boundaries.models import User

    assert User.objects.get(email="nuevo@example.com").language == "es"


def test_after_a_form_was_sent_the_chooser_goes_back_to_a_page_one_can_open(
    client, couple, partner_a, login
):
    """A refused submit shows the survey at its POST-only address: the chooser must not
    send people there (a blank 405), but to the page they sent the form from."""
    from assessments import services

    checkin = services.checkin_start(user=partner_a)
    login(partner_a)
    survey = f"/checkins/{checkin.pk}/"
    page = client.post(f"/checkins/{checkin.pk}/submit/", HTTP_REFERER=f"http://testserver{survey}")
    assert f'name="next" value="http://testserver{survey}"' in page.content.decode()
    response = client.post(CHOOSER, {"language": "es", "next": f"http://testserver{survey}"})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("header", ["", "fr-FR,fr;q=0.9", "*"])
def test_a_login_that_asks_for_none_of_our_languages_keeps_none(client, header):
    person = UserFactory(email="quelqun@example.com")
    response = client.post(
        "/accounts/login/",
        {"login": person.email, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE=header,
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == ""  # the pages go on following the browser
    assert lang_of(client.get("/account/", HTTP_ACCEPT_LANGUAGE="es")) == "es"


def test_the_choosers_cookie_is_what_a_first_login_keeps(client):
    person = UserFactory(email="chooser@example.com")
    client.post(CHOOSER, {"language": "de", "next": "/accounts/login/"})
    client.post(
        "/accounts/login/", {"login": person.email, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="es"
    )
    person.refresh_from_db()
    assert person.language == "de"


def test_one_partners_choice_leaves_the_others_language_alone(client, couple, partner_a, partner_b):
    partner_b.language = "de"
    partner_b.save()
    client.force_login(partner_a)
    client.post(CHOOSER, {"language": "es", "next": "/"})
    partner_b.refresh_from_db()
    assert partner_b.language == "de"
    other = Client()
    other.force_login(partner_b)
    assert lang_of(other.get("/account/")) == "de"


@pytest.mark.parametrize("next_url", ["https://elsewhere.example/", "//elsewhere.example/", ""])
def test_a_refused_choice_never_sends_anyone_to_another_site_either(client, next_url):
    response = client.post(CHOOSER, {"language": "fr", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
