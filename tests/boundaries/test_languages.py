"""The language people read in: the browser's, the one chosen on any page, and then the one
their account keeps, on every device and in their emails."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

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


def test_api_messages_follow_accept_language_and_codes_stay_english(partner_a):
    from tests.app_client import app_client

    client = app_client(partner_a)
    response = client.get("/api/v1/checkins/999999/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 404
    [error] = response.json()["errors"]
    assert error["code"] == "not_found"
    assert error["detail"] == "Diesen Check-in gibt es nicht."
    assert response["Content-Language"] == "de"
    assert client.get("/api/v1/checkins/999999/").json()["errors"][0]["detail"] == (
        "No such check-in."
    )


def test_with_a_browser_session_the_api_speaks_the_accounts_language(api, partner_a):
    partner_a.language = "es"
    partner_a.save()
    client = api.as_user(partner_a)
    response = client.put(
        "/api/v1/checkins/999999/answers/", [None], format="json", HTTP_ACCEPT_LANGUAGE="de"
    )
    assert response.status_code == 404
    assert response.json()["errors"][0]["detail"] == "Esta revisión no existe."


def test_dates_read_as_each_language_writes_them(client, partner_a, login):
    import datetime as dt

    from django.template import engines
    from django.utils import translation

    template = engines["django"].from_string('{{ day|date:"DATE_FORMAT" }}')
    day = dt.date(2026, 12, 3)
    shown = {}
    for code in ("en", "es", "de"):
        with translation.override(code):
            shown[code] = template.render({"day": day})
    assert shown == {
        "en": "3 December 2026",
        "es": "3 de diciembre de 2026",
        "de": "3. Dezember 2026",
    }


def test_a_notification_email_comes_in_the_recipients_language(couple, partner_a, partner_b):
    from boundaries.models import Behavior
    from boundaries.services import agreement_propose
    from notifications.models import Email

    partner_b.language = "de"
    partner_b.save()
    with translation.override("en"):  # Alex acts in English
        agreement_propose(
            user=partner_a, behavior=Behavior.objects.catalog().first(), decision="not_ok"
        )
    email = Email.objects.get(to=partner_b.email)
    # Subjects are discreet unless the person asked otherwise: that one is German too.
    assert email.subject == "In Common Ground wartet etwas auf dich"
    with translation.override("de"):
        waiting = translation.gettext("%(partner)s proposed a boundary. It waits for your answer.")
    assert waiting % {"partner": "Alex"} in email.body_text


def test_account_mail_comes_in_the_accounts_language(client, partner_a):
    from notifications.models import Email

    partner_a.language = "es"
    partner_a.save()
    response = client.post(
        "/accounts/password/reset/", {"email": partner_a.email}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    email = Email.objects.get(to=partner_a.email)
    with translation.override("es"):
        assert email.subject.endswith(translation.gettext("Choosing a new password"))
    assert email.subject != "Choosing a new password"
    # The HTML part too, all of it, and it says which language it is in.
    assert '<html lang="es">' in email.body_html
    with translation.override("es"):
        footer = translation.gettext("You get this email because you use Common Ground.")
    assert footer in email.body_html
    assert "You get this email" not in email.body_html


def test_shares_read_as_each_language_writes_them():
    from django.template import engines

    template = engines["django"].from_string(
        '{% load i18n %}{% blocktranslate context "a share" with percent=33 %}'
        "{{ percent }}%{% endblocktranslate %}"
    )
    shown = {}
    for code in ("en", "es", "de"):
        with translation.override(code):
            shown[code] = template.render({})
    assert shown == {"en": "33%", "es": "33%", "de": "33\u00a0%"}  # German: a no-break space


def test_what_a_notice_names_is_in_the_readers_language(couple, partner_a, partner_b):
    """One partner acting in Spanish never puts Spanish words into the other's German notice
    (nor the couple's names into a German therapist's one)."""
    from boundaries.services import couple_set_rhythm
    from notifications.kinds import Kind
    from notifications.models import Notification
    from tests.factories import connect_therapist, make_therapist

    partner_b.language = "de"
    partner_b.save()
    with translation.override("es"):
        couple_set_rhythm(user=partner_a, every_weeks=4)
    notice = Notification.objects.get(recipient=partner_b, kind=Kind.RHYTHM_CHANGED)
    with translation.override("de"):
        rhythm = str(dict(couple.Rhythm.choices)[4]).lower()
        assert notice.text.endswith(f": {rhythm}.")
    assert "semanas" not in notice.text
    with translation.override("de"):
        german = notice.text
    with translation.override("en"):
        assert notice.text != german

    therapist = make_therapist()
    with translation.override("es"):
        connect_therapist(therapist, couple)
    told = Notification.objects.get(recipient=therapist, kind=Kind.THERAPIST_CONSENTED)
    with translation.override("de"):
        assert told.text.startswith("Alex und Blair")
    with translation.override("es"):
        assert told.text.startswith("Alex y Blair")


def test_the_data_export_includes_the_language_kept(partner_a):
    from assessments.privacy.export import export_for

    partner_a.language = "de"
    partner_a.save()
    assert export_for(partner_a, with_client_data=False)["account"]["language"] == "de"


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
