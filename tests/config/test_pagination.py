"""Lists that grow over time come a page at a time, and say how many there are in all."""

import pytest
from django.utils import timezone

from tests.api_errors import error_codes
from tests.factories import AccessLogEntryFactory, CoupleFactory

pytestmark = pytest.mark.django_db
LOG = "/api/v1/couple/therapists/access-log/"


@pytest.fixture
def long_log(couple):
    now = timezone.now()
    for n in range(120):
        AccessLogEntryFactory(couple=couple, at=now - timezone.timedelta(minutes=n))
    return couple


def test_the_access_log_is_no_longer_cut_but_paged(api, partner_a, long_log):
    client = api.as_user(partner_a)
    first = client.get(LOG).json()
    assert first["count"] == 120
    assert len(first["results"]) == 50
    assert first["previous"] is None
    seen = [entry["at"] for entry in first["results"]]
    page = first
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [entry["at"] for entry in page["results"]]
    assert len(seen) == len(set(seen)) == 120
    assert seen == sorted(seen, reverse=True)  # newest first, across pages


def test_a_page_size_can_be_chosen_up_to_two_hundred(api, partner_a, long_log):
    client = api.as_user(partner_a)
    assert len(client.get(LOG + "?page_size=10").json()["results"]) == 10
    assert len(client.get(LOG + "?page_size=5000").json()["results"]) == 120


def test_a_page_past_the_end_is_a_404_in_the_error_shape(api, partner_a, long_log):
    response = api.as_user(partner_a).get(LOG + "?page=9")
    assert response.status_code == 404
    assert error_codes(response) == ["not_found"]
    assert response.json()["errors"][0]["detail"] == "There is no such page."


def test_the_partner_sees_the_same_log_and_a_stranger_none(api, partner_b, single, long_log):
    assert api.as_user(partner_b).get(LOG).json()["count"] == 120
    assert api.as_user(single).get(LOG).status_code == 404
    other = CoupleFactory()
    AccessLogEntryFactory(couple=other)
    stranger = other.memberships.first().user
    assert api.as_user(stranger).get(LOG).json()["count"] == 1


def test_a_page_costs_the_same_with_a_longer_log(
    api, partner_a, couple, django_assert_max_num_queries
):
    client = api.as_user(partner_a)
    AccessLogEntryFactory.create_batch(3, couple=couple)
    with django_assert_max_num_queries(6) as few:
        client.get(LOG)
    AccessLogEntryFactory.create_batch(300, couple=couple)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LOG)


@pytest.mark.parametrize(
    "url",
    [LOG, "/api/v1/notifications/", "/api/v1/agreements/history/"],
)
def test_every_growing_list_has_the_same_page_shape(api, partner_a, couple, url):
    body = api.as_user(partner_a).get(url).json()
    assert set(body) == {"count", "next", "previous", "results"}


@pytest.mark.parametrize(
    "query, named",
    [
        ("?page_size=3.5", "page_size"),
        ("?page_size=0", "page_size"),
        ("?page_size=-4", "page_size"),
        ("?page_size=", "page_size"),
        ("?page=", "page"),
        ("?page=two", "page"),
        ("?page=last", "page"),
        ("?page=%D9%A3", "page"),  # an Arabic-Indic three: a digit, but not one we read
        ("?page=1.0&page_size=x", "page"),
    ],
)
def test_a_page_or_page_size_that_is_not_a_whole_number_is_refused(
    api, partner_a, long_log, query, named
):
    response = api.as_user(partner_a).get(LOG + query)
    assert response.status_code == 400
    assert error_codes(response)[0] == "invalid"
    assert response.json()["errors"][0]["attr"] == named
    assert response.json()["errors"][0]["detail"] == "Give a whole number of 1 or more."


def test_the_schema_says_pages_count_from_one(client):
    schema = client.get("/api/schema/?format=json").json()
    parameters = schema["paths"]["/api/v1/notifications/"]["get"]["parameters"]
    by_name = {parameter["name"]: parameter["schema"] for parameter in parameters}
    assert by_name["page"] == {"type": "integer", "minimum": 1}
    assert by_name["page_size"] == {"type": "integer", "minimum": 1}
