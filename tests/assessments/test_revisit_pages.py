"""The revisit pages as each person meets them: blind until both have answered, then side
by side with the boundary and a decision; and the API, with the same rules."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.models import Revisit
from boundaries import services as boundary_services
from boundaries.models import Agreement, Behavior
from tests.factories import (
    connect_therapist,
    due_agreement,
    fill_survey,
    make_therapist,
    revisit_answer,
)

pytestmark = pytest.mark.django_db

SECRET = "Only if you tell me first"


@pytest.fixture
def due(couple, partner_a, partner_b):
    return due_agreement(partner_a, partner_b, decision="conditional", conditions="Tell me first")


def _page(client, agreement):
    return client.get(reverse("agreement_revisit", args=[agreement.pk]))


def _post_answer(client, agreement, **fields):
    b = agreement.behavior_id
    data = {f"b{b}-{k}": v for k, v in fields.items()}
    return client.post(reverse("agreement_revisit", args=[agreement.pk]), data)


# Blind ------------------------------------------------------------------------------------


def test_the_blind_page_shows_the_questions_not_the_boundary(login, due, partner_a):
    html = _page(login(partner_a), due).content.decode()
    assert "Answer the two questions as you feel today" in html
    assert f'name="b{due.behavior_id}-if_i_do"' in html
    assert "Tell me first" not in html  # the boundary's words wait until both answered


def test_answering_on_the_page_then_waiting(login, due, partner_a):
    client = login(partner_a)
    response = _post_answer(client, due, if_i_do="ok", if_partner_does="depends", note=SECRET)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Your answers are saved. Nobody sees them yet." in html
    assert "Nobody sees them until Blair has answered too" in html
    assert SECRET in html  # my own note, mine to read
    mine = html.split("What you answered")[1].split("</section>")[0]
    assert 'class="answer answer-ok"' in mine and 'class="answer answer-depends"' in mine


def test_the_partner_sees_nothing_of_the_first_answers(login, client, due, partner_a, partner_b):
    login(partner_b)
    before = {
        name: client.get(url).content.decode()
        for name, url in {
            "page": reverse("agreement_revisit", args=[due.pk]),
            "api": reverse("api-agreement-revisit", args=[due.pk]),
            "list": reverse("api-revisits"),
            "boundaries": reverse("agreements"),
        }.items()
    }
    revisit_answer(partner_a, due, if_i_do="depends", conditions=["in_a_group"], note=SECRET)
    after = {
        name: client.get(url).content.decode()
        for name, url in [
            ("page", reverse("agreement_revisit", args=[due.pk])),
            ("api", reverse("api-agreement-revisit", args=[due.pk])),
            ("list", reverse("api-revisits")),
            ("boundaries", reverse("agreements")),
            ("home", reverse("home")),
            ("notifications", reverse("notification_list")),
        ]
    }
    for name, text in after.items():
        assert SECRET not in text, name
        assert 'value="in_a_group" checked' not in text, name
        assert "in_a_group" not in text or name == "page", name
    assert "Alex has answered" in after["page"]
    api = client.get(reverse("api-agreement-revisit", args=[due.pk])).json()
    assert api["state"] == "waiting_for_me"
    assert api["partner_answered"] is True
    assert api["partner"] is None and api["mine"] is None and api["earlier"] is None
    assert before["page"] != after["page"]


def test_a_refused_answer_keeps_what_was_typed(login, due, partner_a):
    response = _post_answer(login(partner_a), due, if_i_do="ok", note="Half-written thought")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Answer both questions" in html
    assert "Half-written thought" in html
    assert "Error:" in html.split("</title>")[0]


# Side by side and deciding -----------------------------------------------------------------


@pytest.fixture
def answered(due, partner_a, partner_b):
    revisit_answer(partner_a, due, note=SECRET)
    revisit_answer(partner_b, due, note="Blair's own words", private=True)
    return due


def test_both_answered_see_everything_side_by_side(login, client, answered, partner_a):
    html = _page(login(partner_a), answered).content.decode()
    assert "Tell me first" in html
    assert SECRET in html
    assert "Blair kept a note here private." in html
    assert "Blair&#x27;s own words" not in html and "Blair's own words" not in html
    for button in ("Renew it", "Propose the change", "Let it lapse"):
        assert button in html


def test_renewing_on_the_page(login, answered, partner_a, partner_b):
    client = login(partner_a)
    response = client.post(
        reverse("agreement_revisit_decide", args=[answered.pk]),
        {"outcome": "renew", "renew-revisit_on": "2099-01-01"},
    )
    revisit = Revisit.objects.get(agreement=answered)
    assert response["Location"] == reverse("revisit_detail", args=[revisit.pk])
    html = client.get(response["Location"]).content.decode()
    assert "Renewed. The boundary stays in force for both of you." in html
    assert "kept as it is" in html
    # Blair reads the same revisit, and the boundaries say when it was last revisited.
    client = login(partner_b)
    assert client.get(reverse("revisit_detail", args=[revisit.pk])).status_code == 200
    boundaries = client.get(reverse("agreements")).content.decode()
    assert "Last revisited on" in boundaries
    history = client.get(reverse("agreement_history")).content.decode()
    assert (
        "renewed “OK with conditions: Tell me first” after you both looked at it again" in history
    )
    assert reverse("revisit_detail", args=[revisit.pk]) in history


def test_a_bad_date_shows_the_page_again(login, answered, partner_a):
    response = login(partner_a).post(
        reverse("agreement_revisit_decide", args=[answered.pk]),
        {"outcome": "renew", "renew-revisit_on": "2001-01-01"},
    )
    assert response.status_code == 400
    assert "Choose a date after today" in response.content.decode()


def test_a_change_without_conditions_keeps_the_form_open(login, answered, partner_a):
    response = login(partner_a).post(
        reverse("agreement_revisit_decide", args=[answered.pk]),
        {"outcome": "change", "change-decision": "conditional", "change-conditions": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say under which conditions it is OK." in html
    assert '<details class="fold" open>' in html


def test_changing_and_letting_lapse_on_the_page(login, couple, answered, partner_a, partner_b):
    client = login(partner_b)
    response = client.post(
        reverse("agreement_revisit_decide", args=[answered.pk]),
        {"outcome": "change", "change-decision": "not_ok"},
    )
    assert response.status_code == 302
    assert Agreement.objects.get(couple=couple, status="proposed").decision == "not_ok"
    other = due_agreement(partner_a, partner_b, behavior=Behavior.objects.catalog()[3])
    revisit_answer(partner_a, other)
    revisit_answer(partner_b, other)
    client.post(reverse("agreement_revisit_decide", args=[other.pk]), {"outcome": "lapse"})
    other.refresh_from_db()
    assert other.status == Agreement.Status.LAPSED
    html = client.get(reverse("agreement_history")).content.decode()
    assert "lapse after you both looked at it again" in html


def test_an_unknown_outcome_is_refused_on_the_page(login, answered, partner_a):
    response = login(partner_a).post(
        reverse("agreement_revisit_decide", args=[answered.pk]), {"outcome": "shrug"}
    )
    assert response.status_code == 400
    assert "Choose to renew, change or let it lapse." in response.content.decode()


def test_a_boundary_not_due_leads_back(login, couple, partner_a):
    proposal = boundary_services.agreement_propose(
        user=partner_a, behavior=Behavior.objects.catalog().first(), decision="ok"
    )
    client = login(partner_a)
    response = _page(client, proposal)
    assert response["Location"] == reverse("agreements")
    assert "not due for another look" in client.get(reverse("agreements")).content.decode()


# Lists and their queries -------------------------------------------------------------------


def test_boundaries_and_home_list_what_is_due(login, due, partner_a, partner_b):
    revisit_answer(partner_b, due)
    client = login(partner_a)
    boundaries = client.get(reverse("agreements")).content.decode()
    assert "1 boundary due for another look" in boundaries
    assert "Blair has answered. Your turn." in boundaries
    home = client.get(reverse("home")).content.decode()
    assert "Time to look at these again" in home and "your turn" in home


def test_the_lists_cost_the_same_with_more_due(login, couple, partner_a, partner_b):
    catalog = list(Behavior.objects.catalog().order_by("pk")[:6])
    first = due_agreement(partner_a, partner_b, behavior=catalog[0])
    revisit_answer(partner_b, first)
    client = login(partner_a)
    counts = {}
    limits = {reverse("agreements"): 10, reverse("api-revisits"): 8, reverse("home"): 12}
    for size in (1, 6):
        for behavior in catalog[1:size]:
            agreement = due_agreement(partner_a, partner_b, behavior=behavior)
            revisit_answer(partner_b, agreement)
        for url in limits:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.setdefault(url, []).append(len(queries))
            assert len(queries) <= limits[url], (url, len(queries))
    for url, (small, large) in counts.items():
        assert small == large, (url, small, large)


def test_the_revisit_page_queries_are_bounded(
    login, answered, partner_a, django_assert_max_num_queries
):
    client = login(partner_a)
    with django_assert_max_num_queries(14):
        assert _page(client, answered).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("api-agreement-revisit", args=[answered.pk])).status_code == 200


# Access ------------------------------------------------------------------------------------


def _call(client, method, url):
    if method == "put":
        return client.put(url, "{}", content_type="application/json")
    return getattr(client, method)(url)


def test_strangers_and_therapists_get_404(login, answered, outsider, therapist):
    connect_therapist(therapist, answered.couple)
    urls = [
        ("get", reverse("agreement_revisit", args=[answered.pk])),
        ("post", reverse("agreement_revisit_decide", args=[answered.pk])),
        ("get", reverse("api-agreement-revisit", args=[answered.pk])),
        ("put", reverse("api-agreement-revisit", args=[answered.pk])),
        ("post", reverse("api-agreement-revisit-decision", args=[answered.pk])),
    ]
    for person in (outsider, therapist, make_therapist("other@example.com")):
        client = login(person)
        for method, url in urls:
            assert _call(client, method, url).status_code == 404, (person, method, url)
    assert Revisit.objects.get(agreement=answered).decided_at is None


def test_a_decided_revisit_is_gone_for_both_after_unlinking(login, answered, partner_a):
    decided = Revisit.objects.get(agreement=answered)
    services.revisit_decide(user=partner_a, agreement_id=answered.pk, outcome="renew")
    client = login(partner_a)
    url = reverse("revisit_detail", args=[decided.pk])
    assert client.get(url).status_code == 200
    boundary_services.couple_unlink(user=partner_a)
    assert client.get(url).status_code == 404
    history = client.get(reverse("agreement_history")).content.decode()
    assert url not in history


def test_an_open_revisit_is_not_a_detail_page(login, answered, partner_a, outsider):
    revisit = Revisit.objects.get(agreement=answered)
    assert login(partner_a).get(reverse("revisit_detail", args=[revisit.pk])).status_code == 404
    services.revisit_decide(user=partner_a, agreement_id=answered.pk, outcome="renew")
    assert login(outsider).get(reverse("revisit_detail", args=[revisit.pk])).status_code == 404


def test_the_api_list_costs_the_same_with_more_revisits_to_decide(
    api, couple, partner_a, partner_b, checkin
):
    # Each revisit to decide shows the earlier answers: read for all of them at once.
    fill_survey(checkin, partner_a)
    fill_survey(checkin, partner_b)
    for person in (partner_a, partner_b):
        services.checkin_submit(user=person, checkin=checkin)
    catalog = list(Behavior.objects.catalog().order_by("pk")[:5])
    client = api.as_user(partner_a)
    counts = []
    for behaviors in (catalog[:1], catalog[1:5]):
        for behavior in behaviors:
            agreement = due_agreement(partner_a, partner_b, behavior=behavior)
            revisit_answer(partner_a, agreement)
            revisit_answer(partner_b, agreement)
        with CaptureQueriesContext(connection) as queries:
            listed = client.get(reverse("api-revisits")).json()
        assert all(item["earlier"]["check_in"] == checkin.pk for item in listed)
        counts.append(len(queries))
    assert len(listed) == 5 and counts[0] == counts[1], counts
