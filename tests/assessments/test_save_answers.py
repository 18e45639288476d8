"""Saving answers (PUT /api/v1/checkins/<id>/answers/, as the survey page's script does):
five queries whatever the number of answers, and every refusal as before."""

import json
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from assessments import selectors, services
from assessments.models import Answer, Condition, Participation
from boundaries.services import couple_unlink
from tests.api_errors import errors_of
from tests.app_client import app_client
from tests.factories import BehaviorFactory, fill_survey

pytestmark = pytest.mark.django_db

# The session, the user, the lock (check-in, participation and couple in one), the titles
# with the stored answers, the write.
QUERIES_PER_SAVE = 5


def url(checkin_id) -> str:
    return f"/api/v1/checkins/{checkin_id}/answers/"


def put(client, checkin_id, answers):
    return client.put(url(checkin_id), json.dumps(answers), content_type="application/json")


def answers_for(ids, **fields):
    return [{"behavior": pk, "if_i_do": "ok", "if_partner_does": "depends", **fields} for pk in ids]


@pytest.fixture
def big_checkin(couple, partner_a):
    """A check-in of 50 behaviors: the catalog's 14 and 36 of the couple's own."""
    BehaviorFactory.create_batch(36, couple=couple)
    checkin = services.checkin_start(user=partner_a)
    assert len(selectors.behavior_ids(checkin)) == 50
    return checkin


@pytest.fixture(params=["session cookie", "session token"])
def signed_in(request, login, partner_a):
    """Alex, signed in as the survey page is (the session cookie) or as an app (the token)."""
    if request.param == "session cookie":
        return login(partner_a)
    client = app_client(partner_a)
    client.get("/api/v1/conditions/")  # the token's first request stamps its idle timeout
    return client


class TestQueries:
    def test_one_answer_or_fifty_take_the_same_five_queries(
        self, signed_in, big_checkin, django_assert_max_num_queries
    ):
        ids = selectors.behavior_ids(big_checkin)
        counts = []
        # New answers, then one stored and 49 new, then 50 stored ones changed.
        for batch in (ids[:1], ids, ids):
            with django_assert_max_num_queries(QUERIES_PER_SAVE) as captured:
                response = put(signed_in, big_checkin.pk, answers_for(batch, note="if I know"))
            assert response.status_code == 200, response.content
            assert len(response.json()) == len(batch)
            counts.append(len(captured))
        assert len(set(counts)) == 1, counts
        assert Answer.objects.filter(checkin=big_checkin, note="if I know").count() == 50

    def test_the_survey_pages_answer_with_no_conditions_costs_no_more(
        self, signed_in, checkin, django_assert_max_num_queries
    ):
        # The page sends `"conditions": []` with every rating that is not "It depends".
        pk = selectors.behavior_ids(checkin)[0]
        with django_assert_max_num_queries(QUERIES_PER_SAVE):
            response = put(
                signed_in, checkin.pk, [{"behavior": pk, "if_i_do": "ok", "conditions": []}]
            )
        assert response.status_code == 200, response.content

    def test_ticking_conditions_costs_no_more_once_they_are_cached(
        self, signed_in, checkin, django_assert_max_num_queries
    ):
        ids = selectors.behavior_ids(checkin)
        ticked = [{"behavior": ids[0], "if_i_do": "depends", "conditions": ["open"]}]
        assert put(signed_in, checkin.pk, ticked).status_code == 200  # reads them, once
        ticked = [{"behavior": ids[1], "if_i_do": "depends", "conditions": ["open", "not_an_ex"]}]
        with django_assert_max_num_queries(QUERIES_PER_SAVE):
            response = put(signed_in, checkin.pk, ticked)
        assert response.status_code == 200, response.content
        assert response.json()[0]["conditions"] == ["open", "not_an_ex"]


class TestConditionsOffered:
    def tick(self, client, checkin, key):
        pk = selectors.behavior_ids(checkin)[0]
        answers = [{"behavior": pk, "if_i_do": "depends", "conditions": [key]}]
        return put(client, checkin.pk, answers)

    def test_a_condition_staff_retire_is_refused_at_once(self, signed_in, checkin):
        assert self.tick(signed_in, checkin, "open").status_code == 200
        condition = Condition.objects.get(key="open")
        condition.is_active = False
        condition.save()  # as the admin does
        response = self.tick(signed_in, checkin, "open")
        assert response.status_code == 400
        assert "there is no condition open" in " ".join(errors_of(response)["answers"])

    def test_a_condition_staff_add_is_taken_at_once(self, signed_in, checkin):
        assert self.tick(signed_in, checkin, "open").status_code == 200
        Condition.objects.create(key="on_holiday", label_en="On holiday")
        assert self.tick(signed_in, checkin, "on_holiday").status_code == 200

    def test_without_the_cache_they_come_from_the_database(self, settings, checkin, partner_a):
        # (The API itself answers 503 then, for its throttles; the survey's form still saves.)
        from tests.config.test_cache_outage import unreachable_redis

        settings.CACHES = unreachable_redis()
        pk = selectors.behavior_ids(checkin)[0]
        answer = {"behavior": pk, "if_i_do": "depends", "conditions": ["open"]}
        services.answers_save(user=partner_a, checkin=checkin, answers=[answer])
        with pytest.raises(ValidationError, match="there is no condition no_such_thing"):
            answer["conditions"] = ["no_such_thing"]
            services.answers_save(user=partner_a, checkin=checkin, answers=[answer])
        assert Answer.objects.get().conditions == ["open"]


class TestRefusals:
    def test_after_submitting_a_save_is_refused_and_changes_nothing(
        self, signed_in, checkin, partner_a
    ):
        fill_survey(checkin, partner_a)
        services.checkin_submit(user=partner_a, checkin=checkin)
        response = put(signed_in, checkin.pk, answers_for(selectors.behavior_ids(checkin)[:1]))
        assert response.status_code == 400
        assert errors_of(response) == {
            "non_field_errors": [
                "You have submitted this check-in; your answers are locked. Start a new one."
            ]
        }
        assert not Answer.objects.filter(user=partner_a, if_partner_does="depends").exists()

    @pytest.mark.parametrize("who", ["outsider", "single"])
    @pytest.mark.parametrize("body", ["good", "bad"])
    def test_strangers_get_404_whatever_they_send(self, request, api, checkin, who, body):
        answers = answers_for(selectors.behavior_ids(checkin)[:1])
        if body == "bad":
            answers[0]["if_i_do"] = "maybe"
        response = put(api.as_user(request.getfixturevalue(who)), checkin.pk, answers)
        assert response.status_code == 404
        assert errors_of(response) == {None: ["Not found."]}
        assert not Answer.objects.exists()

    def test_a_checkin_that_does_not_exist_is_404(self, signed_in, checkin):
        assert put(signed_in, checkin.pk + 1000, answers_for([1])).status_code == 404

    def test_after_unlinking_a_save_is_404_for_both(self, api, checkin, partner_a, partner_b):
        couple_unlink(user=partner_b)
        for person in (partner_a, partner_b):
            answers = answers_for(selectors.behavior_ids(checkin)[:1])
            assert put(api.as_user(person), checkin.pk, answers).status_code == 404
        assert not Answer.objects.exists()

    def test_one_bad_answer_among_many_saves_none(self, signed_in, checkin):
        ids = selectors.behavior_ids(checkin)
        answers = answers_for(ids)
        answers[5]["note"] = "x" * 1001
        response = put(signed_in, checkin.pk, answers)
        assert response.status_code == 400
        title = selectors.behavior_titles(checkin)[ids[5]]
        assert errors_of(response) == {
            "answers": [f"“{title}”: a note can be at most 1000 characters."]
        }
        assert not Answer.objects.exists()

    def test_a_behavior_outside_the_checkin_is_named_by_its_place(self, signed_in, checkin):
        ids = selectors.behavior_ids(checkin)
        response = put(signed_in, checkin.pk, answers_for([ids[0], 99_999]))
        assert response.status_code == 400
        assert errors_of(response) == {
            "answers": ["Answer 2: behavior 99999 is not part of this check-in."]
        }

    @pytest.mark.parametrize("pk", [2**63, 10**30, -(2**70), 0])
    def test_an_id_no_database_holds_is_refused_by_its_place(self, signed_in, checkin, pk):
        response = put(signed_in, checkin.pk, answers_for([pk]))
        assert response.status_code == 400
        assert errors_of(response) == {
            "answers": [f"Answer 1: behavior {pk} is not part of this check-in."]
        }

    def test_a_behavior_twice_is_refused(self, signed_in, checkin):
        pk = selectors.behavior_ids(checkin)[0]
        response = put(signed_in, checkin.pk, answers_for([pk, pk]))
        assert response.status_code == 400
        assert errors_of(response) == {"answers": ["Each behavior can appear only once."]}


def test_fields_left_out_keep_their_value_and_come_back(signed_in, checkin):
    pk = selectors.behavior_ids(checkin)[0]
    put(signed_in, checkin.pk, [{"behavior": pk, "if_i_do": "depends", "conditions": ["open"]}])
    response = put(signed_in, checkin.pk, [{"behavior": pk, "note": "we said so", "private": True}])
    assert response.status_code == 200, response.content
    (answer,) = response.json()
    assert (answer["if_i_do"], answer["if_partner_does"]) == ("depends", "")
    assert (answer["note"], answer["private"], answer["conditions"]) == (
        "we said so",
        True,
        ["open"],
    )
    stored = Answer.objects.get()
    assert (stored.if_i_do, stored.note, stored.note_private, stored.conditions) == (
        "depends",
        "we said so",
        True,
        ["open"],
    )


def test_a_refused_save_leaves_the_callers_transaction_usable(checkin, partner_a):
    # No savepoint of its own: a refusal is raised once its block has ended.
    with transaction.atomic():
        with pytest.raises(ValidationError):
            services.answers_save(user=partner_a, checkin=checkin, answers=[{"behavior": 0}])
        assert Participation.objects.filter(user=partner_a).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
class TestSaveAndSubmitTakeTheSameLock:
    """One of the two waits for the other, and then sees what the other did."""

    def in_thread(self, call):
        outcome = {}

        def run():
            try:
                outcome["value"] = call()
            except Exception as error:  # noqa: BLE001 - the outcome is asserted on
                outcome["value"] = error
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        return thread, outcome

    def test_a_save_waiting_for_a_submit_is_refused(self, checkin, partner_a):
        fill_survey(checkin, partner_a)
        pk = selectors.behavior_ids(checkin)[0]
        with transaction.atomic():
            services.checkin_submit(user=partner_a, checkin=checkin)
            thread, outcome = self.in_thread(
                lambda: services.answers_save(
                    user=partner_a, checkin=checkin.pk, answers=[{"behavior": pk, "note": "late"}]
                )
            )
            thread.join(timeout=1)
            assert thread.is_alive(), "the save did not wait for the submit's lock"
        thread.join(timeout=10)
        assert isinstance(outcome["value"], ValidationError), outcome
        assert "your answers are locked" in " ".join(outcome["value"].messages)
        assert not Answer.objects.filter(note="late").exists()

    def test_a_submit_waiting_for_a_save_sees_its_answer(self, checkin, partner_a):
        ids = selectors.behavior_ids(checkin)
        answers = answers_for(ids[1:], if_partner_does="ok")
        services.answers_save(user=partner_a, checkin=checkin, answers=answers)
        with transaction.atomic():
            last = answers_for(ids[:1], if_partner_does="ok")
            services.answers_save(user=partner_a, checkin=checkin.pk, answers=last)
            thread, outcome = self.in_thread(
                lambda: services.checkin_submit(user=partner_a, checkin=checkin)
            )
            thread.join(timeout=1)
            assert thread.is_alive(), "the submit did not wait for the save's lock"
        thread.join(timeout=10)
        assert isinstance(outcome["value"], Participation), outcome
        assert outcome["value"].has_submitted
