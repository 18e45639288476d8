""" "It depends — on what?": the conditions ticked with an "It depends", kept, checked, and
shown side by side in the report with what both named and a question for the rest."""

import pytest
from django.urls import reverse

from assessments import selectors, services
from assessments.comparison import Answers
from assessments.conditions import depends_on, shared_conditions
from assessments.models import Answer, Condition

pytestmark = pytest.mark.django_db

NAMES = {"a": "Alex", "b": "Blair"}
LABELS = {"open": "It's open", "in_a_group": "In a group", "not_an_ex": "Not with an ex"}


class TestPure:
    @pytest.mark.parametrize(
        ("first", "second", "shared"),
        [
            ((), (), ()),
            (("open",), (), ()),
            (("open", "in_a_group"), ("in_a_group",), ("in_a_group",)),
            (("open", "in_a_group"), ("in_a_group", "open"), ("open", "in_a_group")),
            (("not_an_ex",), ("open",), ()),
        ],
    )
    def test_shared_conditions(self, first, second, shared):
        a, b = (
            Answers("depends", "ok", conditions=first),
            Answers("ok", "depends", conditions=second),
        )
        assert shared_conditions(a, b) == shared

    def test_nobody_named_any(self):
        pair = {"a": Answers("depends", "ok"), "b": Answers("ok", "ok")}
        assert depends_on(pair, NAMES, LABELS) is None

    def test_what_each_named_what_both_named_and_a_question_for_the_rest(self):
        pair = {
            "a": Answers("depends", "ok", conditions=("open", "in_a_group")),
            "b": Answers("ok", "depends", conditions=("in_a_group", "not_an_ex")),
        }
        found = depends_on(pair, NAMES, LABELS)
        assert found.named == (
            ("Alex", ("It's open", "In a group")),
            ("Blair", ("In a group", "Not with an ex")),
        )
        assert found.shared == ("In a group",)
        assert found.questions == (
            "Alex named “It's open”. Would that work for Blair too?",
            "Blair named “Not with an ex”. Would that work for Alex too?",
        )


def pk0(checkin):
    return selectors.behavior_ids(checkin)[0]


class TestSaving:
    def test_conditions_go_with_it_depends(self, checkin, partner_a):
        pk = pk0(checkin)
        services.answers_save(
            user=partner_a,
            checkin=checkin,
            answers=[{"behavior": pk, "if_i_do": "depends", "conditions": ["open", "in_a_group"]}],
        )
        assert Answer.objects.get(behavior_id=pk).conditions == ["open", "in_a_group"]

    def test_kept_in_the_list_s_order_and_once(self, checkin, partner_a):
        pk = pk0(checkin)
        answer = {
            "behavior": pk,
            "if_i_do": "depends",
            "conditions": ["in_a_group", "open", "open"],
        }
        services.answers_save(user=partner_a, checkin=checkin, answers=[answer])
        assert Answer.objects.get(behavior_id=pk).conditions == ["open", "in_a_group"]

    @pytest.mark.parametrize(
        ("answer", "message"),
        [
            ({"if_i_do": "ok", "conditions": ["open"]}, "conditions go with an “It depends”"),
            ({"if_i_do": "depends", "conditions": ["nope"]}, "there is no condition nope"),
            ({"if_i_do": "depends", "conditions": "open"}, "must be a list"),
            ({"if_i_do": "depends", "conditions": [1]}, "must be a list"),
        ],
    )
    def test_refused_and_nothing_changes(self, checkin, partner_a, answer, message):
        from django.core.exceptions import ValidationError

        pk = pk0(checkin)
        with pytest.raises(ValidationError) as refused:
            services.answers_save(
                user=partner_a, checkin=checkin, answers=[{"behavior": pk, **answer}]
            )
        assert message in " ".join(refused.value.messages)
        assert not Answer.objects.filter(behavior_id=pk).exists()

    def test_a_changed_mind_drops_them(self, checkin, partner_a):
        pk = pk0(checkin)
        services.answers_save(
            user=partner_a,
            checkin=checkin,
            answers=[{"behavior": pk, "if_i_do": "depends", "conditions": ["open"]}],
        )
        services.answers_save(
            user=partner_a, checkin=checkin, answers=[{"behavior": pk, "if_i_do": "ok"}]
        )
        assert Answer.objects.get(behavior_id=pk).conditions == []

    def test_a_retired_condition_is_not_offered(self, checkin, partner_a):
        Condition.objects.filter(key="open").update(is_active=False)
        assert "open" not in selectors.condition_keys()


class TestApi:
    def test_lists_the_conditions(self, api, partner_a):
        body = api.as_user(partner_a).get(reverse("api-conditions")).json()
        assert {"key": "open", "label": "It's open, not hidden"} in body

    def test_answers_take_and_give_conditions(self, api, checkin, partner_a):
        client = api.as_user(partner_a)
        url = reverse("api-checkin-answers", args=[checkin.pk])
        pk = pk0(checkin)
        body = [{"behavior": pk, "if_partner_does": "depends", "conditions": ["not_an_ex"]}]
        assert client.put(url, body, format="json").json()[0]["conditions"] == ["not_an_ex"]
        bad = [{"behavior": pk, "if_partner_does": "ok", "conditions": ["open"]}]
        assert client.put(url, bad, format="json").status_code == 400
        assert client.get(url).json()[0]["conditions"] == ["not_an_ex"]


class TestSurveyPage:
    def test_the_ticks_are_offered_and_kept(self, login, checkin, partner_a):
        pk = pk0(checkin)
        client = login(partner_a)
        client.post(
            reverse("checkin", args=[checkin.pk]),
            {
                f"b{pk}-if_i_do": "depends",
                f"b{pk}-note": "",
                f"b{pk}-conditions": ["open", "not_an_ex"],
                "action": "save",
            },
        )
        assert Answer.objects.get(behavior_id=pk).conditions == ["open", "not_an_ex"]
        html = client.get(reverse("checkin", args=[checkin.pk])).content.decode()
        assert "If it depends: on what?" in html
        assert f'id="b{pk}-c-open" name="b{pk}-conditions" value="open" checked' in html


@pytest.fixture
def gray(checkin, partner_a, partner_b):
    """Alex would do the first behavior "depending"; both named conditions, one in common."""
    ids = selectors.behavior_ids(checkin)
    rest = [{"behavior": pk, "if_i_do": "ok", "if_partner_does": "ok"} for pk in ids[1:]]
    services.answers_save(
        user=partner_a,
        checkin=checkin,
        answers=[
            {"behavior": ids[0], "if_i_do": "depends", "if_partner_does": "ok",
             "conditions": ["open", "in_a_group"]},
            *rest,
        ],
    )  # fmt: skip
    services.answers_save(
        user=partner_b,
        checkin=checkin,
        answers=[
            {"behavior": ids[0], "if_i_do": "ok", "if_partner_does": "depends",
             "conditions": ["in_a_group", "not_an_ex"]},
            *rest,
        ],
    )  # fmt: skip
    for person in (partner_a, partner_b):
        services.checkin_submit(user=person, checkin=checkin)
    checkin.refresh_from_db()
    checkin.first = ids[0]
    return checkin


class TestReport:
    def test_side_by_side_shared_and_asked(self, login, gray, partner_a):
        html = login(partner_a).get(reverse("report", args=[gray.pk])).content.decode()
        assert "You both named: In a group, not one-on-one." in html
        assert "Alex named “It&#x27;s open, not hidden”. Would that work for Blair too?" in html
        assert "Blair named “Not with an ex”. Would that work for Alex too?" in html

    def test_the_api_carries_each_partner_s_and_the_shared(self, api, gray, partner_a):
        body = api.as_user(partner_a).get(reverse("api-checkin-report", args=[gray.pk])).json()
        findings = [f for item in body["items"] for f in item["findings"] if "shared" in f]
        assert findings[0]["shared"] == ["in_a_group"]
        by = {tuple(c["conditions"]) for c in findings[0]["conditions"]}
        assert by == {("open", "in_a_group"), ("in_a_group", "not_an_ex")}

    def test_proposing_ok_if_starts_from_what_both_named(self, login, gray, partner_b):
        url = reverse("agreement_propose") + f"?checkin={gray.pk}&depends={gray.first}"
        form = login(partner_b).get(url).context["form"]
        assert form.initial == {
            "behavior": gray.first,
            "decision": "conditional",
            "conditions": "In a group, not one-on-one",
        }

    def test_another_couple_gets_nothing_from_the_link(self, login, gray, outsider):
        url = reverse("agreement_propose") + f"?checkin={gray.pk}&depends={gray.first}"
        response = login(outsider).get(url)
        assert response.status_code == 200
        assert "conditions" not in response.context["form"].initial
