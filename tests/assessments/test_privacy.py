import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from assessments import privacy, reports
from assessments.models import Answer, CardProgress, CheckIn, Participation, Revisit, RevisitAnswer
from assessments.reports.cache import cache_key
from assessments.services import (
    card_progress_save,
    checkin_set_private_flag,
    checkin_start,
    checkin_submit,
    revisit_decide,
)
from boundaries import services as boundary_services
from boundaries.models import (
    AccessLogEntry,
    Agreement,
    AgreementEvent,
    Behavior,
    Couple,
    Invitation,
    SessionNote,
    TherapistInvitation,
    TherapistLink,
    TherapistProfile,
    User,
)
from boundaries.services import therapists as therapist_services
from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    BehaviorFactory,
    InvitationFactory,
    due_agreement,
    fill_survey,
    revisit_answer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(checkin, partner_a, partner_b):
    fill_survey(checkin, partner_a, note="Alex's own words")
    fill_survey(checkin, partner_b, note="Blair's own words")
    behavior = Behavior.objects.catalog().first()
    proposal = boundary_services.agreement_propose(
        user=partner_a, behavior=behavior, decision="not_ok"
    )
    boundary_services.agreement_accept(user=partner_b, agreement_id=proposal.pk)
    return checkin


def _finished_checkin(partner_a, partner_b, **alex):
    checkin = checkin_start(user=partner_a)
    fill_survey(checkin, partner_a, **alex)
    fill_survey(checkin, partner_b, note="Blair's own words")
    return checkin


@pytest.fixture
def lived_in(couple, partner_a, partner_b, therapist):
    """Alex and Blair some months in: a finished check-in talked through, boundaries, a
    therapist, invitations; and things of Blair's and the therapist's Alex must never get."""
    first = _finished_checkin(
        partner_a, partner_b, if_partner_does="not_ok", note="Alex's own words"
    )
    checkin_set_private_flag(user=partner_a, checkin=first, value=True)
    for person in (partner_a, partner_b):
        checkin_submit(user=person, checkin=first)
    first.refresh_from_db()
    card = reports.report_for(first, partner_b).cards[0]
    card_progress_save(
        user=partner_b,
        checkin=first,
        card_key=card.key,
        talked_about=True,
        agreed="We tell each other first",
    )
    behavior = Behavior.objects.catalog().first()
    proposal = boundary_services.agreement_propose(
        user=partner_a, behavior=behavior, decision="conditional", conditions="Only at work"
    )
    boundary_services.agreement_accept(user=partner_b, agreement_id=proposal.pk)
    boundary_services.agreement_propose(user=partner_b, behavior=behavior, decision="ok")

    code = therapist_services.invitation_create(therapist=therapist, label="A and B, Tuesdays")
    link = therapist_services.connect(user=partner_a, code=code.code)
    therapist_services.consent(user=partner_b, link_id=link.pk)
    therapist_services.log(therapist=therapist, couple_id=couple.pk, what="report", allowed=True)
    therapist_services.note_add(therapist=therapist, couple=couple, text="Private clinical note")

    # Blair's second round: started, not submitted, privately flagged.
    second = checkin_start(user=partner_b)
    fill_survey(second, partner_b, note="Blair's unsubmitted draft")
    checkin_set_private_flag(user=partner_b, checkin=second, value=True)

    EmailAddress.objects.create(user=partner_a, email="alex.work@example.com", verified=False)
    InvitationFactory(
        inviter=partner_a,
        email="blair@example.com",
        accepted=True,
        accepted_by=partner_b,
        couple=couple,
    )
    live = InvitationFactory(inviter=partner_a, email="friend@example.com")
    return {"first": first, "second": second, "card": card.key, "live_invitation": live}


def _export(client) -> tuple[dict, str]:
    response = client.get(reverse("my_data_export"))
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content), response.content.decode()


class TestExport:
    def test_has_each_kind_of_my_data(self, login, lived_in, partner_a, couple):
        TOTP.activate(partner_a, TOTP_SECRET)
        RecoveryCodes.activate(partner_a)
        data, _text = _export(login(partner_a))

        account = data["account"]
        assert account["email"] == "alex@example.com" and account["name"] == "Alex"
        assert account["email_addresses"] == [
            {"email": "alex@example.com", "verified": True, "primary": True},
            {"email": "alex.work@example.com", "verified": False, "primary": False},
        ]
        assert {a["type"] for a in account["two_factor"]} == {"totp", "recovery_codes"}
        assert data["couples"][0]["couple"] == couple.pk
        first, second = lived_in["first"], lived_in["second"]
        assert [(c["check_in"], c["cannot_answer_honestly"]) for c in data["check_ins"]] == [
            (first.pk, True),
            (second.pk, False),
        ]
        assert {(a["if_i_do"], a["if_partner_does"], a["note"]) for a in data["my_answers"]} == {
            ("ok", "not_ok", "Alex's own words")
        }
        assert data["conversation_cards"] == [
            {
                "check_in": first.pk,
                "card": lived_in["card"],
                "talked_about_at": data["conversation_cards"][0]["talked_about_at"],
                "marked_by": "my partner",
                "what_we_agreed": "We tell each other first",
            }
        ]
        assert data["conversation_cards"][0]["talked_about_at"] is not None
        assert [(a["status"], a["proposed_by_me"]) for a in data["agreements"]] == [
            ("accepted", True),
            ("proposed", False),
        ]
        assert data["agreements"][0]["conditions"] == "Only at work"
        assert [(e["what"], e["by"]) for e in data["agreement_history"]] == [
            ("proposed", "me"),
            ("accepted", "my partner"),
            ("proposed", "my partner"),
        ]
        assert {(i["email"], i["status"]) for i in data["invitations_i_sent"]} == {
            ("blair@example.com", "accepted"),
            ("friend@example.com", "pending"),
        }
        [link] = data["therapists_we_connected"]
        assert link["therapist"] == "Dr. Sam Rivera" and link["revoked_at"] is None
        assert link["my_consent_given_at"] is not None
        assert [e["what"] for e in data["therapist_access_log"]] == ["report"]
        assert data["therapist_profile"] is None and data["my_session_notes"] == []

    def test_leaves_out_my_partners_private_things_and_every_secret(
        self, login, lived_in, partner_a
    ):
        codes = RecoveryCodes.activate(partner_a).get_unused_codes()
        TOTP.activate(partner_a, TOTP_SECRET)
        client = login(partner_a)
        data, text = _export(client)
        live = lived_in["live_invitation"]
        for private in [
            "Blair's own words",  # the partner's answers
            "Blair's unsubmitted draft",
            "Private clinical note",  # the therapist's note about the couple
            partner_a.password,
            TOTP_SECRET,
            *codes,
            client.session.session_key,
            live.code,
            live.display_code,
        ]:
            assert private not in text
        assert all("code" not in invitation for invitation in data["invitations_i_sent"])
        # Blair flagged the second round privately; Alex's own entry for it says nothing of it.
        assert data["check_ins"][1]["cannot_answer_honestly"] is False

    def test_a_therapist_gets_their_own_records(self, login, lived_in, therapist, couple):
        data, text = _export(login(therapist))
        assert data["therapist_profile"]["credentials"] == "LMFT"
        assert [i["label"] for i in data["my_client_invitations"]] == ["A and B, Tuesdays"]
        assert data["my_client_invitations"][0]["used_at"] is not None
        assert [(c["couple"], c["label"]) for c in data["my_client_couples"]] == [
            (couple.pk, "A and B, Tuesdays")
        ]
        assert [n["text"] for n in data["my_session_notes"]] == ["Private clinical note"]
        assert {a["type"] for a in data["account"]["two_factor"]} == {"totp"}
        assert data["my_answers"] == [] and data["agreements"] == []
        assert TOTP_SECRET not in text and "Alex's own words" not in text

    @pytest.mark.parametrize("extra", [0, 40], ids=["14 behaviors", "54 behaviors"])
    def test_runs_a_fixed_number_of_queries(
        self, login, couple, partner_a, partner_b, therapist, extra, django_assert_max_num_queries
    ):
        BehaviorFactory.create_batch(extra)
        for _round in range(2):
            checkin = _finished_checkin(partner_a, partner_b, if_partner_does="not_ok")
            for person in (partner_a, partner_b):
                checkin_submit(user=person, checkin=checkin)
        for behavior in Behavior.objects.visible_to(couple):
            proposal = boundary_services.agreement_propose(
                user=partner_a, behavior=behavior, decision="not_ok"
            )
            boundary_services.agreement_accept(user=partner_b, agreement_id=proposal.pk)
        code = therapist_services.invitation_create(therapist=therapist)
        therapist_services.connect(user=partner_a, code=code.code)
        client = login(partner_a)
        # 21: the session is read from the database (sessions no longer depend on the cache),
        # and the notifications with their settings are two more; revisit answers one more.
        with django_assert_max_num_queries(23):
            data, _text = _export(client)
        assert len(data["my_answers"]) == 2 * (14 + extra)
        assert len(data["notifications"]["received"]) == 2 + 14 + extra
        assert len(data["agreement_history"]) == 2 * (14 + extra)


def test_anonymous_cannot_export(client):
    assert client.get(reverse("my_data_export")).status_code == 302


class TestDelete:
    def test_removes_everything_of_mine_and_keeps_my_partners(
        self, fresh_login, lived_in, partner_a, partner_b
    ):
        InvitationFactory(
            inviter=partner_b, email="ALEX@example.com", accepted=True, accepted_by=partner_a
        )
        other_device = Client()
        other_device.post("/accounts/login/", {"login": partner_a.email, "password": PASSWORD})
        other_key = other_device.session.session_key
        assert UserSession.objects.filter(user=partner_a).exists()
        blairs = Answer.objects.filter(user=partner_b).count()
        events = AgreementEvent.objects.count()

        client = fresh_login(partner_a)
        response = client.post(reverse("account_delete"), {"confirm": "delete"})

        assert response.status_code == 302
        assert not User.objects.filter(pk=partner_a.pk).exists()
        assert not Answer.objects.filter(note="Alex's own words").exists()
        first = lived_in["first"]
        assert list(Participation.objects.filter(checkin=first).values_list("user", flat=True)) == [
            partner_b.pk
        ]
        assert not EmailAddress.objects.filter(email__icontains="alex").exists()
        assert not Invitation.objects.filter(email__icontains="alex").exists()
        assert not Session.objects.filter(session_key=other_key).exists()
        assert not UserSession.objects.filter(session_key=other_key).exists()
        assert "Hello, Alex" not in other_device.get("/").content.decode()
        # Blair keeps hers, and what the two made together stays, without Alex's name.
        assert Answer.objects.filter(user=partner_b).count() == blairs
        assert Participation.objects.get(checkin=lived_in["second"]).cannot_answer_honestly
        assert AgreementEvent.objects.count() == events
        assert AgreementEvent.objects.filter(actor=None, kind="proposed").count() == 1
        assert Agreement.objects.get(status="accepted").proposed_by is None
        assert CardProgress.objects.get().agreed == "We tell each other first"

    def test_removes_two_factor_and_forgets_cached_reports(self, login, lived_in, partner_a):
        TOTP.activate(partner_a, TOTP_SECRET)
        first = lived_in["first"]
        assert login(partner_a).get(reverse("report", args=[first.pk])).status_code == 200
        key = cache_key(first, partner_a.pk, "html", "en")
        assert cache.get(key) is not None
        privacy.account_delete(user=partner_a)
        assert not Authenticator.objects.filter(user_id=partner_a.pk).exists()
        assert cache.get(key) is None

    def test_the_remaining_partner_reads_the_history_with_a_former_partner(
        self, login, api, lived_in, partner_a, partner_b
    ):
        privacy.account_delete(user=partner_a)
        client = login(partner_b)

        html = client.get(reverse("agreement_history")).content.decode()
        assert "This link has ended" in html
        assert "A former partner</strong> proposed" in html
        assert "Blair</strong> accepted" in html
        assert "Alex" not in html

        page = client.get(reverse("agreements"))
        assert page.status_code == 200
        html = page.content.decode()
        assert "Only at work" in html
        assert "Proposed by a former partner on " in html and ", accepted by Blair on " in html
        assert "Propose a change" not in html and "Alex" not in html

        events = api.as_user(partner_b).get("/api/v1/agreements/history/").json()["results"]
        actors = [(e["kind"], e["actor"]) for e in events]
        assert ("proposed", {"name": "a former partner", "is_me": False}) in actors
        assert ("accepted", {"name": "Blair", "is_me": True}) in actors
        assert "Alex" not in json.dumps(events)

    def test_the_remaining_partner_keeps_their_answers_in_their_download(
        self, login, lived_in, partner_a, partner_b
    ):
        privacy.account_delete(user=partner_a)
        data, text = _export(login(partner_b))
        assert {a["note"] for a in data["my_answers"]} >= {"Blair's own words"}
        assert len(data["check_ins"]) == 2
        assert ("proposed", "a former partner") in {
            (e["what"], e["by"]) for e in data["agreement_history"]
        }
        assert "Alex" not in text

    @pytest.mark.parametrize("who", ["outsider", "single"])
    def test_strangers_get_404_on_the_past_couple(
        self, request, login, api, lived_in, partner_a, couple, who
    ):
        privacy.account_delete(user=partner_a)
        stranger = request.getfixturevalue(who)
        client = login(stranger)
        for name in ["agreements", "agreement_history"]:
            url = reverse(name) + f"?couple={couple.pk}"
            assert client.get(url).status_code == 404
            assert "Only at work" not in client.get(reverse(name)).content.decode()
        response = api.as_user(stranger).get("/api/v1/agreements/history/")
        assert response.status_code == (200 if who == "outsider" else 404)
        assert "Only at work" not in response.content.decode()

    def test_a_therapist_account_takes_its_records_and_leaves_the_couples_log(
        self, lived_in, therapist, couple
    ):
        privacy.account_delete(user=therapist)
        assert not TherapistProfile.objects.exists()
        assert not SessionNote.objects.exists()
        assert not TherapistInvitation.objects.exists()
        assert not TherapistLink.objects.exists()
        # The couple's record of who looked at their data is theirs, and stays.
        entry = AccessLogEntry.objects.get(couple=couple)
        assert entry.therapist is None and "Rivera" in entry.therapist_name
        assert couple.memberships.filter(left_at=None).count() == 2

    def test_needs_the_box_ticked_and_a_fresh_password(self, login, fresh_login, partner_a):
        response = login(partner_a).post(reverse("account_delete"), {"confirm": "delete"})
        assert "/accounts/reauthenticate/" in response["Location"]
        fresh_login(partner_a).post(reverse("account_delete"), {})
        assert User.objects.filter(pk=partner_a.pk).exists()


def test_my_data_page_explains_deletion_and_lists_earlier_links(login, history, partner_a, couple):
    boundary_services.couple_unlink(user=partner_a)
    html = login(partner_a).get(reverse("my_data")).content.decode()
    assert "a former partner" in html
    assert "Your partner keeps their own answers" in html
    assert f"?couple={couple.pk}" in html


def test_export_has_my_revisit_answers_only(login, couple, partner_a, partner_b):
    # A boundary looked at again: each answered blind, and Blair proposed a change.
    revisited = due_agreement(partner_a, partner_b)
    revisit_answer(partner_a, revisited, note="Alex looking again")
    revisit_answer(partner_b, revisited, note="Blair looking again", private=True)
    revisit_decide(user=partner_b, agreement_id=revisited.pk, outcome="change", decision="ok")
    data, text = _export(login(partner_a))
    assert [a["note"] for a in data["my_revisit_answers"]] == ["Alex looking again"]
    assert data["my_revisit_answers"][0]["outcome"] == "changed"
    assert "Blair looking again" not in text


def test_privacy_page_is_public(client):
    html = client.get(reverse("privacy")).content.decode()
    assert "What we store" in html and "no analytics" in html


def test_when_both_delete_their_accounts_nothing_of_the_couple_is_left(
    lived_in, couple, partner_a, partner_b, therapist
):
    revisited = due_agreement(partner_a, partner_b, behavior=Behavior.objects.catalog()[5])
    revisit_answer(partner_a, revisited)
    revisit_answer(partner_b, revisited)
    revisit_decide(user=partner_b, agreement_id=revisited.pk, outcome="change", decision="ok")
    own = boundary_services.behavior_create(
        user=partner_a, title="Alex's own thing", category=Behavior.objects.first().category
    )
    privacy.account_delete(user=partner_a)
    assert Couple.objects.filter(pk=couple.pk).exists()  # Blair can still read it
    privacy.account_delete(user=partner_b)

    assert not Couple.objects.filter(pk=couple.pk).exists()
    for model in (
        Agreement,
        AgreementEvent,
        CheckIn,
        TherapistLink,
        SessionNote,
        Revisit,
        RevisitAnswer,
    ):
        assert not model.objects.exists(), model
    assert not AccessLogEntry.objects.exists()
    assert not Behavior.objects.filter(pk=own.pk).exists()
    # The shared catalog and the therapist's account are untouched.
    assert Behavior.objects.catalog().count() == 14
    assert TherapistProfile.objects.filter(user=therapist).exists()
