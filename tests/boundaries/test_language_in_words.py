"""The language of what people read besides the pages: emails and notices in the reader's
language, API messages in the request's, dates and shares as each language writes them."""

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


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


def test_dates_read_as_each_language_writes_them():
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
