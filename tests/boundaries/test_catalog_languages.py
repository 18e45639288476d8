"""The behavior catalog in each language: what people read, what staff edit, and a couple's
own behaviors, which stay in the words they wrote."""

import pytest
from django.urls import reverse
from django.utils import translation

from assessments.models import Condition
from boundaries.models import Behavior, Category
from safety.models import SupportResource
from tests.factories import BehaviorFactory

pytestmark = pytest.mark.django_db


def test_every_seeded_word_has_spanish_and_german():
    """The catalog, its conditions, and the places to turn on the private support page."""
    for rows, fields in (
        (Category.objects.all(), ["name"]),
        (Behavior.objects.catalog(), ["title", "description"]),
        (Condition.objects.all(), ["label"]),
        (SupportResource.objects.all(), ["name", "how_to_reach", "region"]),
    ):
        assert rows.exists()
        for row in rows:
            for field in fields:
                english = getattr(row, f"{field}_en")
                for code in ("es", "de"):
                    translated = getattr(row, f"{field}_{code}")
                    assert translated, (row, field, code)
                    # A service's name or number may read the same in every language.
                    if rows.model is not SupportResource:
                        assert translated != english, (row, field, code)


def test_reading_a_behavior_gives_the_pages_language_else_the_english():
    behavior = BehaviorFactory(title="Texting an ex", description="Now and then.")
    behavior.title_de = "Einer früheren Liebe schreiben"
    behavior.save()
    with translation.override("de"):
        assert behavior.title == "Einer früheren Liebe schreiben"
        assert behavior.description == "Now and then."  # no German yet: the English
    with translation.override("es"):
        assert behavior.title == "Texting an ex"


def test_the_api_lists_the_catalog_in_the_language_asked_for(api, partner_a, couple):
    client = api.as_user(partner_a)
    partner_a.language = ""
    partner_a.save()
    first = Behavior.objects.catalog().first()
    titles = {}
    for code in ("en", "es", "de"):
        listed = client.get("/api/v1/behaviors/", HTTP_ACCEPT_LANGUAGE=code).json()
        titles[code] = {item["id"]: item["title"] for item in listed}
    assert titles["en"][first.pk] == first.title_en
    assert titles["es"][first.pk] == first.title_es
    assert titles["de"][first.pk] == first.title_de


def test_a_couples_own_behavior_reads_the_same_in_every_language(
    login, couple, partner_a, partner_b
):
    client = login(partner_a)
    partner_a.language = "de"
    partner_a.save()
    category = Category.objects.first()
    response = client.post(
        reverse("behavior_list"),
        {"title": "Nachts lange schreiben", "description": "Mit jemandem", "category": category.pk},
    )
    assert response.status_code == 302
    own = Behavior.objects.get(couple__isnull=False)
    assert (own.title_en, own.title_es, own.title_de) == ("Nachts lange schreiben", "", "")
    for code in ("en", "es", "de"):
        with translation.override(code):
            assert own.title == "Nachts lange schreiben"
    # The partner, reading in Spanish, edits it: both still read the one text.
    partner_b.language = "es"
    partner_b.save()
    other = login(partner_b)
    other.post(
        reverse("behavior_edit", args=[own.pk]),
        {"title": "Escribir de noche", "description": "", "category": category.pk},
    )
    own.refresh_from_db()
    assert (own.title_en, own.title_es, own.title_de) == ("Escribir de noche", "", "")
    page = other.get(reverse("behavior_edit", args=[own.pk])).content.decode()
    assert 'value="Escribir de noche"' in page


def test_a_refused_title_names_the_field_people_filled_in(api, partner_a, couple):
    response = api.as_user(partner_a).post(
        "/api/v1/behaviors/",
        {"title": "Hidden\u200bchars", "category": Category.objects.first().slug},
        format="json",
    )
    assert response.status_code == 400
    assert [error["attr"] for error in response.json()["errors"]] == ["title"]


def test_staff_edit_each_language_in_the_admin(staff_client):
    behavior = Behavior.objects.catalog().first()
    url = reverse("admin:boundaries_behavior_change", args=[behavior.pk])
    page = staff_client.get(url).content.decode()
    for code in ("en", "es", "de"):
        assert f'name="title_{code}"' in page
        assert f'name="description_{code}"' in page
    assert "Title [es]" in page
    form = {
        "title_en": behavior.title_en,
        "title_es": "Guardar un contacto con otro nombre",
        "title_de": behavior.title_de,
        "description_en": behavior.description_en,
        "description_es": behavior.description_es,
        "description_de": "",
        "category": behavior.category_id,
        "position": behavior.position,
    }
    saved = staff_client.post(url, form)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    behavior.refresh_from_db()
    assert behavior.title_es == "Guardar un contacto con otro nombre"
    with translation.override("de"):
        assert behavior.description == behavior.description_en  # emptied: the English
    for model in ("category", "behavior"):
        assert staff_client.get(reverse(f"admin:boundaries_{model}_add")).status_code == 200
    change = reverse("admin:assessments_condition_change", args=[Condition.objects.first().pk])
    assert 'name="label_de"' in staff_client.get(change).content.decode()


@pytest.mark.parametrize(
    "code, words",
    [("es", ["Tu número local de emergencias", "España"]), ("de", ["Überall", "Deutschland"])],
)
def test_the_places_to_turn_read_in_the_pages_language(client, code, words):
    page = client.get(reverse("using_safely"), HTTP_ACCEPT_LANGUAGE=code).content.decode()
    for text in words:
        assert text in page
    assert "Your local emergency number" not in page
