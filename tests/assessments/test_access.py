"""The one access decision for a check-in, asked on every check-in page and endpoint: it
answers exactly as the rule says, in one query, and refuses impossible ids without one."""

import pytest
from django.http import Http404
from django.urls import reverse

from assessments.access import checkin_for_user_or_404, current_checkins_of
from assessments.models import CheckIn
from boundaries.services import couple_unlink

pytestmark = pytest.mark.django_db


def fields(checkin):
    return {field.attname: getattr(checkin, field.attname) for field in CheckIn._meta.fields}


class TestTheDecision:
    def test_a_partner_gets_the_checkin_as_the_orm_reads_it(self, completed, partner_a):
        found = checkin_for_user_or_404(partner_a, completed.pk)
        assert fields(found) == fields(current_checkins_of(partner_a).get(pk=completed.pk))
        assert found.completed_at.tzinfo is not None
        assert not found.is_open
        assert found._state.db == "default"
        assert not found._state.adding

    def test_an_open_checkin_too(self, checkin, partner_b):
        found = checkin_for_user_or_404(partner_b, checkin.pk)
        assert fields(found) == fields(CheckIn.objects.get(pk=checkin.pk))
        assert found.is_open

    @pytest.mark.parametrize("who", ["outsider", "single", "therapist"])
    def test_anyone_else_gets_404(self, request, completed, who):
        with pytest.raises(Http404):
            checkin_for_user_or_404(request.getfixturevalue(who), completed.pk)

    def test_after_unlinking_both_get_404(self, completed, partner_a, partner_b):
        couple_unlink(user=partner_b)
        for partner in (partner_a, partner_b):
            with pytest.raises(Http404):
                checkin_for_user_or_404(partner, completed.pk)

    @pytest.mark.parametrize("pk", [0, -1, 2**63, 2**70, "1", None])
    def test_ids_that_cannot_be_a_checkin_are_404(self, completed, partner_a, pk):
        with pytest.raises(Http404):
            checkin_for_user_or_404(partner_a, pk)

    def test_an_id_of_no_checkin_is_404(self, completed, partner_a):
        with pytest.raises(Http404):
            checkin_for_user_or_404(partner_a, completed.pk + 1000)

    def test_it_is_one_query_each_time(
        self, completed, partner_a, partner_b, django_assert_num_queries
    ):
        for partner in (partner_a, partner_b, partner_a):
            with django_assert_num_queries(1):
                checkin_for_user_or_404(partner, completed.pk)


class TestTheCachedReport:
    """Served from the cache, the report still asks the database who may see it."""

    def test_unlinking_ends_access_to_the_cached_report_at_once(
        self, login, completed, partner_a, partner_b
    ):
        url = reverse("report", args=[completed.pk])
        client = login(partner_a)
        assert client.get(url).status_code == 200
        assert client.get(url).status_code == 200  # from the cache
        couple_unlink(user=partner_b)
        assert client.get(url).status_code == 404
        assert login(partner_b).get(url).status_code == 404

    def test_a_huge_id_in_the_address_is_404(self, login, completed, partner_a):
        assert login(partner_a).get(f"/checkins/{2**70}/report/").status_code == 404
