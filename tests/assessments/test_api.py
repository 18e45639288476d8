import pytest
from rest_framework.test import APIClient

from assessments import selectors
from assessments.models import Answer, CheckIn
from boundaries.models import Category
from tests.api_errors import error_codes, error_text, errors_of
from tests.factories import BehaviorFactory, CoupleFactory, fill_survey

pytestmark = pytest.mark.django_db


def urls(checkin):
    base = f"/api/v1/checkins/{checkin.pk}/"
    return {
        "detail": ("get", base),
        "answers": ("get", base + "answers/"),
        "save": ("put", base + "answers/"),
        "submit": ("post", base + "submit/"),
        "flag": ("put", base + "private-flag/"),
    }


def call(client, method, url, data=None):
    return getattr(client, method)(url, data if data is not None else [], format="json")


class TestAccess:
    @pytest.mark.parametrize("name", ["detail", "answers", "save", "submit", "flag"])
    def test_anonymous_gets_401(self, checkin, name):
        method, url = urls(checkin)[name]
        assert call(APIClient(), method, url).status_code == 401

    @pytest.mark.parametrize("name", ["detail", "answers", "save", "submit", "flag"])
    @pytest.mark.parametrize("who", ["outsider", "single"])
    def test_strangers_get_404(self, request, api, checkin, name, who):
        method, url = urls(checkin)[name]
        response = call(api.as_user(request.getfixturevalue(who)), method, url)
        assert response.status_code == 404

    def test_after_unlinking_the_checkin_is_gone_for_both(self, api, checkin, partner_a):
        api.as_user(partner_a).delete("/api/v1/couple/")
        assert api.get(f"/api/v1/checkins/{checkin.pk}/").status_code == 404

    def test_list_shows_only_our_checkins(self, api, checkin, outsider, partner_b):
        assert api.as_user(outsider).get("/api/v1/checkins/").status_code == 200
        assert api.get("/api/v1/checkins/").json() == []
        ids = [c["id"] for c in api.as_user(partner_b).get("/api/v1/checkins/").json()]
        assert ids == [checkin.pk]


class TestStart:
    def test_start_is_201_then_409_with_the_open_one(self, api, couple, partner_a, partner_b):
        first = api.as_user(partner_a).post("/api/v1/checkins/", format="json")
        assert first.status_code == 201
        assert first.json()["status"] == "open"
        second = api.as_user(partner_b).post("/api/v1/checkins/", format="json")
        assert second.status_code == 409
        assert second.json()["checkin"] == first.json()["id"]
        assert "already" in error_text(second)
        assert error_codes(second) == ["checkin_open"]

    def test_not_linked_is_400(self, api, single):
        response = api.as_user(single).post("/api/v1/checkins/", format="json")
        assert response.status_code == 400


class TestAnswers:
    def test_put_then_get_returns_mine_only(self, api, checkin, partner_a, partner_b):
        ids = selectors.behavior_ids(checkin)
        fill_survey(checkin, partner_b, if_i_do="not_ok", note="Blair's secret note")
        response = api.as_user(partner_a).put(
            f"/api/v1/checkins/{checkin.pk}/answers/",
            [{"behavior": ids[0], "if_i_do": "ok", "if_partner_does": "depends", "note": "hm"}],
            format="json",
        )
        assert response.status_code == 200
        mine = api.get(f"/api/v1/checkins/{checkin.pk}/answers/").json()
        assert [a["behavior"] for a in mine] == [ids[0]]
        assert "Blair's secret note" not in str(mine)
        detail = api.get(f"/api/v1/checkins/{checkin.pk}/").json()
        assert detail["me"]["answered"] == 1
        assert "not_ok" not in str(detail) and "secret" not in str(detail)

    def test_bad_rating_is_400_with_a_message(self, api, checkin, partner_a):
        pk = selectors.behavior_ids(checkin)[0]
        response = api.as_user(partner_a).put(
            f"/api/v1/checkins/{checkin.pk}/answers/",
            [{"behavior": pk, "if_i_do": "yes please"}],
            format="json",
        )
        assert response.status_code == 400
        assert "must be one of ok, not_ok or depends" in errors_of(response)["answers"][0]

    def test_ten_megabyte_note_is_refused(self, api, checkin, partner_a):
        pk = selectors.behavior_ids(checkin)[0]
        response = api.as_user(partner_a).put(
            f"/api/v1/checkins/{checkin.pk}/answers/",
            [{"behavior": pk, "note": "x" * (10 * 1024 * 1024)}],
            format="json",
        )
        assert response.status_code in (400, 413)
        assert not Answer.objects.exists()

    @pytest.mark.parametrize("body", ['{"behavior": 1}', "not json", "[", "null"])
    def test_malformed_bodies_are_400(self, api, checkin, partner_a, body):
        response = api.as_user(partner_a).generic(
            "PUT",
            f"/api/v1/checkins/{checkin.pk}/answers/",
            body,
            content_type="application/json",
        )
        assert response.status_code == 400

    def test_another_couples_behavior_is_400(self, api, checkin, partner_a):
        theirs = BehaviorFactory(couple=CoupleFactory())
        response = api.as_user(partner_a).put(
            f"/api/v1/checkins/{checkin.pk}/answers/",
            [{"behavior": theirs.pk, "if_i_do": "ok"}],
            format="json",
        )
        assert response.status_code == 400


class TestSubmit:
    def test_incomplete_is_400_listing_the_missing(self, api, checkin, partner_a):
        response = api.as_user(partner_a).post(f"/api/v1/checkins/{checkin.pk}/submit/")
        assert response.status_code == 400
        missing = response.json()["missing"]
        assert len(missing) == len(selectors.behavior_ids(checkin))
        assert {"id", "title"} <= set(missing[0])

    def test_submit_twice_then_answers_are_locked(self, api, checkin, partner_a):
        fill_survey(checkin, partner_a)
        client = api.as_user(partner_a)
        assert client.post(f"/api/v1/checkins/{checkin.pk}/submit/").status_code == 200
        assert client.post(f"/api/v1/checkins/{checkin.pk}/submit/").status_code == 200
        pk = selectors.behavior_ids(checkin)[0]
        locked = client.put(
            f"/api/v1/checkins/{checkin.pk}/answers/",
            [{"behavior": pk, "if_i_do": "not_ok"}],
            format="json",
        )
        assert locked.status_code == 400
        assert "locked" in str(locked.json())

    def test_partner_sees_only_that_i_finished(self, api, checkin, partner_a, partner_b):
        fill_survey(checkin, partner_a, note="private words")
        api.as_user(partner_a).post(f"/api/v1/checkins/{checkin.pk}/submit/")
        body = api.as_user(partner_b).get(f"/api/v1/checkins/{checkin.pk}/").json()
        alex = next(p for p in body["partners"] if not p["is_me"])
        assert alex["submitted"] is True
        assert "private words" not in str(body)
        assert api.get(f"/api/v1/checkins/{checkin.pk}/answers/").json() == []

    def test_both_submitting_completes(self, api, checkin, partner_a, partner_b):
        for person in (partner_a, partner_b):
            fill_survey(checkin, person)
            api.as_user(person).post(f"/api/v1/checkins/{checkin.pk}/submit/")
        assert CheckIn.objects.get().completed_at is not None
        assert api.get(f"/api/v1/checkins/{checkin.pk}/").json()["status"] == "complete"


class TestPrivateFlag:
    def test_only_i_see_it(self, api, checkin, partner_a, partner_b):
        response = api.as_user(partner_a).put(
            f"/api/v1/checkins/{checkin.pk}/private-flag/",
            {"cannot_answer_honestly": True},
            format="json",
        )
        assert response.json()["cannot_answer_honestly"] is True
        partner_view = api.as_user(partner_b).get(f"/api/v1/checkins/{checkin.pk}/").json()
        assert partner_view["me"]["cannot_answer_honestly"] is False
        assert "cannot_answer_honestly" not in str(partner_view["partners"])

    @pytest.mark.parametrize("value", ["yes", 1, None])
    def test_needs_a_boolean(self, api, checkin, partner_a, value):
        response = api.as_user(partner_a).put(
            f"/api/v1/checkins/{checkin.pk}/private-flag/",
            {"cannot_answer_honestly": value},
            format="json",
        )
        assert response.status_code == 400


class TestBehaviors:
    def test_list_is_catalog_plus_ours(self, api, couple, partner_a):
        BehaviorFactory(couple=couple, title="Ours")
        BehaviorFactory(couple=CoupleFactory(), title="Theirs")
        titles = [b["title"] for b in api.as_user(partner_a).get("/api/v1/behaviors/").json()]
        assert "Ours" in titles and "Theirs" not in titles
        assert len(titles) == 15

    def test_add_by_slug_or_id(self, api, couple, partner_a):
        client = api.as_user(partner_a)
        by_slug = client.post(
            "/api/v1/behaviors/", {"title": "Texting an ex", "category": "secrecy"}, format="json"
        )
        assert by_slug.status_code == 201, by_slug.json()
        assert by_slug.json()["custom"] is True
        flirting = Category.objects.get(slug="flirting")
        by_id = client.post(
            "/api/v1/behaviors/", {"title": "Winking", "category": flirting.pk}, format="json"
        )
        assert by_id.json()["category"] == "flirting"

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"title": "", "category": "secrecy"}, "title"),
            ({"title": "x" * 500, "category": "secrecy"}, "title"),
            ({"title": "Fine", "category": "nope"}, "category"),
            ({"title": "Fine"}, "category"),
        ],
    )
    def test_bad_behavior_is_400_on_the_field(self, api, couple, partner_a, payload, field):
        response = api.as_user(partner_a).post("/api/v1/behaviors/", payload, format="json")
        assert response.status_code == 400
        assert field in errors_of(response)

    def test_adding_needs_a_partner(self, api, single):
        response = api.as_user(single).post(
            "/api/v1/behaviors/", {"title": "Fine", "category": "secrecy"}, format="json"
        )
        assert response.status_code == 400

    def test_edit_and_retire_our_own(self, api, couple, partner_b):
        ours = BehaviorFactory(couple=couple)
        client = api.as_user(partner_b)
        response = client.patch(f"/api/v1/behaviors/{ours.pk}/", {"title": "New"}, format="json")
        assert response.json()["title"] == "New"
        assert client.delete(f"/api/v1/behaviors/{ours.pk}/").status_code == 204
        ours.refresh_from_db()
        assert ours.is_retired
        assert ours.pk not in [b["id"] for b in client.get("/api/v1/behaviors/").json()]

    @pytest.mark.parametrize("method", ["get", "patch", "delete"])
    def test_catalog_and_other_couples_behaviors_are_404(self, api, couple, partner_a, method):
        catalog = BehaviorFactory()
        theirs = BehaviorFactory(couple=CoupleFactory())
        client = api.as_user(partner_a)
        for behavior in (catalog, theirs):
            response = getattr(client, method)(
                f"/api/v1/behaviors/{behavior.pk}/", {"title": "Mine now"}, format="json"
            )
            assert response.status_code == 404
            behavior.refresh_from_db()
            assert behavior.title != "Mine now" and not behavior.is_retired


class TestBehaviorRules:
    def test_words_cannot_change_once_answered_in_a_checkin(self, api, couple, partner_a):
        ours = BehaviorFactory(couple=couple, title="Texting an ex on their birthday")
        api.as_user(partner_a).post("/api/v1/checkins/", format="json")
        response = api.patch(
            f"/api/v1/behaviors/{ours.pk}/", {"title": "Something else"}, format="json"
        )
        assert response.status_code == 400
        assert "Retire it and add a new one" in str(response.json())
        ours.refresh_from_db()
        assert ours.title == "Texting an ex on their birthday"

    def test_own_behaviors_are_capped(self, api, couple, partner_a):
        from boundaries.services import MAX_OWN_BEHAVIORS

        BehaviorFactory.create_batch(MAX_OWN_BEHAVIORS, couple=couple)
        response = api.as_user(partner_a).post(
            "/api/v1/behaviors/", {"title": "One more", "category": "secrecy"}, format="json"
        )
        assert response.status_code == 400
        assert "retire one" in str(response.json())

    @pytest.mark.parametrize("category", [True, False, None, [], {"x": 1}])
    def test_odd_categories_are_refused_with_the_choices(self, api, couple, partner_a, category):
        response = api.as_user(partner_a).post(
            "/api/v1/behaviors/", {"title": "Fine", "category": category}, format="json"
        )
        assert response.status_code == 400
        assert "%(" not in str(response.json())

    @pytest.mark.parametrize("title", ["Line\nbreak", "Nul\u0000", "\u202eevil"])
    def test_titles_with_control_characters_are_refused(self, api, couple, partner_a, title):
        response = api.as_user(partner_a).post(
            "/api/v1/behaviors/", {"title": title, "category": "secrecy"}, format="json"
        )
        assert response.status_code == 400


def test_a_ten_megabyte_body_gets_a_readable_413_or_400(api, checkin, partner_a, settings):
    pk = selectors.behavior_ids(checkin)[0]
    response = api.as_user(partner_a).put(
        f"/api/v1/checkins/{checkin.pk}/answers/",
        [{"behavior": pk, "note": "x" * (10 * 1024 * 1024)}],
        format="json",
    )
    assert response.status_code in (400, 413)
    assert errors_of(response)[None if response.status_code == 413 else "answers"]


class TestAnswersAreParsedAtTheEdge:
    """The API reads a body into answers (types); the service then checks the round's rules."""

    @pytest.mark.parametrize(
        ("item", "message"),
        [
            ({"behavior": "1", "if_i_do": "ok"}, "Answer 1: “behavior” must be a number."),
            ({"behavior": True}, "Answer 1: “behavior” must be a number."),
            ({"if_i_do": "ok"}, "Answer 1: “behavior” is missing."),
            ("ok", "Answer 1: expected an object."),
            (None, "Answer 1: expected an object."),
            ({"behavior": 0, "if_partner_does": 3}, "must be one of ok, not_ok or depends"),
            ({"behavior": 0, "note": 12}, "Answer 1: “note” must be text."),
        ],
    )
    def test_what_cannot_be_read_is_a_readable_400(self, api, checkin, partner_a, item, message):
        if isinstance(item, dict) and item.get("behavior") == 0:
            item = {**item, "behavior": selectors.behavior_ids(checkin)[0]}
        response = api.as_user(partner_a).put(
            f"/api/v1/checkins/{checkin.pk}/answers/", [item], format="json"
        )
        assert response.status_code == 400
        assert message in errors_of(response)["answers"][0]
        assert not Answer.objects.exists()

    def test_null_answers_are_named_one_by_one(self, api, checkin, partner_a):
        """The fuzzing found `[null, null, null]` answered with a 500."""
        pk = selectors.behavior_ids(checkin)[0]
        body = [None, {"behavior": pk, "if_i_do": "ok"}, None]
        response = api.as_user(partner_a).put(
            f"/api/v1/checkins/{checkin.pk}/answers/", body, format="json"
        )
        assert response.status_code == 400
        assert errors_of(response)["answers"] == [
            "Answer 1: expected an object.",
            "Answer 3: expected an object.",
        ]
        assert not Answer.objects.exists()

    @pytest.mark.parametrize("body", [[], {}, "ok", None, [1, 2], [None, None, None]])
    def test_a_body_that_is_not_a_list_of_answers_is_refused(self, api, checkin, partner_a, body):
        response = api.as_user(partner_a).put(
            f"/api/v1/checkins/{checkin.pk}/answers/", body, format="json"
        )
        assert response.status_code == 400
        assert not Answer.objects.exists()

    def test_every_unreadable_answer_is_named(self, api, checkin, partner_a):
        first = selectors.behavior_ids(checkin)[0]
        response = api.as_user(partner_a).put(
            f"/api/v1/checkins/{checkin.pk}/answers/",
            [
                {"behavior": first, "if_i_do": "ok"},
                {"behavior": "x"},
                {"behavior": first, "note": 5},
            ],
            format="json",
        )
        problems = errors_of(response)["answers"]
        assert [p.split(":")[0] for p in problems] == ["Answer 2", "Answer 3"]
