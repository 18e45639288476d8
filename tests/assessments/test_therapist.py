"""Therapist access: only with both partners' consent and 2FA, gone the moment one revokes."""

import pytest
from django.urls import reverse

from assessments import services
from boundaries.models import AccessLogEntry, SessionNote, TherapistLink
from boundaries.services import therapists as therapist_services
from tests.factories import connect_therapist, fill_survey, make_therapist

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(checkin, partner_a, partner_b):
    for person in (partner_a, partner_b):
        fill_survey(checkin, person, note="a partner's note")
        services.checkin_submit(user=person, checkin=checkin)
    return checkin


def urls(couple, checkin):
    return {
        "couple": reverse("therapist_couple", args=[couple.pk]),
        "report": reverse("therapist_report", args=[couple.pk, checkin.pk]),
        "api_couple": f"/api/v1/therapist/couples/{couple.pk}/",
        "api_report": f"/api/v1/therapist/couples/{couple.pk}/checkins/{checkin.pk}/report/",
        "api_notes": f"/api/v1/therapist/couples/{couple.pk}/notes/",
    }


@pytest.fixture
def setups(couple, completed, therapist, partner_a, partner_b, single):
    """Every kind of visitor: only the first may see the couple's data."""

    def build(kind):
        if kind == "full consent":
            connect_therapist(therapist, couple)
            return therapist
        if kind == "one consent":
            connect_therapist(therapist, couple, consenting=[partner_a])
            return therapist
        if kind == "after revocation":
            link = connect_therapist(therapist, couple)
            therapist_services.revoke(user=partner_b, link_id=link.pk)
            return therapist
        if kind == "without 2fa":
            no_mfa = make_therapist("no.mfa@example.com", mfa=False, name="Dr. No")
            connect_therapist(no_mfa, couple)
            return no_mfa
        if kind == "another therapist":
            connect_therapist(therapist, couple)
            return make_therapist("other@example.com", name="Dr. Other")
        if kind == "a partner":
            connect_therapist(therapist, couple)
            return partner_a
        if kind == "a stranger":
            connect_therapist(therapist, couple)
            return single
        raise AssertionError(kind)

    return build


KINDS = [
    "one consent",
    "after revocation",
    "without 2fa",
    "another therapist",
    "a partner",
    "a stranger",
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", ["couple", "report"])
def test_pages_are_404_for_everyone_but_a_consented_therapist(
    login, setups, couple, completed, kind, name
):
    visitor = setups(kind)
    response = login(visitor).get(urls(couple, completed)[name])
    assert response.status_code == 404
    assert "a partner&#x27;s note" not in response.content.decode()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", ["api_couple", "api_report", "api_notes"])
def test_api_is_404_for_everyone_but_a_consented_therapist(
    api, setups, couple, completed, kind, name
):
    visitor = setups(kind)
    response = api.as_user(visitor).get(urls(couple, completed)[name])
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["couple", "report"])
def test_anonymous_goes_to_login(client, couple, completed, name):
    response = client.get(urls(couple, completed)[name])
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["couple", "report"])
def test_consented_therapist_reads_and_it_is_logged(login, setups, couple, completed, name):
    therapist = setups("full consent")
    response = login(therapist).get(urls(couple, completed)[name])
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert entry.allowed and entry.therapist == therapist


def test_report_shows_both_names_and_never_an_unfinished_round(
    login, setups, couple, completed, partner_a
):
    therapist = setups("full consent")
    html = login(therapist).get(urls(couple, completed)["report"]).content.decode()
    assert ">Alex's answers</th>" in html and ">Blair's answers</th>" in html
    assert "If you do it" not in html  # a therapist reads both by name
    second = services.checkin_start(user=partner_a)
    fill_survey(second, partner_a, note="unfinished secret")
    page = login(therapist).get(urls(couple, completed)["couple"]).content.decode()
    assert "unfinished secret" not in page
    url = reverse("therapist_report", args=[couple.pk, second.pk])
    assert login(therapist).get(url).status_code == 404


def test_revocation_takes_effect_on_the_next_request_also_for_a_token(
    api, setups, couple, completed, partner_a
):
    therapist = setups("full consent")
    client = api.as_user(therapist)
    assert client.get(urls(couple, completed)["api_report"]).status_code == 200
    link = TherapistLink.objects.get()
    therapist_services.revoke(user=partner_a, link_id=link.pk)
    assert client.get(urls(couple, completed)["api_report"]).status_code == 404
    refused = AccessLogEntry.objects.filter(allowed=False)
    assert refused.count() == 1


def test_private_flag_only_for_the_consented_therapist(
    login, setups, couple, completed, partner_a, partner_b
):
    therapist = setups("full consent")
    services.checkin_set_private_flag(user=partner_a, checkin=completed, value=True)
    checkin = completed
    html = login(therapist).get(reverse("therapist_couple", args=[couple.pk])).content.decode()
    assert "Alex marked the check-in" in html
    partner_view = login(partner_b).get(reverse("report", args=[checkin.pk])).content.decode()
    assert "honestly" not in partner_view


def test_notes_are_private_and_outlive_revocation(login, setups, couple, completed, partner_a):
    therapist = setups("full consent")
    login(therapist).post(
        reverse("therapist_couple", args=[couple.pk]), {"text": "Talked about trust."}
    )
    assert SessionNote.objects.get().text == "Talked about trust."
    therapist_services.revoke(user=partner_a, link_id=TherapistLink.objects.get().pk)
    notes = login(therapist).get(reverse("therapist_notes")).content.decode()
    assert "Talked about trust." in notes
    assert "Alex" not in notes
    other = make_therapist("other@example.com", name="Dr. Other")
    assert (
        "Talked about trust." not in login(other).get(reverse("therapist_notes")).content.decode()
    )


def test_dashboard_asks_for_2fa_first(login, couple, completed):
    no_mfa = make_therapist("no.mfa@example.com", mfa=False)
    connect_therapist(no_mfa, couple)
    html = login(no_mfa).get(reverse("therapist_dashboard")).content.decode()
    assert "Turn on two-factor authentication" in html
    assert "Alex" not in html


def test_partners_cannot_open_the_dashboard(login, partner_a):
    assert login(partner_a).get(reverse("therapist_dashboard")).status_code == 404


@pytest.mark.parametrize("count", [5, 60])
def test_dashboard_queries_do_not_grow_with_clients(
    login, therapist, count, django_assert_max_num_queries
):
    from tests.factories import CoupleFactory

    for _ in range(count):
        couple = CoupleFactory()
        connect_therapist(therapist, couple)
        first = couple.memberships.first().user
        checkin = services.checkin_start(user=first)
        fill_survey(checkin, first)
    client = login(therapist)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("therapist_dashboard")).content.decode()
    assert "in progress, 0 of 2 submitted" in html
    for sort in ["name", "clashes"]:
        with django_assert_max_num_queries(12):
            assert (
                client.get(reverse("therapist_dashboard") + f"?sort={sort}&q=person").status_code
                == 200
            )


class TestCoupleSide:
    def test_connect_shows_profile_and_needs_both(
        self, login, fresh_login, couple, completed, therapist, partner_a, partner_b
    ):
        invitation = therapist_services.invitation_create(therapist=therapist)
        client = fresh_login(partner_a)
        preview = client.get(reverse("therapists") + f"?code={invitation.code.lower()}")
        html = preview.content.decode()
        assert "Dr. Sam Rivera" in html and "LMFT" in html
        assert "not a diagnosis" in html
        client.post(reverse("therapist_connect"), {"code": invitation.code})
        assert login(therapist).get(urls(couple, completed)["couple"]).status_code == 404
        link = TherapistLink.objects.get()
        fresh_login(partner_b).post(reverse("therapist_consent", args=[link.pk]))
        assert login(therapist).get(urls(couple, completed)["couple"]).status_code == 200
        log = login(partner_b).get(reverse("therapists")).content.decode()
        assert "Dr. Sam Rivera, LMFT · Couple overview" in log

    def test_either_partner_revokes_at_once(self, login, couple, completed, therapist, partner_b):
        link = connect_therapist(therapist, couple)
        login(partner_b).post(reverse("therapist_revoke", args=[link.pk]))
        assert login(therapist).get(urls(couple, completed)["couple"]).status_code == 404

    def test_outsider_cannot_revoke_or_consent_for_another_couple(
        self, login, couple, therapist, outsider
    ):
        link = connect_therapist(therapist, couple, consenting=[])
        client = login(outsider)
        assert client.post(reverse("therapist_revoke", args=[link.pk])).status_code == 404
        assert client.post(reverse("therapist_consent", args=[link.pk])).status_code == 404
        link.refresh_from_db()
        assert link.revoked_at is None and link.consents.count() == 0

    def test_bad_code_is_explained(self, fresh_login, couple, partner_a):
        response = fresh_login(partner_a).post(
            reverse("therapist_connect"), {"code": "nope"}, follow=True
        )
        assert "could not find that code" in response.content.decode()

    def test_therapists_cannot_join_couples(self, therapist):
        from django.core.exceptions import ValidationError

        from boundaries import services as boundary_services
        from tests.factories import InvitationFactory

        with pytest.raises(ValidationError):
            boundary_services.invitation_create(inviter=therapist)
        with pytest.raises(ValidationError):
            boundary_services.invitation_accept(user=therapist, code=InvitationFactory().code)


def test_granting_access_asks_for_the_password_again(login, couple, therapist, partner_a):
    invitation = therapist_services.invitation_create(therapist=therapist)
    response = login(partner_a).post(reverse("therapist_connect"), {"code": invitation.code})
    assert "/accounts/reauthenticate/" in response["Location"]
    assert not TherapistLink.objects.exists()


@pytest.mark.parametrize("count", [5, 500])
def test_dashboard_is_fixed_cost_at_5_and_500_couples(
    login, api, therapist, count, django_assert_max_num_queries
):
    """500 client couples, made in bulk: the dashboard and API make the same few queries."""
    from boundaries.models import Couple, CoupleMembership, TherapistConsent, User

    users = User.objects.bulk_create(
        [User(email=f"c{n}@example.com", display_name=f"Client {n}") for n in range(2 * count)]
    )
    couples = Couple.objects.bulk_create([Couple() for _ in range(count)])
    CoupleMembership.objects.bulk_create(
        [
            CoupleMembership(couple=couple, user=users[2 * n + side])
            for n, couple in enumerate(couples)
            for side in (0, 1)
        ]
    )
    links = TherapistLink.objects.bulk_create(
        [TherapistLink(couple=couple, therapist=therapist) for couple in couples]
    )
    TherapistConsent.objects.bulk_create(
        [
            TherapistConsent(link=link, user=users[2 * n + side])
            for n, link in enumerate(links)
            for side in (0, 1)
        ]
    )
    client = login(therapist)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("therapist_dashboard") + "?sort=name&page=2").content.decode()
    assert f"{count} couples" in html
    rest = api.as_user(therapist)
    with django_assert_max_num_queries(10):
        body = rest.get("/api/v1/therapist/couples/?q=Client 1").json()
    assert body["count"] >= 1


def test_a_password_only_session_sees_no_client_data(client, api, setups, couple, completed):
    """An authenticator on the account is not enough: this session must have used it."""
    therapist = setups("full consent")
    client.force_login(therapist)
    html = client.get(reverse("therapist_dashboard")).content.decode()
    assert "Enter your authenticator code" in html
    assert "Alex" not in html
    assert client.get(urls(couple, completed)["couple"]).status_code == 404
    from rest_framework.test import APIClient

    token_like = APIClient()
    token_like.force_authenticate(therapist)
    assert token_like.get(urls(couple, completed)["api_couple"]).status_code == 404


def test_the_client_list_is_logged_and_refusals_cannot_flood_the_log(
    login, setups, couple, completed, partner_a
):
    therapist = setups("full consent")
    login(therapist).get(reverse("therapist_dashboard"))
    assert AccessLogEntry.objects.filter(what="client_list", allowed=True).count() == 1
    therapist_services.revoke(user=partner_a, link_id=TherapistLink.objects.get().pk)
    client = login(therapist)
    for _ in range(20):
        client.get(urls(couple, completed)["couple"])
    assert AccessLogEntry.objects.filter(allowed=False).count() == 1


@pytest.mark.parametrize("couple_id", ["99999999999999999999999", "0"])
def test_huge_ids_are_404(login, setups, couple, completed, couple_id):
    therapist = setups("full consent")
    assert login(therapist).get(f"/therapist/couples/{couple_id}/").status_code == 404


def test_a_search_with_a_nul_byte_is_harmless(login, setups, couple, completed):
    therapist = setups("full consent")
    assert login(therapist).get(reverse("therapist_dashboard") + "?q=a%00b").status_code == 200


def test_a_single_person_revoking_gets_404(login, single, couple, therapist):
    link = connect_therapist(therapist, couple)
    assert login(single).post(reverse("therapist_revoke", args=[link.pk])).status_code == 404


def test_the_therapist_sign_up_flag_is_used_once_and_can_be_dropped(client):
    from boundaries.models import User
    from tests.factories import PASSWORD

    client.post(reverse("therapist_signup"))
    assert "creating a therapist account" in client.get(reverse("account_signup")).content.decode()
    # A GET changes nothing (a link preview or prefetch must not drop the choice).
    assert client.get(reverse("therapist_signup_cancel")).status_code == 405
    assert "creating a therapist account" in client.get(reverse("account_signup")).content.decode()
    client.post(reverse("therapist_signup_cancel"))
    client.post(
        reverse("account_signup"),
        {"email": "p@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert User.objects.get(email="p@example.com").kind == "partner"


def test_the_access_log_is_append_only(couple, therapist):
    therapist_services.log(therapist=therapist, couple_id=couple.pk, what="report", allowed=True)
    entry = AccessLogEntry.objects.get()
    entry.what = "Nothing to see"
    for attempt in (
        entry.save,
        entry.delete,
        lambda: AccessLogEntry.objects.update(what="Nothing"),
        lambda: AccessLogEntry.objects.all().delete(),
    ):
        with pytest.raises(TypeError, match="append-only"):
            attempt()
    assert AccessLogEntry.objects.get().what == "report"
