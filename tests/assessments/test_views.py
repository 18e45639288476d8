import pytest
from django.urls import reverse

from assessments import selectors
from assessments.forms import field_name
from assessments.models import Answer, CheckIn, Participation
from tests.factories import BehaviorFactory, CoupleFactory, fill_survey

pytestmark = pytest.mark.django_db


def survey_url(checkin):
    return reverse("checkin", args=[checkin.pk])


class TestAccess:
    @pytest.mark.parametrize("name", ["checkin", "checkin_submit", "checkin_flag"])
    def test_anonymous_is_sent_to_login(self, client, checkin, name):
        response = client.post(reverse(name, args=[checkin.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    @pytest.mark.parametrize("name", ["checkin", "checkin_submit", "checkin_flag"])
    @pytest.mark.parametrize("who", ["outsider", "single"])
    def test_strangers_get_404(self, request, login, checkin, name, who):
        client = login(request.getfixturevalue(who))
        url = reverse(name, args=[checkin.pk])
        # The survey page answers a GET; submitting and the flag only take a POST.
        assert client.get(url).status_code == (404 if name == "checkin" else 405)
        behavior = selectors.behavior_ids(checkin)[0]
        answer = {field_name(behavior, "if_i_do"): "ok", "cannot_answer_honestly": "on"}
        assert client.post(url, answer).status_code == 404
        assert not Answer.objects.exists()
        assert not checkin.participations.filter(cannot_answer_honestly=True).exists()
        assert not checkin.participations.filter(submitted_at__isnull=False).exists()

    @pytest.mark.parametrize("who", ["partner_a", "partner_b"])
    def test_both_partners_open_their_survey(self, request, login, checkin, who):
        response = login(request.getfixturevalue(who)).get(survey_url(checkin))
        assert response.status_code == 200
        assert "Submit my answers" in response.content.decode()

    def test_list_without_a_couple_says_what_comes_first(self, login, single):
        response = login(single).get(reverse("checkin_list"))
        assert response.status_code == 200
        assert "First, link with your partner" in response.content.decode()


class TestSurveyPage:
    def test_each_partner_has_a_stable_order_of_their_own(
        self, login, checkin, partner_a, partner_b
    ):
        def order(user):
            return [item.behavior.pk for item in selectors.survey_for(checkin, user).items]

        assert order(partner_a) == order(partner_a)
        assert order(partner_a) != order(partner_b)
        assert sorted(order(partner_a)) == sorted(order(partner_b))

    def test_plain_form_post_saves_and_keeps_untouched_answers(self, login, checkin, partner_a):
        first, second = selectors.behavior_ids(checkin)[:2]
        client = login(partner_a)
        client.post(
            survey_url(checkin),
            {field_name(first, "if_i_do"): "ok", field_name(first, "note"): "when I say so"},
        )
        client.post(survey_url(checkin), {field_name(second, "if_partner_does"): "not_ok"})
        answers = {a.behavior_id: a for a in Answer.objects.filter(user=partner_a)}
        assert answers[first].if_i_do == "ok" and answers[first].note == "when I say so"
        assert answers[second].if_partner_does == "not_ok"
        assert len(answers) == 2

    def test_bad_value_is_explained_and_changes_nothing(self, login, checkin, partner_a):
        pk = selectors.behavior_ids(checkin)[0]
        response = login(partner_a).post(
            survey_url(checkin), {field_name(pk, "if_i_do"): "whatever"}
        )
        assert response.status_code == 400
        assert "must be one of" in response.content.decode()
        assert not Answer.objects.exists()

    def test_submitting_incomplete_lists_links_to_what_is_missing(self, login, checkin, partner_a):
        response = login(partner_a).post(survey_url(checkin), {"action": "submit"})
        assert response.status_code == 400
        html = response.content.decode()
        for pk in selectors.behavior_ids(checkin):
            assert f'href="#item-{pk}"' in html
        assert not Participation.objects.get(user=partner_a).has_submitted

    def test_submit_shows_waiting_for_partner(self, login, checkin, partner_a):
        fill_survey(checkin, partner_a)
        client = login(partner_a)
        response = client.post(survey_url(checkin), {"action": "submit"}, follow=True)
        # First the private check, offered once; skipping it submits.
        assert response.redirect_chain[-1][0] == reverse("safety_check", args=[checkin.pk])
        response = client.post(response.redirect_chain[-1][0], {"go": "skip"}, follow=True)
        html = response.content.decode()
        assert "Your answers are in" in html
        assert "Waiting for Blair" in html
        assert "Waiting for Blair" in client.get("/").content.decode()

    def test_when_both_are_done_home_says_so(self, login, checkin, partner_a, partner_b):
        for person in (partner_a, partner_b):
            fill_survey(checkin, person)
            client = login(person)
            client.post(reverse("checkin_submit", args=[checkin.pk]))
            client.post(reverse("safety_check", args=[checkin.pk]), {"afraid": "no"})
        assert "You have both finished" in login(partner_a).get("/").content.decode()

    def test_partner_never_sees_my_answers_before_both_submit(
        self, login, checkin, partner_a, partner_b
    ):
        fill_survey(checkin, partner_a, note="a very private thought")
        login(partner_a).post(reverse("checkin_submit", args=[checkin.pk]))
        html = login(partner_b).get(survey_url(checkin)).content.decode()
        assert "a very private thought" not in html
        assert "checked" not in html

    def test_private_flag_is_private(self, login, checkin, partner_a, partner_b):
        login(partner_a).post(
            reverse("checkin_flag", args=[checkin.pk]), {"cannot_answer_honestly": "on"}
        )
        assert Participation.objects.get(user=partner_a).cannot_answer_honestly
        partner_html = login(partner_b).get(survey_url(checkin)).content.decode()
        assert "checked" not in partner_html.split("cannot_answer_honestly", 1)[1][:80]

    def test_starting_while_open_links_to_the_open_one(self, login, checkin, partner_b):
        response = login(partner_b).post(reverse("checkin_start"), follow=True)
        assert response.redirect_chain[-1][0] == survey_url(checkin)
        assert "already have a check-in in progress" in response.content.decode()
        assert CheckIn.objects.count() == 1


class TestQueryCounts:
    """The survey, list and API make the same number of queries at 14 and at 200 behaviors."""

    @pytest.fixture(params=[0, 186], ids=["14 behaviors", "200 behaviors"])
    def sized_checkin(self, request, couple, partner_a):
        BehaviorFactory.create_batch(request.param)
        from assessments.services import checkin_start

        checkin = checkin_start(user=partner_a)
        fill_survey(checkin, partner_a)
        return checkin

    def test_survey_page(self, login, sized_checkin, partner_a, django_assert_max_num_queries):
        client = login(partner_a)
        with django_assert_max_num_queries(10):
            assert client.get(survey_url(sized_checkin)).status_code == 200

    def test_home_and_list(self, login, sized_checkin, partner_a, django_assert_max_num_queries):
        client = login(partner_a)
        with django_assert_max_num_queries(12):  # one "What's new", one therapists waiting
            client.get("/")
        with django_assert_max_num_queries(8):
            client.get(reverse("checkin_list"))

    def test_api(self, api, sized_checkin, partner_a, django_assert_max_num_queries):
        client = api.as_user(partner_a)
        base = f"/api/v1/checkins/{sized_checkin.pk}/"
        for url in [base, base + "answers/", "/api/v1/checkins/", "/api/v1/behaviors/"]:
            with django_assert_max_num_queries(10):
                assert client.get(url).status_code == 200

    def test_saving_all_answers_at_once(
        self, api, sized_checkin, partner_a, django_assert_max_num_queries
    ):
        ids = selectors.behavior_ids(sized_checkin)
        body = [{"behavior": pk, "if_i_do": "depends"} for pk in ids]
        client = api.as_user(partner_a)
        with django_assert_max_num_queries(12):
            response = client.put(
                f"/api/v1/checkins/{sized_checkin.pk}/answers/", body, format="json"
            )
        assert response.status_code == 200

    def test_behaviors_page(self, login, sized_checkin, partner_a, django_assert_max_num_queries):
        client = login(partner_a)
        with django_assert_max_num_queries(8):
            assert client.get(reverse("behavior_list")).status_code == 200


class TestBehaviorPages:
    def test_add_edit_retire(self, login, couple, partner_a):
        client = login(partner_a)
        from boundaries.models import Category

        category = Category.objects.get(slug="flirting")
        client.post(
            reverse("behavior_list"), {"title": "Winking at strangers", "category": category.pk}
        )
        ours = couple.own_behaviors.get()
        assert ours.created_by == partner_a
        client.post(
            reverse("behavior_edit", args=[ours.pk]),
            {"title": "Winking", "description": "", "category": category.pk},
        )
        client.post(reverse("behavior_retire", args=[ours.pk]))
        ours.refresh_from_db()
        assert ours.title == "Winking" and ours.is_retired

    def test_others_cannot_touch_our_behavior(self, login, couple, outsider):
        ours = BehaviorFactory(couple=couple, title="Ours")
        client = login(outsider)
        assert client.get(reverse("behavior_edit", args=[ours.pk])).status_code == 404
        assert client.post(reverse("behavior_retire", args=[ours.pk])).status_code == 404
        assert "Ours" not in client.get(reverse("behavior_list")).content.decode()
        ours.refresh_from_db()
        assert not ours.is_retired

    def test_catalog_behaviors_cannot_be_edited(self, login, couple, partner_a):
        catalog = BehaviorFactory()
        assert login(partner_a).get(reverse("behavior_edit", args=[catalog.pk])).status_code == 404

    def test_other_couple_sees_none_of_ours(self, login, couple, partner_a):
        theirs = BehaviorFactory(couple=CoupleFactory(), title="Their secret thing")
        html = login(partner_a).get(reverse("behavior_list")).content.decode()
        assert theirs.title not in html


class TestSurveyUnhappyPaths:
    def test_a_refused_post_keeps_what_was_entered_on_screen(self, login, checkin, partner_a):
        first, second = selectors.behavior_ids(checkin)[:2]
        response = login(partner_a).post(
            survey_url(checkin),
            {
                field_name(first, "if_i_do"): "not_ok",
                field_name(first, "note"): "keep me",
                field_name(second, "note"): "x" * 1001,
            },
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "at most 1000 characters" in html
        assert "keep me" in html
        radio = f'name="b{first}-if_i_do" value="not_ok" checked'
        assert radio in html
        assert "<title>Error:" in html
        assert not Answer.objects.exists()

    def test_a_huge_post_gets_a_calm_400_page(self, login, checkin, partner_a):
        pk = selectors.behavior_ids(checkin)[0]
        response = login(partner_a).post(
            survey_url(checkin), {field_name(pk, "note"): "x" * (3 * 1024 * 1024)}
        )
        assert response.status_code == 400
        assert "Nothing was changed" in response.content.decode()
        assert not Answer.objects.exists()

    def test_saving_the_private_flag_keeps_the_answers_posted_with_it(
        self, login, checkin, partner_a
    ):
        pk = selectors.behavior_ids(checkin)[0]
        login(partner_a).post(
            survey_url(checkin),
            {
                field_name(pk, "if_i_do"): "ok",
                "private_flag_shown": "1",
                "cannot_answer_honestly": "on",
                "action": "save",
            },
        )
        assert Answer.objects.get().if_i_do == "ok"
        assert Participation.objects.get(user=partner_a).cannot_answer_honestly

    def test_save_comes_before_submit_so_enter_never_submits(self, login, checkin, partner_a):
        html = login(partner_a).get(survey_url(checkin)).content.decode()
        assert html.index('value="save"') < html.index('value="submit"')
