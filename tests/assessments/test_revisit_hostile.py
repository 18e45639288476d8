"""Hostile probes of the blind revisits, kept from a review: each asserts a guarantee (blind
until both answered, private notes private, final answers, one decision, strangers get 404,
nothing after an unlink), so a failing probe is a finding."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from assessments import services
from assessments.models import Condition, Revisit, RevisitAnswer
from assessments.privacy import account_delete
from boundaries import services as boundary_services
from boundaries.models import Agreement, AgreementEvent, Behavior
from notifications.models import Notification
from tests.conftest import mark_session
from tests.factories import (
    CoupleFactory,
    connect_therapist,
    due_agreement,
    fill_survey,
    revisit_answer,
)

pytestmark = pytest.mark.django_db

SECRET = "Zebra-secret-7741"
PRIVATE = "Okapi-private-9902"
THEN_SECRET = "Then-secret-5531"
THEN_PRIVATE = "Then-private-6620"


@pytest.fixture
def due(couple, partner_a, partner_b):
    return due_agreement(partner_a, partner_b, decision="conditional", conditions="Tell me")


def _api(user):
    client = APIClient()
    client.force_login(user)
    mark_session(client, user)
    return client


def _web(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    mark_session(client, user)
    return client


def _put(client, agreement, body):
    return client.put(
        reverse("api-agreement-revisit", args=[agreement.pk]),
        json.dumps(body),
        content_type="application/json",
    )


def _decide_api(client, agreement, body):
    return client.post(
        reverse("api-agreement-revisit-decision", args=[agreement.pk]),
        json.dumps(body),
        content_type="application/json",
    )


def _everything(client, agreement, user):
    """Every page and endpoint a partner can read, as text."""
    urls = [
        reverse("agreement_revisit", args=[agreement.pk]),
        reverse("agreements"),
        reverse("agreement_history"),
        reverse("home"),
        reverse("notification_list"),
        reverse("api-agreement-revisit", args=[agreement.pk]),
        reverse("api-revisits"),
        reverse("api-notifications"),
        reverse("api-agreements"),
        reverse("my_data_export"),
    ]
    out = {}
    for url in urls:
        response = client.get(url, follow=True)
        out[url] = (response.status_code, response.content.decode())
    return out


def _checkin_with_notes(couple, a, b):
    checkin = services.checkin_start(user=a)
    fill_survey(checkin, a, if_i_do="not_ok", note=THEN_SECRET)
    fill_survey(checkin, b, if_i_do="depends", note=THEN_PRIVATE)
    # Blair's check-in note is private.
    from assessments.models import Answer

    Answer.objects.filter(checkin=checkin, user=b).update(note_private=True)
    for person in (a, b):
        services.checkin_submit(user=person, checkin=checkin)
    return checkin


# Blind ---------------------------------------------------------------------------------


def test_blind_partner_sees_nothing_anywhere(due, partner_a, partner_b):
    revisit_answer(
        partner_a, due, if_i_do="depends", conditions=["in_a_group"], note=SECRET, private=False
    )
    seen = _everything(_web(partner_b), due, partner_b)
    for url, (status, text) in seen.items():
        assert status == 200, url
        assert SECRET not in text, url
        assert 'value="in_a_group" checked' not in text, url
    body = _api(partner_b).get(reverse("api-agreement-revisit", args=[due.pk])).json()
    assert body["partner"] is None and body["mine"] is None and body["earlier"] is None
    listed = _api(partner_b).get(reverse("api-revisits")).json()
    assert all(r["partner"] is None and r["mine"] is None for r in listed)


def test_blind_own_earlier_checkin_answers_not_shown(couple, due, partner_a, partner_b):
    _checkin_with_notes(couple, partner_a, partner_b)
    revisit_answer(partner_a, due, note=SECRET)
    for user in (partner_a, partner_b):
        page = _web(user).get(reverse("agreement_revisit", args=[due.pk])).content.decode()
        assert THEN_SECRET not in page and THEN_PRIVATE not in page
        body = _api(user).get(reverse("api-agreement-revisit", args=[due.pk])).json()
        assert body["earlier"] is None


def test_after_reveal_private_notes_stay_private_everywhere(couple, due, partner_a, partner_b):
    _checkin_with_notes(couple, partner_a, partner_b)
    revisit_answer(partner_a, due, note=SECRET)
    revisit_answer(partner_b, due, note=PRIVATE, private=True)
    a_client = _web(partner_a)
    seen = _everything(a_client, due, partner_a)
    for url, (_status, text) in seen.items():
        assert PRIVATE not in text, url
        assert THEN_PRIVATE not in text, url
    page = seen[reverse("agreement_revisit", args=[due.pk])][1]
    assert "Blair kept a note here private." in page
    services.revisit_decide(user=partner_a, agreement_id=due.pk, outcome="renew")
    revisit = Revisit.objects.get(agreement=due)
    detail = a_client.get(reverse("revisit_detail", args=[revisit.pk])).content.decode()
    assert PRIVATE not in detail and THEN_PRIVATE not in detail
    assert SECRET in detail
    export = a_client.get(reverse("my_data_export")).content.decode()
    assert PRIVATE not in export and THEN_PRIVATE not in export
    # Blair sees their own private note.
    detail_b = _web(partner_b).get(reverse("revisit_detail", args=[revisit.pk])).content.decode()
    assert PRIVATE in detail_b


def test_export_of_other_partner_during_blind_phase(due, partner_a, partner_b):
    revisit_answer(partner_a, due, note=SECRET, if_i_do="depends", conditions=["open"])
    export = _web(partner_b).get(reverse("my_data_export")).json()
    assert SECRET not in json.dumps(export)
    assert export["my_revisit_answers"] == []


def test_html_in_notes_is_escaped(due, partner_a, partner_b):
    revisit_answer(partner_a, due, note="<script>alert(1)</script>")
    revisit_answer(partner_b, due, note="<img src=x onerror=alert(2)>")
    page = _web(partner_b).get(reverse("agreement_revisit", args=[due.pk])).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    services.revisit_decide(user=partner_a, agreement_id=due.pk, outcome="renew")
    revisit = Revisit.objects.get(agreement=due)
    detail = _web(partner_b).get(reverse("revisit_detail", args=[revisit.pk])).content.decode()
    assert "<script>alert(1)" not in detail and "<img src=x" not in detail


def test_html_in_agreement_conditions_is_escaped_on_revisit_pages(couple, partner_a, partner_b):
    agreement = due_agreement(
        partner_a, partner_b, decision="conditional", conditions="<b onmouseover=x>hi</b>"
    )
    revisit_answer(partner_a, agreement)
    revisit_answer(partner_b, agreement)
    page = _web(partner_a).get(reverse("agreement_revisit", args=[agreement.pk])).content
    assert b"<b onmouseover" not in page
    services.revisit_decide(user=partner_a, agreement_id=agreement.pk, outcome="lapse")
    history = _web(partner_a).get(reverse("agreement_history")).content
    assert b"<b onmouseover" not in history


# Finality and double submits ------------------------------------------------------------


def test_answers_final_after_both_answered_api(due, partner_a, partner_b):
    a = _api(partner_a)
    assert _put(a, due, {"if_i_do": "ok", "if_partner_does": "ok"}).status_code == 200
    b = _api(partner_b)
    assert _put(b, due, {"if_i_do": "ok", "if_partner_does": "ok"}).status_code == 200
    assert _put(a, due, {"if_i_do": "ok", "if_partner_does": "ok"}).status_code == 200
    assert _put(a, due, {"if_i_do": "not_ok", "if_partner_does": "ok"}).status_code == 400
    assert _put(a, due, {"note": "later thoughts"}).status_code == 400
    assert _put(a, due, {"private": True}).status_code == 400  # no note: still a change?
    assert RevisitAnswer.objects.get(user=partner_a).if_i_do == "ok"


def test_page_double_submit_of_final_answer_is_harmless(due, partner_a, partner_b):
    revisit_answer(partner_a, due)
    client = _web(partner_b)
    b = due.behavior_id
    data = {
        f"b{b}-if_i_do": "depends",
        f"b{b}-if_partner_does": "ok",
        f"b{b}-conditions": ["open", "open"],
        f"b{b}-note": "  hi  ",
    }
    url = reverse("agreement_revisit", args=[due.pk])
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 302, again.content.decode()[:500]


def test_double_submit_of_same_answers_with_a_retired_condition(due, partner_a, partner_b):
    """Saved conditions are re-checked against the conditions offered *now*: once staff
    retire a condition, the same answers sent again (or an edit of the note alone) fail."""
    revisit_answer(partner_a, due, if_i_do="depends", conditions=["open"])
    Condition.objects.filter(key="open").update(is_active=False)
    a = _api(partner_a)
    response = _put(a, due, {"note": "just the note"})
    assert response.status_code == 200, response.json()


def test_decision_double_submit_and_race(due, partner_a, partner_b):
    revisit_answer(partner_a, due)
    revisit_answer(partner_b, due)
    a, b = _api(partner_a), _api(partner_b)
    first = _decide_api(a, due, {"outcome": "renew"})
    assert first.status_code == 200
    assert _decide_api(a, due, {"outcome": "renew"}).json()["id"] == first.json()["id"]
    assert _decide_api(b, due, {"outcome": "lapse"}).status_code == 400
    assert AgreementEvent.objects.filter(agreement=due, kind="renewed").count() == 1
    due.refresh_from_db()
    assert due.status == "accepted"


def test_stale_decision_does_not_claim_a_new_revisit_was_decided(due, partner_a, partner_b):
    """A renews; the next date comes; nobody has answered the new revisit yet. A stale
    "renew" must not be answered 200 as if this round were decided."""
    revisit_answer(partner_a, due)
    revisit_answer(partner_b, due)
    services.revisit_decide(
        user=partner_a,
        agreement_id=due.pk,
        outcome="renew",
        revisit_on=timezone.localdate() + timedelta(days=1),
    )
    Agreement.objects.filter(pk=due.pk).update(revisit_on=timezone.localdate())
    response = _decide_api(_api(partner_a), due, {"outcome": "renew"})
    assert response.status_code == 400, response.json()


def test_decide_before_both_answered_refused(due, partner_a):
    assert _decide_api(_api(partner_a), due, {"outcome": "lapse"}).status_code == 400
    revisit_answer(partner_a, due)
    assert _decide_api(_api(partner_a), due, {"outcome": "lapse"}).status_code == 400
    due.refresh_from_db()
    assert due.status == "accepted"


# Hostile JSON ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"if_i_do": "ok", "if_partner_does": "ok", "note": None},
        {"if_i_do": "depends", "if_partner_does": "ok", "conditions": []},
        {"if_i_do": "depends", "if_partner_does": "ok", "conditions": ["open", "open", "open"]},
    ],
)
def test_nullish_json_is_accepted(due, partner_a, body):
    response = _put(_api(partner_a), due, body)
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize(
    "body",
    [
        "just text",
        42,
        None,
        {"if_i_do": ["ok"], "if_partner_does": "ok"},
        {"if_i_do": {"a": 1}, "if_partner_does": "ok"},
        {"if_i_do": "ok", "if_partner_does": "ok", "note": 5},
        {"if_i_do": "ok", "if_partner_does": "ok", "note": ["a"]},
        {"if_i_do": "depends", "if_partner_does": "ok", "conditions": [1, 2]},
        {"if_i_do": "depends", "if_partner_does": "ok", "conditions": {"open": True}},
        {"if_i_do": "depends", "if_partner_does": "ok", "conditions": [["open"]]},
        {"if_i_do": "depends", "if_partner_does": "ok", "conditions": ["x" * 100000]},
        {"if_i_do": "ok", "if_partner_does": "ok", "private": None},
        {"if_i_do": "depends", "if_partner_does": "ok", "conditions": None},
        {"if_i_do": "ok", "if_partner_does": "ok", "private": 1},
        {"if_i_do": "ok", "if_partner_does": "ok", "note": "a\x00b"},
        {"if_i_do": "ok\x00", "if_partner_does": "ok"},
    ],
)
def test_hostile_json_is_a_400_never_a_500(due, partner_a, body):
    response = _put(_api(partner_a), due, body)
    assert response.status_code == 400, (response.status_code, response.content[:300])


def test_huge_condition_list_is_not_stored_huge(due, partner_a):
    body = {"if_i_do": "depends", "if_partner_does": "ok", "conditions": ["open"] * 50000}
    response = _put(_api(partner_a), due, body)
    assert response.status_code in (200, 400, 413)
    if response.status_code == 200:
        assert RevisitAnswer.objects.get(user=partner_a).conditions == ["open"]


@pytest.mark.parametrize(
    "body",
    [
        {"outcome": "change"},
        {"outcome": "change", "decision": "conditional"},
        {"outcome": "change", "decision": "ok", "revisit_on": "2001-01-01"},
        {"outcome": "renew", "revisit_on": "not a date"},
        {"outcome": "renew", "revisit_on": timezone.localdate().isoformat()},
        {"outcome": ["renew"]},
        {"outcome": None},
        {"outcome": "lapse", "revisit_on": "2001-01-01"},
    ],
)
def test_hostile_decisions_are_400(due, partner_a, partner_b, body):
    revisit_answer(partner_a, due)
    revisit_answer(partner_b, due)
    response = _decide_api(_api(partner_a), due, body)
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert not Revisit.objects.filter(agreement=due, decided_at__isnull=False).exists()


def test_page_decide_change_with_bad_terms_is_400_not_500(due, partner_a, partner_b):
    revisit_answer(partner_a, due)
    revisit_answer(partner_b, due)
    client = _web(partner_a)
    url = reverse("agreement_revisit_decide", args=[due.pk])
    for data in (
        {"outcome": "change", "change-decision": "nonsense"},
        {"outcome": "change", "change-decision": "ok", "change-revisit_on": "2001-01-01"},
        {"outcome": "renew", "renew-revisit_on": "yesterday"},
        {"outcome": ""},
    ):
        response = client.post(url, data)
        assert response.status_code == 400, (data, response.status_code)


# CSRF ----------------------------------------------------------------------------------


def test_csrf_less_form_posts_are_refused(due, partner_a, partner_b):
    revisit_answer(partner_b, due)
    client = _web(partner_a, enforce_csrf_checks=True)
    b = due.behavior_id
    response = client.post(
        reverse("agreement_revisit", args=[due.pk]),
        {f"b{b}-if_i_do": "ok", f"b{b}-if_partner_does": "ok"},
    )
    assert response.status_code == 403
    assert not RevisitAnswer.objects.filter(user=partner_a).exists()
    revisit_answer(partner_a, due)
    response = client.post(reverse("agreement_revisit_decide", args=[due.pk]), {"outcome": "lapse"})
    assert response.status_code == 403
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(partner_a)
    mark_session(api, partner_a)
    response = api.post(
        reverse("api-agreement-revisit-decision", args=[due.pk]),
        {"outcome": "lapse"},
        format="json",
    )
    assert response.status_code == 403
    due.refresh_from_db()
    assert due.status == "accepted"


# Wrong ids and agreement states -----------------------------------------------------------


def test_other_couples_agreement_ids(due, outsider, partner_a, partner_b):
    revisit_answer(partner_a, due)
    revisit_answer(partner_b, due)
    services.revisit_decide(user=partner_a, agreement_id=due.pk, outcome="renew")
    revisit = Revisit.objects.get(agreement=due)
    client, web = _api(outsider), _web(outsider)
    assert client.get(reverse("api-agreement-revisit", args=[due.pk])).status_code == 404
    assert _put(client, due, {"if_i_do": "ok", "if_partner_does": "ok"}).status_code == 404
    assert _decide_api(client, due, {"outcome": "renew"}).status_code == 404
    assert web.get(reverse("agreement_revisit", args=[due.pk])).status_code == 404
    assert (
        web.post(
            reverse("agreement_revisit_decide", args=[due.pk]), {"outcome": "renew"}
        ).status_code
        == 404
    )
    assert web.get(reverse("revisit_detail", args=[revisit.pk])).status_code == 404
    for huge in (2**63, 2**70, 0):
        r = web.get(f"/boundaries/{huge}/revisit/")
        assert r.status_code == 404, huge
        r = client.get(f"/api/v1/agreements/{huge}/revisit/")
        assert r.status_code == 404, huge
        r = web.get(f"/boundaries/revisits/{huge}/")
        assert r.status_code == 404, huge


def test_therapist_with_consent_sees_nothing(due, partner_a, partner_b, therapist):
    connect_therapist(therapist, due.couple)
    revisit_answer(partner_a, due, note=SECRET)
    revisit_answer(partner_b, due)
    services.revisit_decide(user=partner_a, agreement_id=due.pk, outcome="renew")
    revisit = Revisit.objects.get(agreement=due)
    web, api = _web(therapist), _api(therapist)
    assert web.get(reverse("revisit_detail", args=[revisit.pk])).status_code == 404
    assert api.get(reverse("api-revisits")).status_code == 404


def test_anonymous(due, partner_a, partner_b):
    revisit_answer(partner_a, due)
    revisit_answer(partner_b, due)
    services.revisit_decide(user=partner_a, agreement_id=due.pk, outcome="renew")
    revisit = Revisit.objects.get(agreement=due)
    web = Client()
    for url in (
        reverse("agreement_revisit", args=[due.pk]),
        reverse("revisit_detail", args=[revisit.pk]),
    ):
        response = web.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    response = web.post(reverse("agreement_revisit_decide", args=[due.pk]), {"outcome": "lapse"})
    assert response.status_code in (302, 403)
    api = APIClient()
    assert api.get(reverse("api-agreement-revisit", args=[due.pk])).status_code in (401, 403)
    assert _decide_api(api, due, {"outcome": "lapse"}).status_code in (401, 403)


@pytest.mark.parametrize("state", ["proposed", "lapsed", "superseded", "withdrawn", "future"])
def test_agreements_not_due(couple, partner_a, partner_b, state):
    behavior = Behavior.objects.catalog().order_by("pk").first()
    if state == "proposed":
        agreement = boundary_services.agreement_propose(
            user=partner_a, behavior=behavior, decision="ok"
        )
        Agreement.objects.filter(pk=agreement.pk).update(revisit_on=timezone.localdate())
    else:
        agreement = due_agreement(partner_a, partner_b, behavior=behavior)
        if state == "future":
            Agreement.objects.filter(pk=agreement.pk).update(
                revisit_on=timezone.localdate() + timedelta(days=1)
            )
        else:
            Agreement.objects.filter(pk=agreement.pk).update(status=state)
    agreement.refresh_from_db()
    api, web = _api(partner_a), _web(partner_a)
    assert api.get(reverse("api-agreement-revisit", args=[agreement.pk])).json()["state"] == (
        "not_due"
    )
    assert _put(api, agreement, {"if_i_do": "ok", "if_partner_does": "ok"}).status_code == 400
    assert _decide_api(api, agreement, {"outcome": "lapse"}).status_code == 400
    assert web.get(reverse("agreement_revisit", args=[agreement.pk])).status_code == 302
    response = web.post(
        reverse("agreement_revisit_decide", args=[agreement.pk]), {"outcome": "lapse"}
    )
    assert response.status_code in (302, 400)
    assert not Revisit.objects.exists()


def test_superseded_meanwhile_while_blind(due, partner_a, partner_b):
    """A answered blind; then the boundary is changed through the ordinary proposal flow. The
    open revisit is left behind; its blind answers must stay unseen and nothing may 500."""
    revisit_answer(partner_a, due, note=SECRET)
    proposal = boundary_services.agreement_propose(
        user=partner_b, behavior=due.behavior, decision="ok"
    )
    boundary_services.agreement_accept(user=partner_a, agreement_id=proposal.pk)
    b = _web(partner_b)
    for url, (status, text) in _everything(b, due, partner_b).items():
        assert status == 200, url
        assert SECRET not in text, url
    assert _put(_api(partner_b), due, {"if_i_do": "ok", "if_partner_does": "ok"}).status_code == 400
    assert _decide_api(_api(partner_a), due, {"outcome": "renew"}).status_code == 400


def test_superseded_meanwhile_after_both_answered_leaves_no_hanging_open_revisit(
    due, partner_a, partner_b
):
    revisit_answer(partner_a, due)
    revisit_answer(partner_b, due)
    proposal = boundary_services.agreement_propose(
        user=partner_b, behavior=due.behavior, decision="ok"
    )
    boundary_services.agreement_accept(user=partner_a, agreement_id=proposal.pk)
    # Either the open revisit is closed, or at least it is not counted anywhere as open.
    assert not Revisit.objects.filter(agreement=due, decided_at=None).exists()


def test_change_outcome_does_not_silently_replace_partners_waiting_proposal(
    due, partner_a, partner_b
):
    """Blair proposed a change (waiting for Alex). Revisit; Alex decides "change": Blair's
    waiting proposal is replaced. Check Blair hears of it as a change of their proposal."""
    pending = boundary_services.agreement_propose(
        user=partner_b, behavior=due.behavior, decision="not_ok"
    )
    revisit_answer(partner_a, due)
    revisit_answer(partner_b, due)
    services.revisit_decide(user=partner_a, agreement_id=due.pk, outcome="change", decision="ok")
    pending.refresh_from_db()
    assert pending.status == "replaced"
    assert Notification.objects.filter(recipient=partner_b, kind="proposal_changed").exists()


# Unlink, relink and deletion ----------------------------------------------------------------


def test_unlink_then_relink_same_pair_sees_nothing_of_old_revisit(due, partner_a, partner_b):
    from boundaries.models import CoupleMembership

    revisit_answer(partner_a, due, note=SECRET)
    revisit_answer(partner_b, due)
    services.revisit_decide(user=partner_b, agreement_id=due.pk, outcome="renew")
    revisit = Revisit.objects.get(agreement=due)
    boundary_services.couple_unlink(user=partner_a)
    CoupleFactory(partners=(partner_a, partner_b))
    b_web, b_api = _web(partner_b), _api(partner_b)
    assert b_web.get(reverse("revisit_detail", args=[revisit.pk])).status_code == 404
    assert b_api.get(reverse("api-agreement-revisit", args=[due.pk])).status_code == 404
    for url in (
        reverse("agreement_history"),
        reverse("agreements"),
        reverse("home"),
        reverse("notification_list"),
        reverse("my_data_export"),
    ):
        text = b_web.get(url).content.decode()
        assert SECRET not in text, url
        assert reverse("revisit_detail", args=[revisit.pk]) not in text, url
    # The past couple's history (read-only) links no revisit either.
    old = CoupleMembership.objects.filter(user=partner_b).order_by("joined_at").first().couple_id
    text = b_web.get(reverse("agreement_history") + f"?couple={old}").content.decode()
    assert reverse("revisit_detail", args=[revisit.pk]) not in text
    # Deciding the old agreement's revisit from the new couple: nothing.
    assert _decide_api(b_api, due, {"outcome": "renew"}).status_code == 404


def test_unlink_mid_revisit_old_notification_links_lead_nowhere(due, partner_a, partner_b):
    revisit_answer(partner_a, due, note=SECRET)
    boundary_services.couple_unlink(user=partner_a)
    b = _web(partner_b)
    assert b.get(reverse("agreement_revisit", args=[due.pk])).status_code == 404
    body = _api(partner_b).get(reverse("api-notifications")).content.decode()
    assert SECRET not in body


def test_partner_deletes_account_mid_revisit(due, partner_a, partner_b):
    revisit_answer(partner_a, due, note=SECRET)
    revisit_answer(partner_b, due, note=PRIVATE, private=True)
    account_delete(user=partner_b)
    assert not RevisitAnswer.objects.filter(note=PRIVATE).exists()
    a = _web(partner_a)
    assert a.get(reverse("agreement_revisit", args=[due.pk])).status_code == 404
    export = a.get(reverse("my_data_export"))
    assert export.status_code == 200
    assert PRIVATE not in export.content.decode()
    # Then the other goes too: nothing blocks the deletion of the abandoned couple.
    account_delete(user=partner_a)
    assert not Revisit.objects.exists()
    assert not Agreement.objects.exists()


def test_both_delete_after_a_change_decision(due, partner_a, partner_b):
    revisit_answer(partner_a, due)
    revisit_answer(partner_b, due)
    services.revisit_decide(user=partner_a, agreement_id=due.pk, outcome="change", decision="ok")
    account_delete(user=partner_a)
    account_delete(user=partner_b)
    assert not Revisit.objects.exists()
    assert not Agreement.objects.exists()


def test_deleting_mid_revisit_while_blind_then_other_reads(due, partner_a, partner_b):
    revisit_answer(partner_b, due, note=SECRET)
    account_delete(user=partner_b)
    a = _web(partner_a)
    for url in (
        reverse("agreements"),
        reverse("agreement_history"),
        reverse("home"),
        reverse("my_data_export"),
        reverse("notification_list"),
    ):
        response = a.get(url, follow=True)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url


# Notifications -------------------------------------------------------------------------


def test_notifications_texts_and_links(due, partner_a, partner_b):
    revisit_answer(partner_a, due, note=SECRET)
    revisit_answer(partner_b, due, note=PRIVATE, private=True)
    services.revisit_decide(user=partner_a, agreement_id=due.pk, outcome="lapse")
    revisit = Revisit.objects.get(agreement=due)
    for person in (partner_a, partner_b):
        body = _api(person).get(reverse("api-notifications")).content.decode()
        assert SECRET not in body and PRIVATE not in body
    decided = Notification.objects.get(recipient=partner_b, kind="revisit_decided")
    assert decided.link == reverse("revisit_detail", args=[revisit.pk])
    answered = Notification.objects.get(recipient=partner_b, kind="revisit_answered")
    # The link of the earlier notification still opens something sensible.
    response = _web(partner_b).get(answered.link)
    assert response.status_code in (200, 302)


# Page posts that leave fields out ----------------------------------------------------------


def test_page_post_without_note_field_keeps_the_note_private(due, partner_a, partner_b):
    """Alex keeps a note private, then changes a rating with a post that carries no note
    field (a script, an old form). The note must stay private: the privacy box goes with the
    note, as on the survey page."""
    revisit_answer(partner_a, due, note=PRIVATE, private=True)
    b = due.behavior_id
    response = _web(partner_a).post(
        reverse("agreement_revisit", args=[due.pk]),
        {f"b{b}-if_i_do": "not_ok", f"b{b}-if_partner_does": "ok"},
    )
    assert response.status_code == 302
    assert RevisitAnswer.objects.get(user=partner_a).note_private is True
    revisit_answer(partner_b, due)
    page = _web(partner_b).get(reverse("agreement_revisit", args=[due.pk])).content.decode()
    assert PRIVATE not in page


def test_error_message_with_a_hostile_condition_key_is_escaped(due, partner_a):
    b = due.behavior_id
    response = _web(partner_a).post(
        reverse("agreement_revisit", args=[due.pk]),
        {
            f"b{b}-if_i_do": "depends",
            f"b{b}-if_partner_does": "ok",
            f"b{b}-note": "",  # the whole form: conditions come with the note
            f"b{b}-conditions": "<script>alert(3)</script>",
        },
    )
    assert response.status_code == 400
    assert b"<script>alert(3)" not in response.content


# At the same moment (PostgreSQL) -----------------------------------------------------------

from django.db import connection  # noqa: E402

from tests.concurrency import at_once  # noqa: E402


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_race_both_first_answers_at_once(couple, partner_a, partner_b):
    agreement = due_agreement(partner_a, partner_b)
    outcomes = at_once(
        lambda: revisit_answer(partner_a, agreement, note="a"),
        lambda: revisit_answer(partner_b, agreement, note="b"),
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    revisit = Revisit.objects.get(agreement=agreement)
    assert revisit.answers.count() == 2 and revisit.both_answered_at is not None
    assert Notification.objects.filter(kind="revisit_ready").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_race_edit_while_partner_completes(couple, partner_a, partner_b):
    agreement = due_agreement(partner_a, partner_b)
    revisit_answer(partner_a, agreement, if_i_do="ok")
    outcomes = at_once(
        lambda: revisit_answer(partner_a, agreement, if_i_do="not_ok"),
        lambda: revisit_answer(partner_b, agreement),
    )
    revisit = Revisit.objects.get(agreement=agreement)
    mine = revisit.answers.get(user=partner_a)
    # Either the edit came first (saved) or was refused as final: never saved after reveal.
    assert revisit.both_answered_at is not None
    assert mine.answered_at <= revisit.both_answered_at, outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_race_two_decisions_at_once(couple, partner_a, partner_b):
    agreement = due_agreement(partner_a, partner_b)
    revisit_answer(partner_a, agreement)
    revisit_answer(partner_b, agreement)
    outcomes = at_once(
        lambda: services.revisit_decide(user=partner_a, agreement_id=agreement.pk, outcome="renew"),
        lambda: services.revisit_decide(user=partner_b, agreement_id=agreement.pk, outcome="lapse"),
        lambda: services.revisit_decide(user=partner_a, agreement_id=agreement.pk, outcome="renew"),
    )
    decided = [o for o in outcomes if isinstance(o, Revisit)]
    assert len({r.pk for r in decided}) == 1, outcomes
    assert Revisit.objects.filter(decided_at__isnull=False).count() == 1
    events = AgreementEvent.objects.filter(kind__in=["renewed", "lapsed"]).count()
    assert events == 1, outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_race_two_changes_at_once(couple, partner_a, partner_b):
    agreement = due_agreement(partner_a, partner_b)
    revisit_answer(partner_a, agreement)
    revisit_answer(partner_b, agreement)

    def change(who):
        return lambda: services.revisit_decide(
            user=who, agreement_id=agreement.pk, outcome="change", decision="ok"
        )

    outcomes = at_once(change(partner_a), change(partner_a), change(partner_b))
    assert Agreement.objects.filter(status="proposed").count() == 1, outcomes
    assert Agreement.objects.filter(status="replaced").count() == 0, outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_race_decide_while_superseded(couple, partner_a, partner_b):
    agreement = due_agreement(partner_a, partner_b)
    proposal = boundary_services.agreement_propose(
        user=partner_b, behavior=agreement.behavior, decision="ok"
    )
    revisit_answer(partner_a, agreement)
    revisit_answer(partner_b, agreement)
    outcomes = at_once(
        lambda: services.revisit_decide(user=partner_b, agreement_id=agreement.pk, outcome="lapse"),
        lambda: boundary_services.agreement_accept(user=partner_a, agreement_id=proposal.pk),
    )
    agreement.refresh_from_db()
    # Lapsed and superseded at once cannot both be true.
    statuses = set(Agreement.objects.values_list("status", flat=True))
    assert not (
        agreement.status == "lapsed"
        and "accepted" in statuses
        and AgreementEvent.objects.filter(kind="superseded").exists()
    ), outcomes


# After a change -------------------------------------------------------------------------


def test_detail_of_a_change_stays_readable_as_the_proposal_moves_on(due, partner_a, partner_b):
    revisit_answer(partner_a, due)
    revisit_answer(partner_b, due)
    revisit = services.revisit_decide(
        user=partner_a, agreement_id=due.pk, outcome="change", decision="ok"
    )
    url = reverse("revisit_detail", args=[revisit.pk])
    assert _web(partner_b).get(url).status_code == 200
    history = _web(partner_b).get(reverse("agreement_history")).content.decode()
    assert url in history
    boundary_services.agreement_accept(user=partner_b, agreement_id=revisit.proposal_id)
    for person in (partner_a, partner_b):
        response = _web(person).get(url)
        assert response.status_code == 200
        assert "superseded" in response.content.decode().lower()


def test_withdrawn_change_keeps_a_next_look(due, partner_a, partner_b):
    """After "change", the boundary stays in force until the change is accepted; if the
    change is withdrawn, the boundary should not silently lose its revisit for good."""
    revisit_answer(partner_a, due)
    revisit_answer(partner_b, due)
    revisit = services.revisit_decide(
        user=partner_a, agreement_id=due.pk, outcome="change", decision="ok"
    )
    boundary_services.agreement_withdraw(user=partner_a, agreement_id=revisit.proposal_id)
    due.refresh_from_db()
    assert due.is_in_force
    assert due.revisit_on is not None
