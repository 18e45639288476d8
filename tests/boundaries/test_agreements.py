from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from boundaries import services
from boundaries.errors import NotFound
from boundaries.models import Agreement, AgreementEvent, Behavior
from tests.factories import BehaviorFactory, CoupleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def behavior(db):
    return Behavior.objects.catalog().first()


def propose(user, behavior, decision="not_ok", **extra):
    return services.agreement_propose(user=user, behavior=behavior, decision=decision, **extra)


def refusal(exc_info) -> str:
    return " ".join(exc_info.value.messages)


class TestServices:
    def test_propose_then_accept_puts_it_in_force(self, couple, partner_a, partner_b, behavior):
        proposal = propose(partner_a, behavior)
        assert proposal.is_open and not proposal.is_in_force
        accepted = services.agreement_accept(user=partner_b, agreement_id=proposal.pk)
        assert accepted.is_in_force and accepted.accepted_by == partner_b
        kinds = list(AgreementEvent.objects.values_list("kind", flat=True))
        assert kinds == ["proposed", "accepted"]

    def test_cannot_accept_your_own_proposal(self, couple, partner_a, behavior):
        proposal = propose(partner_a, behavior)
        with pytest.raises(ValidationError) as exc_info:
            services.agreement_accept(user=partner_a, agreement_id=proposal.pk)
        assert "your partner is the one to accept" in refusal(exc_info)
        proposal.refresh_from_db()
        assert proposal.is_open

    def test_a_change_replaces_the_open_proposal(self, couple, partner_a, partner_b, behavior):
        first = propose(partner_a, behavior, "ok")
        change = propose(partner_b, behavior, "conditional", conditions="Only in the open")
        first.refresh_from_db()
        assert first.status == Agreement.Status.REPLACED
        assert change.replaces == first and change.is_open
        services.agreement_accept(user=partner_a, agreement_id=change.pk)
        assert Agreement.objects.get(status="accepted").conditions == "Only in the open"

    def test_a_newer_agreement_supersedes_the_one_in_force(
        self, couple, partner_a, partner_b, behavior
    ):
        old = propose(partner_a, behavior, "ok")
        services.agreement_accept(user=partner_b, agreement_id=old.pk)
        new = propose(partner_b, behavior, "not_ok")
        old.refresh_from_db()
        assert old.is_in_force, "still in force until the change is accepted"
        services.agreement_accept(user=partner_a, agreement_id=new.pk)
        old.refresh_from_db()
        assert old.status == Agreement.Status.SUPERSEDED
        assert Agreement.objects.filter(status="accepted").get() == new

    def test_withdraw_only_by_the_proposer_and_only_while_open(
        self, couple, partner_a, partner_b, behavior
    ):
        proposal = propose(partner_a, behavior)
        with pytest.raises(ValidationError):
            services.agreement_withdraw(user=partner_b, agreement_id=proposal.pk)
        services.agreement_withdraw(user=partner_a, agreement_id=proposal.pk)
        with pytest.raises(ValidationError) as exc_info:
            services.agreement_accept(user=partner_b, agreement_id=proposal.pk)
        assert "no longer open" in refusal(exc_info)

    def test_an_accepted_agreement_cannot_be_withdrawn_and_a_second_accept_is_harmless(
        self, couple, partner_a, partner_b, behavior
    ):
        proposal = propose(partner_a, behavior)
        services.agreement_accept(user=partner_b, agreement_id=proposal.pk)
        with pytest.raises(ValidationError):
            services.agreement_withdraw(user=partner_a, agreement_id=proposal.pk)
        again = services.agreement_accept(user=partner_b, agreement_id=proposal.pk)
        assert again.is_in_force
        assert AgreementEvent.objects.filter(kind="accepted").count() == 1

    def test_a_change_to_a_proposal_that_changed_meanwhile_is_refused(
        self, couple, partner_a, partner_b, behavior
    ):
        seen = propose(partner_a, behavior, "ok")
        propose(partner_a, behavior, "not_ok")  # Alex changes it again
        with pytest.raises(ValidationError) as exc_info:
            propose(partner_b, behavior, "conditional", conditions="x", replaces=seen.pk)
        assert "changed a moment ago" in refusal(exc_info)

    @pytest.mark.parametrize(
        ("decision", "extra", "field"),
        [
            ("conditional", {"conditions": "  "}, "conditions"),
            ("maybe", {}, "decision"),
            ("ok", {"revisit_on": timezone.localdate()}, "revisit_on"),
            ("conditional", {"conditions": "a\u0000b"}, "conditions"),
        ],
    )
    def test_bad_proposals_are_refused(self, couple, partner_a, behavior, decision, extra, field):
        with pytest.raises(ValidationError) as exc_info:
            propose(partner_a, behavior, decision, **extra)
        assert field in exc_info.value.message_dict
        assert not Agreement.objects.exists()

    def test_another_couples_behavior_is_refused(self, couple, partner_a):
        theirs = BehaviorFactory(couple=CoupleFactory())
        with pytest.raises(ValidationError):
            propose(partner_a, theirs)

    def test_strangers_cannot_touch_it(self, couple, partner_a, outsider, behavior):
        proposal = propose(partner_a, behavior)
        with pytest.raises(NotFound):
            services.agreement_accept(user=outsider, agreement_id=proposal.pk)
        with pytest.raises(NotFound):
            services.agreement_withdraw(user=outsider, agreement_id=proposal.pk)

    def test_the_database_allows_one_in_force_per_behavior(self, couple, partner_a, behavior):
        Agreement.objects.create(couple=couple, behavior=behavior, decision="ok", status="accepted")
        with pytest.raises(IntegrityError), transaction.atomic():
            Agreement.objects.create(
                couple=couple, behavior=behavior, decision="ok", status="accepted"
            )

    def test_nothing_is_deleted_from_history(self, couple, partner_a, partner_b, behavior):
        first = propose(partner_a, behavior, "ok")
        propose(partner_b, behavior, "not_ok")
        third = propose(partner_a, behavior, "conditional", conditions="Ask first")
        services.agreement_accept(user=partner_b, agreement_id=third.pk)
        assert Agreement.objects.count() == 3
        kinds = list(AgreementEvent.objects.order_by("pk").values_list("kind", flat=True))
        assert kinds == ["proposed", "changed", "changed", "accepted"]
        first.refresh_from_db()
        assert first.status == Agreement.Status.REPLACED


class TestPages:
    def test_our_boundaries_lists_in_force_and_waiting(
        self, login, couple, partner_a, partner_b, behavior, django_assert_max_num_queries
    ):
        services.agreement_accept(
            user=partner_b, agreement_id=propose(partner_a, behavior, "not_ok").pk
        )
        other = Behavior.objects.catalog().last()
        propose(partner_b, other, "ok")
        client = login(partner_a)
        with django_assert_max_num_queries(8):
            html = client.get(reverse("agreements")).content.decode()
        assert "1 proposal waiting for you" in html
        assert behavior.title.replace("'", "&#x27;") in html
        assert 'class="badge"' in html

    def test_propose_accept_withdraw_through_the_pages(
        self, login, couple, partner_a, partner_b, behavior
    ):
        login(partner_a).post(
            reverse("agreement_propose"),
            {"behavior": behavior.pk, "decision": "conditional", "conditions": "Only at work"},
        )
        proposal = Agreement.objects.get()
        assert proposal.is_open
        login(partner_a).post(reverse("agreement_accept", args=[proposal.pk]))
        proposal.refresh_from_db()
        assert proposal.is_open, "the proposer cannot accept"
        login(partner_b).post(reverse("agreement_accept", args=[proposal.pk]))
        proposal.refresh_from_db()
        assert proposal.is_in_force

    def test_conditional_without_conditions_is_explained(self, login, couple, partner_a, behavior):
        response = login(partner_a).post(
            reverse("agreement_propose"), {"behavior": behavior.pk, "decision": "conditional"}
        )
        assert "Say under which conditions" in response.content.decode()
        assert not Agreement.objects.exists()

    def test_propose_form_is_prefilled_from_a_card_link(self, login, couple, partner_a, behavior):
        html = (
            login(partner_a)
            .get(reverse("agreement_propose") + f"?behavior={behavior.pk}")
            .content.decode()
        )
        assert f'value="{behavior.pk}" selected' in html

    @pytest.mark.parametrize("who", ["outsider", "single"])
    def test_strangers_get_404(self, request, login, couple, partner_a, behavior, who):
        proposal = propose(partner_a, behavior)
        client = login(request.getfixturevalue(who))
        listing = client.get(reverse("agreements"))
        # Someone in another couple sees their own boundaries; someone single, what comes
        # first.
        assert listing.status_code == 200
        if who == "single":
            assert "First, link with your partner" in listing.content.decode()
        assert behavior.title.replace("'", "&#x27;") not in listing.content.decode()
        assert client.post(reverse("agreement_accept", args=[proposal.pk])).status_code == 404
        assert client.post(reverse("agreement_withdraw", args=[proposal.pk])).status_code == 404
        assert "Alex" not in client.get(reverse("agreement_history")).content.decode()
        change = reverse("agreement_propose") + f"?change={proposal.pk}"
        assert client.get(change).status_code == 404
        proposal.refresh_from_db()
        assert proposal.is_open

    def test_anonymous_goes_to_login(self, client):
        for name in ["agreements", "agreement_propose", "agreement_history"]:
            assert client.get(reverse(name))["Location"].startswith(reverse("account_login"))

    def test_history_page_per_behavior(
        self, login, couple, partner_a, partner_b, behavior, django_assert_max_num_queries
    ):
        proposal = propose(partner_a, behavior)
        services.agreement_accept(user=partner_b, agreement_id=proposal.pk)
        client = login(partner_b)
        with django_assert_max_num_queries(8):
            html = client.get(
                reverse("agreement_history") + f"?behavior={behavior.pk}"
            ).content.decode()
        assert "Alex</strong> proposed" in html
        assert "Blair</strong> accepted" in html

    def test_due_agreements_show_on_home(self, login, couple, partner_a, partner_b, behavior):
        proposal = propose(partner_a, behavior, revisit_on=timezone.localdate() + timedelta(days=1))
        services.agreement_accept(user=partner_b, agreement_id=proposal.pk)
        Agreement.objects.filter(pk=proposal.pk).update(revisit_on=timezone.localdate())
        assert "Time to look at these again" in login(partner_a).get("/").content.decode()

    def test_home_names_the_proposal_as_the_next_step(
        self, login, couple, partner_a, partner_b, behavior
    ):
        propose(partner_a, behavior)
        assert "Alex proposed a boundary" in login(partner_b).get("/").content.decode()


class TestQueryCounts:
    @pytest.mark.parametrize("extra", [0, 86], ids=["14 behaviors", "100 behaviors"])
    def test_pages_and_api_do_not_grow_with_the_agreements(
        self, login, api, couple, partner_a, partner_b, extra, django_assert_max_num_queries
    ):
        BehaviorFactory.create_batch(extra)
        for behavior in Behavior.objects.visible_to(couple):
            proposal = propose(partner_a, behavior)
            services.agreement_accept(user=partner_b, agreement_id=proposal.pk)
        client = login(partner_a)
        for url in [reverse("agreements"), reverse("agreement_history")]:
            with django_assert_max_num_queries(8):
                assert client.get(url).status_code == 200
        rest = api.as_user(partner_a)
        for url in ["/api/v1/agreements/", "/api/v1/agreements/history/"]:
            with django_assert_max_num_queries(6):
                assert rest.get(url).status_code == 200


@pytest.mark.parametrize(
    "query", ["?change=²", "?behavior=²", "?change=" + "9" * 5000, "?behavior=-1"]
)
def test_odd_query_strings_never_crash_the_propose_page(login, couple, partner_a, query):
    response = login(partner_a).get(reverse("agreement_propose") + query)
    assert response.status_code in (200, 404)


@pytest.mark.parametrize("query", ["²", "9" * 40, "-1"])
def test_odd_history_queries_never_crash(login, api, couple, partner_a, query):
    assert (
        login(partner_a).get(reverse("agreement_history") + f"?behavior={query}").status_code == 404
    )
    api_response = api.as_user(partner_a).get(f"/api/v1/agreements/history/?behavior={query}")
    assert api_response.status_code == 400


def test_changing_an_agreement_on_a_retired_behavior_keeps_that_behavior(
    login, couple, partner_a, partner_b, behavior
):
    proposal = propose(partner_a, behavior)
    services.agreement_accept(user=partner_b, agreement_id=proposal.pk)
    Behavior.objects.filter(pk=behavior.pk).update(retired_at=timezone.now())
    html = login(partner_a).get(reverse("agreement_propose") + f"?change={proposal.pk}").content
    assert f'value="{behavior.pk}" selected' in html.decode()


def test_the_propose_form_chooses_no_decision_for_them(login, couple, partner_a):
    html = login(partner_a).get(reverse("agreement_propose")).content.decode()
    assert 'name="decision"' in html
    assert "checked" not in html.split('name="decision"', 1)[1].split("</fieldset>", 1)[0]


def test_printed_boundaries_are_a_dated_document(login, couple, partner_a, partner_b):
    from django.utils import timezone

    from boundaries.models import Behavior
    from boundaries.services import agreement_accept, agreement_propose

    proposal = agreement_propose(
        user=partner_a, behavior=Behavior.objects.catalog().first(), decision="not_ok"
    )
    agreement_accept(user=partner_b, agreement_id=proposal.pk)
    html = login(partner_a).get("/boundaries/").content.decode()
    today = timezone.localdate().strftime("%-d %B %Y")
    assert f"As agreed between Alex and Blair, printed on {today}." in html
    assert f"Proposed by Alex on {today}, accepted by Blair on {today}." in html
