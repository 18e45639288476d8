"""The report as a couple reads it on a phone: what to talk about first, as cards; the score
after it; every behavior last, folded; what was talked about and agreed on each point."""

import pytest
from django.urls import reverse

from assessments.reports import report_for
from assessments.services import card_progress_save
from boundaries.models import Behavior
from boundaries.services import agreement_accept, agreement_propose
from tests.factories import connect_therapist

pytestmark = pytest.mark.django_db


def page(client, checkin):
    return client.get(reverse("report", args=[checkin.pk])).content.decode()


def test_talking_points_come_first_and_the_table_is_folded(login, completed, partner_a):
    html = page(login(partner_a), completed)
    talk, points = html.index("What there is to talk about"), html.index("Things to talk about")
    score, table = html.index("How closely your views line up"), html.index("Every behavior")
    assert talk < points < score < table
    assert '<details class="fold every-behavior">' in html  # closed until opened


def test_counts_that_are_zero_are_left_out(login, completed, partner_a):
    html = page(login(partner_a), completed)
    assert "1 difference" in html and "1 “it depends”" in html
    assert "<li>0 " not in html
    assert "question of fairness</li>" not in html and "questions of fairness</li>" not in html


def test_each_column_says_whose_answers_it_holds(login, completed, partner_a):
    html = page(login(partner_a), completed)
    assert "Your answers" in html and "Blair&#x27;s answers" not in html
    assert "Blair's answers" in html
    assert "If you do it" in html and "If Blair does it" in html


def test_a_point_shows_what_was_talked_about_and_agreed(login, completed, partner_a, partner_b):
    key = report_for(completed, partner_a).cards[0].key
    card_progress_save(
        user=partner_b, checkin=completed, card_key=key, talked_about=True, agreed="Say it first"
    )
    html = page(login(partner_a), completed)
    assert "Talked about" in html and "What you agreed: “Say it first”" in html
    assert "Talk about it again" in html


def test_a_boundary_is_offered_unless_one_already_holds(couple, completed, partner_a, partner_b):
    points = report_for(completed, partner_a).talking_points
    assert points and all(point.offers_boundary for point in points)
    # An agreement in force that the answers now go against is worth a second look.
    behavior = Behavior.objects.get(pk=points[0].row.behavior.pk)
    proposal = agreement_propose(user=partner_a, behavior=behavior, decision="ok")
    agreement_accept(user=partner_b, agreement_id=proposal.pk)
    assert report_for(completed, partner_a).talking_points[0].offers_boundary


def test_talk_links_open_the_right_card(login, completed, partner_a):
    client = login(partner_a)
    report = report_for(completed, partner_a)
    for point in report.talking_points:
        url = reverse("talk", args=[completed.pk]) + f"?card={point.number}"
        assert url in page(client, completed)
        card = client.get(url).context["card"]
        assert card.key == point.row.cards[0].key


def test_nothing_to_talk_about_is_said_kindly(login, checkin, partner_a, partner_b):
    from tests.assessments.conftest import answer_all

    answer_all(checkin, partner_a, {})
    answer_all(checkin, partner_b, {})
    html = page(login(partner_a), checkin)
    assert "nothing stands out to talk about" in html
    assert "Talk it through" not in html


def test_a_therapist_reads_it_without_the_couple_s_steps(login, couple, completed, therapist):
    connect_therapist(therapist, couple)
    url = reverse("therapist_report", args=[couple.pk, completed.pk])
    html = login(therapist).get(url).content.decode()
    assert "Things to talk about" in html
    for words in ("Talk about this", "Agree on a boundary", "Talk it through", "/talk/"):
        assert words not in html
