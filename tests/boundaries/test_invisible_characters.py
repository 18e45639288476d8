"""Invisible characters (zero-width spaces, direction marks, word joiners, a BOM) cannot make
one name look like another: every free-text field refuses them, with a clear message."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boundaries.models import Behavior, User, validate_printable, validate_text
from tests.factories import BehaviorFactory

pytestmark = pytest.mark.django_db

INVISIBLE = ["\u200b", "\u200f", "\u061c", "\u2060", "\ufeff", "\u200e", "\u3164", "\u2028"]


@pytest.mark.parametrize("ch", INVISIBLE)
@pytest.mark.parametrize("validate", [validate_printable, validate_text])
def test_validators_refuse_invisible_characters(validate, ch):
    with pytest.raises(ValidationError, match="invisible"):
        validate(f"Al{ch}ex")


@pytest.mark.parametrize(
    "text",
    [
        "Jo D'Arcy",
        "José María",
        "Zoë 👩\u200d👩\u200d👧",  # an emoji family is held together by zero-width joiners
        "می\u200cخواهم",  # Persian needs the zero-width non-joiner
        "Ünal, Øystein & Łucja",
        "Sam \u2764\ufe0f",  # a red heart: the selector asks for the emoji form
    ],
)
def test_real_names_and_emoji_are_fine(text):
    validate_printable(text)
    validate_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Al\u200dex",
        "\u200dAlex",
        "Alex\u200c",
        "Al\u034fex",  # combining grapheme joiner
        "Alex\ufe0f",  # a variation selector after a plain letter
        "\ufe0fAlex",
        "Al\ue000ex",  # private use
        "Al\U000e0100ex",
        "A\u17b4lex",
    ],
)
def test_a_joiner_between_plain_letters_is_refused(text):
    with pytest.raises(ValidationError):
        validate_printable(text)


def test_signup_page_refuses_an_invisible_name(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
            "display_name": "Bl\u200bair",
        },
    )
    assert response.status_code == 200
    assert "invisible characters" in response.content.decode()
    assert not User.objects.filter(email="new@example.com").exists()


def test_api_signup_refuses_an_invisible_name(client):
    response = client.post(
        "/_allauth/app/v1/auth/signup",
        {"email": "new@example.com", "password": "a long passphrase", "display_name": "A\u2060B"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not User.objects.filter(email="new@example.com").exists()


def test_account_page_refuses_an_invisible_name(login, partner_a):
    response = login(partner_a).post(reverse("account"), {"display_name": "Alex\ufeff"})
    assert "invisible characters" in response.content.decode()
    partner_a.refresh_from_db()
    assert partner_a.display_name == "Alex"


def test_own_behavior_title_is_refused_through_the_api(api, partner_a, couple):
    response = api.as_user(partner_a).post(
        "/api/v1/behaviors/",
        {"title": "Texting\u200f an ex", "category": "secrecy"},
        format="json",
    )
    assert response.status_code == 400
    assert "invisible" in str(response.json())
    assert not Behavior.objects.filter(couple=couple).exists()


def test_own_behavior_description_is_refused_on_the_page(login, partner_a, couple):
    behavior = BehaviorFactory(couple=couple, title="Mine")
    response = login(partner_a).post(
        reverse("behavior_edit", args=[behavior.pk]),
        {"title": "Mine", "description": "x\u061cy", "category": behavior.category_id},
    )
    assert "invisible characters" in response.content.decode()


def test_an_answer_note_is_refused(api, partner_a, checkin):
    behavior = Behavior.objects.catalog().first()
    response = api.as_user(partner_a).put(
        f"/api/v1/checkins/{checkin.pk}/answers/",
        [{"behavior": behavior.pk, "if_i_do": "depends", "note": "only\u200b if open"}],
        format="json",
    )
    assert response.status_code == 400
    assert "invisible" in str(response.json())


def test_agreement_conditions_are_refused(api, partner_a, couple):
    behavior = Behavior.objects.catalog().first()
    response = api.as_user(partner_a).post(
        "/api/v1/agreements/",
        {"behavior": behavior.pk, "decision": "conditional", "conditions": "in a group\u2060"},
        format="json",
    )
    assert response.status_code == 400
    assert "invisible" in str(response.json())


def test_session_notes_and_profile_fields_are_refused(login, api, therapist, couple):
    from tests.factories import connect_therapist

    connect_therapist(therapist, couple)
    response = api.as_user(therapist).post(
        f"/api/v1/therapist/couples/{couple.pk}/notes/", {"text": "Note\u200b"}, format="json"
    )
    assert response.status_code == 400
    response = login(therapist).post(
        reverse("therapist_profile"),
        {
            "name": "Dr. Sam\u200f Rivera",
            "credentials": "LMFT",
            "practice": "Riverside",
            "licensed_in": "California",
            "contact_email": "dr.rivera@example.com",
        },
    )
    assert "invisible characters" in response.content.decode()
    response = api.as_user(therapist).post(
        "/api/v1/therapist/invitations/", {"label": "A\u200bB"}, format="json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize("ch", ["\u200b", "\u202e", "\ufeff"])
def test_email_addresses_refuse_invisible_characters(client, ch):
    response = client.post(
        reverse("account_signup"),
        {
            "email": f"alex@exa{ch}mple.com",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(email__startswith="alex@exa").exists()


def test_a_therapists_contact_email_refuses_a_reversed_domain(login, therapist):
    response = login(therapist).post(
        reverse("therapist_profile"),
        {
            "name": "Dr. Sam Rivera",
            "credentials": "LMFT",
            "practice": "Riverside",
            "licensed_in": "California",
            "contact_email": "help@moc.\u202eelpmaxe",
        },
    )
    assert "invisible characters" in response.content.decode()
    therapist.therapist_profile.refresh_from_db()
    assert therapist.therapist_profile.contact_email == "dr.rivera@example.com"


def test_an_invitation_email_refuses_invisible_characters(api, single):
    response = api.as_user(single).post(
        "/api/v1/invitations/", {"email": "blair@exa\u2060mple.com"}, format="json"
    )
    assert response.status_code == 400


def test_category_names_refuse_invisible_characters():
    from boundaries.models import Category

    with pytest.raises(ValidationError):
        Category(name_en="Secr\u200bets", slug="x").full_clean()
