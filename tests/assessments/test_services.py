import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments import selectors, services
from assessments.models import Answer, CheckIn, CheckInItem, Participation
from boundaries.models import Behavior
from tests.factories import BehaviorFactory, CoupleFactory, fill_survey

pytestmark = pytest.mark.django_db

CATALOG_SIZE = 14


def refusal(exc_info) -> str:
    return " ".join(exc_info.value.messages)


class TestStart:
    def test_takes_the_catalog_and_the_couples_own_active_behaviors(self, couple, partner_a):
        own = BehaviorFactory(couple=couple, title="Our own")
        BehaviorFactory(couple=couple, title="Retired own", retired_at=timezone.now())
        BehaviorFactory(couple=CoupleFactory(), title="Someone else's")
        BehaviorFactory(title="Retired catalog", retired_at=timezone.now())
        checkin = services.checkin_start(user=partner_a)
        ids = set(CheckInItem.objects.filter(checkin=checkin).values_list("behavior", flat=True))
        assert len(ids) == CATALOG_SIZE + 1
        assert own.pk in ids
        assert set(checkin.participations.values_list("user", flat=True)) == {
            m.user_id for m in couple.memberships.all()
        }

    def test_a_second_start_points_to_the_open_one(self, checkin, partner_b):
        with pytest.raises(services.CheckInAlreadyOpen) as exc_info:
            services.checkin_start(user=partner_b)
        assert exc_info.value.checkin == checkin
        assert CheckIn.objects.count() == 1

    def test_the_database_allows_one_open_checkin_per_couple(self, checkin, couple):
        with pytest.raises(IntegrityError), transaction.atomic():
            CheckIn.objects.create(couple=couple)

    def test_needs_a_partner(self, single):
        with pytest.raises(ValidationError) as exc_info:
            services.checkin_start(user=single)
        assert "Link with your partner" in refusal(exc_info)

    def test_a_new_round_can_start_when_the_last_is_complete(self, checkin, partner_a, partner_b):
        for person in (partner_a, partner_b):
            fill_survey(checkin, person)
            services.checkin_submit(user=person, checkin=checkin)
        assert services.checkin_start(user=partner_b) != checkin


class TestAnswers:
    def first_behavior(self, checkin):
        return selectors.behavior_ids(checkin)[0]

    def test_saves_and_later_fields_merge(self, checkin, partner_a):
        pk = self.first_behavior(checkin)
        services.answers_save(
            user=partner_a, checkin=checkin, answers=[{"behavior": pk, "if_i_do": "ok"}]
        )
        services.answers_save(
            user=partner_a,
            checkin=checkin,
            answers=[{"behavior": pk, "if_partner_does": "depends", "note": " if I know "}],
        )
        answer = Answer.objects.get(checkin=checkin, user=partner_a, behavior_id=pk)
        assert (answer.if_i_do, answer.if_partner_does, answer.note) == (
            "ok",
            "depends",
            "if I know",
        )

    def test_partners_answers_are_separate(self, checkin, partner_a, partner_b):
        pk = self.first_behavior(checkin)
        services.answers_save(
            user=partner_a, checkin=checkin, answers=[{"behavior": pk, "if_i_do": "ok"}]
        )
        services.answers_save(
            user=partner_b, checkin=checkin, answers=[{"behavior": pk, "if_i_do": "not_ok"}]
        )
        assert Answer.objects.get(user=partner_a).if_i_do == "ok"
        assert Answer.objects.get(user=partner_b).if_i_do == "not_ok"

    @pytest.mark.parametrize(
        ("bad", "message"),
        [
            ({"if_i_do": "maybe"}, "must be one of"),
            ({"note": "x" * 10_000_001}, "at most 1000"),
            ({"note": "a\u0000b"}, "invisible or control"),
            ({"note": "\ud800"}, "invisible or control"),
            ({"behavior": 99_999_999}, "not part of this check-in"),
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_saved(self, checkin, partner_a, bad, message):
        good = {"behavior": self.first_behavior(checkin), "if_i_do": "ok"}
        second = selectors.behavior_ids(checkin)[1]
        with pytest.raises(ValidationError) as exc_info:
            services.answers_save(
                user=partner_a, checkin=checkin, answers=[good, {"behavior": second, **bad}]
            )
        assert message in refusal(exc_info)
        # The message names the behavior, or the answer's place when the behavior is unknown.
        title = selectors.behavior_titles(checkin)[second]
        assert ("Answer 2" if "behavior" in bad else title) in refusal(exc_info)
        assert not Answer.objects.exists()

    def test_an_empty_list_is_refused(self, checkin, partner_a):
        with pytest.raises(ValidationError):
            services.answers_save(user=partner_a, checkin=checkin, answers=[])

    def test_another_couples_behavior_is_refused(self, checkin, partner_a):
        theirs = BehaviorFactory(couple=CoupleFactory())
        with pytest.raises(ValidationError) as exc_info:
            services.answers_save(
                user=partner_a, checkin=checkin, answers=[{"behavior": theirs.pk, "if_i_do": "ok"}]
            )
        assert "not part of this check-in" in refusal(exc_info)

    def test_a_behavior_retired_before_the_round_is_refused(self, couple, partner_a):
        retired = BehaviorFactory(couple=couple, retired_at=timezone.now())
        checkin = services.checkin_start(user=partner_a)
        with pytest.raises(ValidationError):
            services.answers_save(
                user=partner_a, checkin=checkin, answers=[{"behavior": retired.pk, "if_i_do": "ok"}]
            )

    def test_listing_a_behavior_twice_is_refused(self, checkin, partner_a):
        pk = self.first_behavior(checkin)
        with pytest.raises(ValidationError):
            services.answers_save(
                user=partner_a,
                checkin=checkin,
                answers=[{"behavior": pk, "if_i_do": "ok"}, {"behavior": pk, "if_i_do": "not_ok"}],
            )

    def test_someone_outside_the_round_cannot_answer(self, checkin, outsider):
        with pytest.raises(ValidationError):
            services.answers_save(
                user=outsider,
                checkin=checkin,
                answers=[{"behavior": self.first_behavior(checkin), "if_i_do": "ok"}],
            )

    def test_answers_lock_after_submitting(self, checkin, partner_a):
        fill_survey(checkin, partner_a)
        services.checkin_submit(user=partner_a, checkin=checkin)
        with pytest.raises(ValidationError) as exc_info:
            fill_survey(checkin, partner_a, if_i_do="not_ok")
        assert "locked" in refusal(exc_info)
        assert not Answer.objects.filter(if_i_do="not_ok").exists()


class TestSubmit:
    def test_incomplete_lists_what_is_missing(self, checkin, partner_a):
        ids = selectors.behavior_ids(checkin)
        services.answers_save(
            user=partner_a,
            checkin=checkin,
            answers=[{"behavior": ids[0], "if_i_do": "ok", "if_partner_does": "ok"}]
            + [{"behavior": ids[1], "if_i_do": "ok"}],
        )
        with pytest.raises(services.SurveyIncomplete) as exc_info:
            services.checkin_submit(user=partner_a, checkin=checkin)
        missing = {b.pk for b in exc_info.value.missing}
        assert ids[0] not in missing and ids[1] in missing
        assert len(missing) == CATALOG_SIZE - 1
        assert not Participation.objects.get(user=partner_a).has_submitted

    def test_submitting_twice_is_harmless(self, checkin, partner_a):
        fill_survey(checkin, partner_a)
        first = services.checkin_submit(user=partner_a, checkin=checkin).submitted_at
        again = services.checkin_submit(user=partner_a, checkin=checkin).submitted_at
        assert first == again
        checkin.refresh_from_db()
        assert checkin.is_open

    def test_the_first_submission_tells_the_partner_and_the_second_tells_both(
        self, checkin, partner_a, partner_b, committed
    ):
        fill_survey(checkin, partner_a)
        with committed():
            services.checkin_submit(user=partner_a, checkin=checkin)
        assert [m.to for m in mail.outbox] == [[partner_b.email]]
        assert mail.outbox[0].subject == "Something is waiting for you in Common Ground"
        assert "Alex has submitted their answers" in mail.outbox[0].body
        fill_survey(checkin, partner_b, if_i_do="not_ok")
        with committed():
            services.checkin_submit(user=partner_b, checkin=checkin)
        checkin.refresh_from_db()
        assert checkin.completed_at is not None
        assert sorted(m.to[0] for m in mail.outbox[1:]) == sorted(
            [partner_a.email, partner_b.email]
        )
        assert all("comparison is ready" in m.body for m in mail.outbox[1:])

    def test_a_round_keeps_its_behaviors_even_if_one_is_retired_meanwhile(
        self, couple, partner_a, partner_b
    ):
        own = BehaviorFactory(couple=couple)
        checkin = services.checkin_start(user=partner_a)
        fill_survey(checkin, partner_a)
        services.checkin_submit(user=partner_a, checkin=checkin)
        Behavior.objects.filter(pk=own.pk).update(retired_at=timezone.now())
        # Blair still answers it; Alex's submitted answer to it stays.
        assert own.pk in selectors.behavior_ids(checkin)
        fill_survey(checkin, partner_b)
        services.checkin_submit(user=partner_b, checkin=checkin)
        assert Answer.objects.filter(checkin=checkin, behavior=own).count() == 2
        # The next round leaves it out.
        assert own.pk not in selectors.behavior_ids(services.checkin_start(user=partner_a))

    def test_nothing_lands_after_unlinking(self, checkin, partner_a, partner_b):
        fill_survey(checkin, partner_a)
        services.checkin_submit(user=partner_a, checkin=checkin)
        fill_survey(checkin, partner_b)
        from boundaries.services import couple_unlink

        couple_unlink(user=partner_a)
        with pytest.raises(ValidationError) as exc_info:
            services.checkin_submit(user=partner_b, checkin=checkin)
        assert "no longer linked" in refusal(exc_info)
        with pytest.raises(ValidationError):
            fill_survey(checkin, partner_b, if_i_do="not_ok")
        checkin.refresh_from_db()
        assert checkin.is_open
        assert mail.outbox == []

    def test_a_note_with_line_breaks_counts_them_once(self, checkin, partner_a):
        pk = selectors.behavior_ids(checkin)[0]
        note = "line\r\n" * 199 + "end"  # 1000 characters once CR LF is one break
        services.answers_save(
            user=partner_a, checkin=checkin, answers=[{"behavior": pk, "note": note}]
        )
        assert Answer.objects.get().note == ("line\n" * 199 + "end")


def test_private_flag_is_kept_and_changes_nothing_for_the_partner(checkin, partner_a, partner_b):
    services.checkin_set_private_flag(user=partner_a, checkin=checkin, value=True)
    assert Participation.objects.get(user=partner_a).cannot_answer_honestly
    assert not Participation.objects.get(user=partner_b).cannot_answer_honestly
