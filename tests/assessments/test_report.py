import pytest
from django.urls import reverse

from assessments import selectors, services
from assessments.models import CardProgress
from tests.api_errors import error_codes, error_text
from tests.assessments.conftest import answer_all
from tests.factories import BehaviorFactory, fill_survey

pytestmark = pytest.mark.django_db


def report_url(checkin):
    return reverse("report", args=[checkin.pk])


class TestAccess:
    @pytest.mark.parametrize("name", ["report", "talk"])
    def test_anonymous_goes_to_login(self, client, completed, name):
        response = client.get(reverse(name, args=[completed.pk]))
        assert response["Location"].startswith(reverse("account_login"))

    @pytest.mark.parametrize("name", ["report", "talk"])
    @pytest.mark.parametrize("who", ["outsider", "single"])
    def test_strangers_get_404(self, request, login, completed, name, who):
        client = login(request.getfixturevalue(who))
        assert client.get(reverse(name, args=[completed.pk])).status_code == 404

    @pytest.mark.parametrize("who", ["outsider", "single"])
    def test_strangers_get_404_from_the_api(self, request, api, completed, who):
        client = api.as_user(request.getfixturevalue(who))
        assert client.get(f"/api/v1/checkins/{completed.pk}/report/").status_code == 404

    def test_anonymous_api_is_401(self, completed):
        from rest_framework.test import APIClient

        assert APIClient().get(f"/api/v1/checkins/{completed.pk}/report/").status_code == 401

    def test_before_both_submit_the_page_says_who_is_still_to_finish(
        self, login, checkin, partner_a, partner_b
    ):
        fill_survey(checkin, partner_a, note="secret")
        services.checkin_submit(user=partner_a, checkin=checkin)
        html = login(partner_a).get(report_url(checkin)).content.decode()
        assert "not ready yet" in html
        assert "Blair: still to finish" in html
        assert "secret" not in html

    def test_before_both_submit_the_api_is_409(self, api, checkin, partner_a):
        response = api.as_user(partner_a).get(f"/api/v1/checkins/{checkin.pk}/report/")
        assert response.status_code == 409
        assert set(response.json()["waiting_for"]) == {"Alex", "Blair"}
        assert "both of you have submitted" in error_text(response)
        assert error_codes(response) == ["not_ready"]


class TestReportPage:
    def test_clashes_come_first_with_kind_words(self, login, completed, partner_b):
        html = login(partner_b).get(report_url(completed)).content.decode()
        first = completed.items.get(behavior_id=completed.ids[0]).behavior.title
        second = completed.items.get(behavior_id=completed.ids[1]).behavior.title
        table = html.split('class="data-table side-by-side"', 1)[1]
        assert table.index(first) < table.index(second)
        assert "You see this differently" in html
        assert "Alex would feel OK doing this. Blair would not be OK" in html
        assert "only if I tell you first" in html
        assert "not a diagnosis" in html
        assert "Mismatch" not in html

    def test_scores_and_chart_with_text_alternative(self, login, completed, partner_a):
        html = login(partner_a).get(report_url(completed)).content.decode()
        # 14 behaviors, 2 not in agreement: 12/14 = 86%.
        assert "line up on 86% of the behaviors" in html
        assert "<svg" in html and 'role="img"' in html and "<desc" in html
        assert "Agreement by category" in html

    def test_print_stylesheet_is_there(self, client):
        from django.contrib.staticfiles import finders

        with open(finders.find("css/app.css")) as stylesheet:
            css = stylesheet.read()
        assert "@media print" in css

    def test_second_checkin_shows_what_changed(self, login, completed, partner_a, partner_b):
        again = services.checkin_start(user=partner_a)
        ids = completed.ids
        answer_all(again, partner_a, {ids[2]: ("ok", "ok")})
        answer_all(again, partner_b, {ids[2]: ("not_ok", "not_ok")})
        html = login(partner_a).get(report_url(again)).content.decode()
        assert "Since your last check-in" in html
        resolved = again.items.get(behavior_id=ids[0]).behavior.title
        new = again.items.get(behavior_id=ids[2]).behavior.title
        changes = html.split("Since your last check-in", 1)[1].split("By category", 1)[0]
        assert f"No longer a difference: {resolved}" in changes.replace("&#x27;", "'")
        assert f"A new difference: {new}" in changes.replace("&#x27;", "'")

    @pytest.mark.parametrize("extra", [0, 186], ids=["14 behaviors", "200 behaviors"])
    def test_query_count_does_not_grow_with_the_catalog(
        self, login, couple, partner_a, partner_b, extra, django_assert_max_num_queries
    ):
        BehaviorFactory.create_batch(extra)
        checkin = services.checkin_start(user=partner_a)
        ids = selectors.behavior_ids(checkin)
        answer_all(checkin, partner_a, {pk: ("ok", "depends") for pk in ids[::3]})
        answer_all(checkin, partner_b, {pk: ("not_ok", "ok") for pk in ids[::2]})
        client = login(partner_a)
        for url in [
            report_url(checkin),
            reverse("talk", args=[checkin.pk]),
            f"/api/v1/checkins/{checkin.pk}/report/",
        ]:
            with django_assert_max_num_queries(12):
                assert client.get(url).status_code == 200


class TestGuidedConversation:
    def test_steps_through_cards_and_progress_is_shared(
        self, login, completed, partner_a, partner_b
    ):
        client = login(partner_a)
        first = client.get(reverse("talk", args=[completed.pk]))
        assert "Card 1 of 2" in first.content.decode()
        key = first.context["card"].key
        client.post(
            reverse("talk_mark", args=[completed.pk]),
            {"card": key, "number": "1", "talked_about": "on", "agreed": "Ask first", "go": "next"},
        )
        progress = CardProgress.objects.get(checkin=completed, card_key=key)
        assert progress.talked_about_at and progress.agreed == "Ask first"
        # Blair sees the same progress after a reload.
        again = login(partner_b).get(reverse("talk", args=[completed.pk]) + "?card=1")
        assert "1 talked about" in again.content.decode()
        assert "Ask first" in again.content.decode()

    @pytest.mark.parametrize("card", ["", "nope", "1-clash-z", "x" * 5000])
    def test_unknown_card_is_refused(self, login, completed, partner_a, card):
        response = login(partner_a).post(
            reverse("talk_mark", args=[completed.pk]),
            {"card": card, "talked_about": "on"},
            follow=True,
        )
        assert "no such conversation card" in response.content.decode()
        assert not CardProgress.objects.exists()

    @pytest.mark.parametrize("number", ["0", "-3", "999", "abc"])
    def test_odd_card_numbers_still_show_a_card(self, login, completed, partner_a, number):
        response = login(partner_a).get(reverse("talk", args=[completed.pk]) + f"?card={number}")
        assert response.status_code == 200

    def test_api_marks_a_card(self, api, completed, partner_b):
        report = api.as_user(partner_b).get(f"/api/v1/checkins/{completed.pk}/report/").json()
        key = report["items"][0]["prompts"][0]["key"]
        response = api.put(
            f"/api/v1/checkins/{completed.pk}/cards/",
            {"card": key, "talked_about": True, "agreed": "We'll ask"},
            format="json",
        )
        assert response.status_code == 200
        report = api.get(f"/api/v1/checkins/{completed.pk}/report/").json()
        assert report["items"][0]["prompts"][0]["talked_about"] is True


class TestReportApi:
    def test_shape(self, api, completed, partner_b):
        body = api.as_user(partner_b).get(f"/api/v1/checkins/{completed.pk}/report/").json()
        assert body["scores"]["overall"] == pytest.approx(12 / 14)
        assert set(body["scores"]["by_category"]) == {
            "secrecy",
            "emotional-intimacy",
            "flirting",
            "social-media",
            "comparison-fantasy",
            "keeping-options-open",
        }
        first = body["items"][0]
        assert first["behavior"]["id"] == completed.ids[0]
        clash = first["findings"][0]
        assert clash == {
            "type": "clash",
            "doer": {"name": "Alex", "is_me": False},
            "minder": {"name": "Blair", "is_me": True},
        }
        assert len(first["answers"]) == 2
        gray = body["items"][1]["findings"][0]
        assert gray["type"] == "gray_area"
        assert gray["notes"] == [
            {
                "by": {"name": "Alex", "is_me": False},
                "note": "only if I tell you first",
                "private": False,
                "kept_private": False,
            }
        ]
        assert {d["outcome"] for d in first["directions"]} == {"clash", "doer_stricter"}
        assert body["items"][-1]["findings"] == [{"type": "agreement"}]
        assert body["changes"] is None


class TestReportCache:
    """The report is built once and kept; anything shown on it that changes starts afresh."""

    def test_a_second_view_is_served_from_the_cache(
        self, login, completed, partner_a, django_assert_max_num_queries
    ):
        client = login(partner_a)
        client.get(report_url(completed))
        with django_assert_max_num_queries(15):
            html = client.get(report_url(completed)).content.decode()
        assert "line up on" in html

    @pytest.mark.parametrize("extra", [0, 186], ids=["14 behaviors", "200 behaviors"])
    def test_from_the_cache_it_asks_the_database_two_things_however_large(
        self, login, couple, partner_a, partner_b, extra, django_assert_num_queries
    ):
        BehaviorFactory.create_batch(extra)
        for _round in range(2 if extra else 1):
            checkin = services.checkin_start(user=partner_a)
            ids = selectors.behavior_ids(checkin)
            answer_all(checkin, partner_a, {})
            answer_all(checkin, partner_b, {pk: ("not_ok", "ok") for pk in ids[::2]})
        client = login(partner_a)
        client.get(report_url(checkin))
        # The session, and who is asking with their couple: the worker's copy is served
        # while they are still in the couple whose check-in it is.
        with django_assert_num_queries(2):
            assert client.get(report_url(checkin)).status_code == 200

    def test_a_new_name_shows_at_once(self, login, completed, partner_a, partner_b):
        client = login(partner_a)
        assert "Blair" in client.get(report_url(completed)).content.decode()
        from boundaries.services import user_update_name

        user_update_name(user=partner_b, display_name="Bee")
        html = client.get(report_url(completed)).content.decode()
        assert "Bee would" in html or ">Bee<" in html
        assert "Blair" not in html

    def test_catalog_wording_fixed_by_staff_shows_at_once(self, login, completed, partner_a):
        client = login(partner_a)
        client.get(report_url(completed))
        behavior = completed.items.first().behavior
        behavior.title = "A clearer title"
        behavior.save()
        assert "A clearer title" in client.get(report_url(completed)).content.decode()

    def test_a_condition_relabelled_by_staff_shows_at_once(
        self, login, checkin, partner_a, partner_b
    ):
        from assessments.models import Condition

        pk = selectors.behavior_ids(checkin)[0]
        for person in (partner_a, partner_b):
            fill_survey(checkin, person)
            answer = {"behavior": pk, "if_i_do": "depends", "conditions": ["open"]}
            services.answers_save(user=person, checkin=checkin, answers=[answer])
            services.checkin_submit(user=person, checkin=checkin)
        client = login(partner_a)
        assert "open, not hidden" in client.get(report_url(checkin)).content.decode()
        condition = Condition.objects.get(key="open")
        condition.label = "Out in the open"
        condition.save()
        html = client.get(report_url(checkin)).content.decode()
        assert "Out in the open" in html
        assert "open, not hidden" not in html

    def test_each_partner_gets_their_own_view(self, login, completed, partner_a, partner_b):
        for me, other in ((partner_a, "Blair"), (partner_b, "Alex")):
            html = login(me).get(report_url(completed)).content.decode()
            assert f">{other}'s answers</th>" in html

    def test_cached_page_carries_a_working_csrf_token(self, completed, partner_a):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(partner_a)
        client.get(report_url(completed))
        html = client.get(report_url(completed)).content.decode()
        assert "stand-in" not in html
        token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        response = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
        assert response.status_code == 302
        assert client.get("/").context["user"].is_anonymous

    def test_the_page_is_kept_encoded_and_each_response_has_its_own_token(
        self, completed, partner_a
    ):
        from django.core.cache import cache
        from django.test import Client

        from assessments.reports.cache import cache_key

        client = Client()
        client.force_login(partner_a)
        first = client.get(report_url(completed)).content
        _token, (stand_in, kept) = cache.get(cache_key(completed, partner_a.pk, "html", "en"))
        assert isinstance(kept, bytes)
        assert stand_in in kept
        second = client.get(report_url(completed)).content
        assert stand_in not in first
        assert stand_in not in second
        token = b'name="csrfmiddlewaretoken" value="'
        assert first.split(token)[1][:64] != second.split(token)[1][:64]

    def test_a_page_kept_as_text_before_is_never_served_and_is_forgotten(
        self, login, completed, partner_a
    ):
        from django.core.cache import cache

        from assessments.reports import forget
        from assessments.reports.cache import cache_key
        from boundaries import versions

        keys = versions.keys_for(completed.couple_id)
        token = versions.token_from(cache.get_many(keys), keys)
        old = cache_key(completed, partner_a.pk, "page", "en")
        cache.set(old, (token, ("stand-in", "<p>An old page as text</p>")))
        html = login(partner_a).get(report_url(completed)).content.decode()
        assert "An old page as text" not in html
        assert "line up on" in html
        forget([completed.couple_id], [partner_a.pk])
        assert cache.get(old) is None

    def test_a_pending_message_is_shown_on_the_report(self, login, completed, partner_a):
        client = login(partner_a)
        client.get(report_url(completed))
        client.post(reverse("talk_mark", args=[completed.pk]), {"card": "nope"})
        html = client.get(report_url(completed)).content.decode()
        assert "no such conversation card" in html


def test_the_next_report_shows_the_agreement_in_force(login, completed, partner_a, partner_b):
    from boundaries import services as boundary_services

    first, other = completed.ids[0], completed.ids[3]
    behavior = completed.items.get(behavior_id=first).behavior
    proposal = boundary_services.agreement_propose(
        user=partner_a, behavior=behavior, decision="not_ok"
    )
    boundary_services.agreement_accept(user=partner_b, agreement_id=proposal.pk)
    client = login(partner_a)
    # The first report's answers came before the agreement: it is not shown there.
    assert "You agreed" not in client.get(report_url(completed)).content.decode()
    again = services.checkin_start(user=partner_a)
    answer_all(again, partner_a, {first: ("ok", "ok"), other: ("ok", "ok")})
    answer_all(again, partner_b, {first: ("not_ok", "not_ok")})
    html = client.get(report_url(again)).content.decode()
    assert "You agreed “Not OK” in" in html
    assert "you now see it differently" in html


class TestCardProgressSafety:
    def first_key(self, login, completed, user):
        return login(user).get(reverse("talk", args=[completed.pk])).context["card"].key

    def test_an_api_save_without_agreed_keeps_the_text(
        self, api, login, completed, partner_a, partner_b
    ):
        key = self.first_key(login, completed, partner_a)
        url = f"/api/v1/checkins/{completed.pk}/cards/"
        api.as_user(partner_a).put(
            url, {"card": key, "agreed": "We tell each other first."}, format="json"
        )
        response = api.as_user(partner_b).put(
            url, {"card": key, "talked_about": True}, format="json"
        )
        assert response.json()["agreed"] == "We tell each other first."
        assert response.json()["talked_about"] is True

    def test_a_stale_page_cannot_overwrite_the_partners_save(
        self, login, completed, partner_a, partner_b
    ):
        stale = login(partner_b).get(reverse("talk", args=[completed.pk]))
        key = stale.context["card"].key
        login(partner_a).post(
            reverse("talk_mark", args=[completed.pk]),
            {
                "card": key,
                "number": "1",
                "talked_about": "on",
                "agreed": "Alex's words",
                "version": "",
            },
        )
        response = login(partner_b).post(
            reverse("talk_mark", args=[completed.pk]),
            {"card": key, "number": "1", "agreed": "", "version": ""},
            follow=True,
        )
        assert "saved this card a moment ago" in response.content.decode()
        assert CardProgress.objects.get().agreed == "Alex's words"

    @pytest.mark.parametrize("number", ["²", "1e3", "", "-1"])
    def test_odd_numbers_never_crash_marking(self, login, completed, partner_a, number):
        key = self.first_key(login, completed, partner_a)
        response = login(partner_a).post(
            reverse("talk_mark", args=[completed.pk]),
            {"card": key, "number": number, "talked_about": "on", "go": "next"},
        )
        assert response.status_code == 302

    def test_coming_back_opens_the_first_card_not_talked_about(self, login, completed, partner_a):
        client = login(partner_a)
        key = self.first_key(login, completed, partner_a)
        client.post(
            reverse("talk_mark", args=[completed.pk]),
            {"card": key, "number": "1", "talked_about": "on"},
        )
        assert client.get(reverse("talk", args=[completed.pk])).context["number"] == 2


def test_a_stricter_line_is_shown_without_being_a_finding(login, checkin, partner_a, partner_b):
    ids = selectors.behavior_ids(checkin)
    answer_all(checkin, partner_a, {ids[0]: ("not_ok", "ok")})
    answer_all(checkin, partner_b, {ids[0]: ("ok", "ok")})
    html = login(partner_b).get(report_url(checkin)).content.decode()
    assert "Alex holds themselves to a stricter line than Blair asks." in html
    assert "line up on 100%" in html


class TestCardTick:
    """Ticking one card checks that card alone, not the whole report, at a fixed cost."""

    @pytest.mark.parametrize("key", ["", "x", "99999999999999999999-clash-a", "1-clash-z", "-"])
    def test_an_unknown_card_is_refused(self, api, completed, partner_a, key):
        response = api.as_user(partner_a).put(
            f"/api/v1/checkins/{completed.pk}/cards/",
            {"card": key, "talked_about": True},
            format="json",
        )
        assert response.status_code == 400
        assert not CardProgress.objects.exists()

    @pytest.mark.parametrize("extra", [0, 40], ids=["14 behaviors", "54 behaviors"])
    def test_a_tick_costs_the_same_with_more_behaviors(
        self, login, api, partner_a, partner_b, couple, extra, django_assert_max_num_queries
    ):
        from assessments.services import checkin_start, checkin_submit

        BehaviorFactory.create_batch(extra)
        checkin = checkin_start(user=partner_a)
        fill_survey(checkin, partner_a, if_i_do="ok")
        fill_survey(checkin, partner_b, if_partner_does="not_ok")
        for person in (partner_a, partner_b):
            checkin_submit(user=person, checkin=checkin)
        key = login(partner_a).get(reverse("talk", args=[checkin.pk])).context["card"].key
        client = api.as_user(partner_a)
        with django_assert_max_num_queries(15):
            response = client.put(
                f"/api/v1/checkins/{checkin.pk}/cards/",
                {"card": key, "talked_about": True},
                format="json",
            )
        assert response.status_code == 200
        assert response.json()["talked_about"] is True
