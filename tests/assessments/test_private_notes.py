"""A note kept private: its writer and a consenting therapist read it; the partner's report,
print, cards and API say only that a note was kept private."""

import pytest
from django.urls import reverse

from assessments import selectors, services
from tests.factories import connect_therapist

pytestmark = pytest.mark.django_db

SECRET = "A private thought about Sam"


@pytest.fixture
def finished(checkin, partner_a, partner_b):
    """Alex's "it depends" on the first behavior comes with a private note."""
    ids = selectors.behavior_ids(checkin)
    answers = [{"behavior": pk, "if_i_do": "ok", "if_partner_does": "ok"} for pk in ids]
    answers[0] = {
        "behavior": ids[0],
        "if_i_do": "depends",
        "if_partner_does": "ok",
        "note": SECRET,
        "private": True,
    }
    services.answers_save(user=partner_a, checkin=checkin, answers=answers)
    services.answers_save(
        user=partner_b,
        checkin=checkin,
        answers=[{"behavior": pk, "if_i_do": "ok", "if_partner_does": "ok"} for pk in ids],
    )
    for person in (partner_a, partner_b):
        services.checkin_submit(user=person, checkin=checkin)
    checkin.refresh_from_db()
    return checkin


def test_the_partner_reads_that_it_was_kept_private_not_what(login, finished, partner_b):
    html = login(partner_b).get(reverse("report", args=[finished.pk])).content.decode()
    assert SECRET not in html
    assert "Alex kept a note here private." in html
    talk = login(partner_b).get(reverse("talk", args=[finished.pk])).content.decode()
    assert SECRET not in talk and "Alex kept a note here private." in talk


def test_the_partner_s_api_has_it_blank_and_marked(api, finished, partner_b):
    body = api.as_user(partner_b).get(reverse("api-checkin-report", args=[finished.pk])).json()
    assert SECRET not in str(body)
    answers = [a for item in body["items"] for a in item["answers"] if a["note_private"]]
    assert answers and all(a["note"] == "" for a in answers)
    notes = [n for item in body["items"] for c in item["prompts"] for n in c["notes"]]
    assert notes and all(n["kept_private"] and n["note"] == "" for n in notes)


def test_the_writer_reads_their_own(login, finished, partner_a):
    html = login(partner_a).get(reverse("report", args=[finished.pk])).content.decode()
    assert SECRET in html and "(private)" in html


def test_a_consenting_therapist_reads_it(login, finished, couple, therapist):
    connect_therapist(therapist, couple)
    url = reverse("therapist_report", args=[couple.pk, finished.pk])
    html = login(therapist).get(url).content.decode()
    assert SECRET in html and "(private)" in html


def test_the_survey_keeps_the_choice(login, checkin, partner_a):
    pk = selectors.behavior_ids(checkin)[0]
    client = login(partner_a)
    client.post(
        reverse("checkin", args=[checkin.pk]),
        {f"b{pk}-note": "Mine", f"b{pk}-private": "on", "action": "save"},
    )
    answer = selectors.my_answers(checkin, partner_a).get(behavior_id=pk)
    assert answer.note_private and answer.note == "Mine"
    html = client.get(reverse("checkin", args=[checkin.pk])).content.decode()
    assert f'id="b{pk}-private" name="b{pk}-private" checked' in html
    # Unticked with the note posted: no longer private.
    client.post(reverse("checkin", args=[checkin.pk]), {f"b{pk}-note": "Mine", "action": "save"})
    assert not selectors.my_answers(checkin, partner_a).get(behavior_id=pk).note_private


def test_the_api_takes_private_and_refuses_anything_but_true_or_false(api, checkin, partner_a):
    pk = selectors.behavior_ids(checkin)[0]
    client = api.as_user(partner_a)
    url = reverse("api-checkin-answers", args=[checkin.pk])
    saved = client.put(url, [{"behavior": pk, "note": "x", "private": True}], format="json")
    assert saved.json()[0]["private"] is True
    refused = client.put(url, [{"behavior": pk, "private": "perhaps"}], format="json")
    assert refused.status_code == 400
    assert client.get(url).json()[0]["private"] is True


def test_the_export_has_my_choice(login, finished, partner_a, partner_b):
    mine = login(partner_a).get(reverse("my_data_export")).json()
    assert any(a["note_private"] and a["note"] == SECRET for a in mine["my_answers"])
    theirs = login(partner_b).get(reverse("my_data_export"))
    assert SECRET not in theirs.content.decode()
    # The export holds my own answers only: the partner's are never a download.
    own = selectors.behavior_ids(finished)
    assert len(theirs.json()["my_answers"]) == len(own)
    assert all(a["note"] == "" for a in theirs.json()["my_answers"])


def test_the_report_says_it_is_not_evidence(login, finished, partner_b):
    html = login(partner_b).get(reverse("report", args=[finished.pk])).content.decode()
    assert "not evidence" in html and "not for legal or custody use" in html
