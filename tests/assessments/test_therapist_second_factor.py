"""A therapist session without the second factor sees nothing of clients, and the access log
says exactly what happened: one entry a request, a refusal logged as a refusal."""

import pytest
from django.urls import reverse

from assessments import services
from boundaries.models import AccessLogEntry, SessionNote, TherapistInvitation, User
from tests.app_client import app_client
from tests.factories import TOTP_SECRET, connect_therapist, fill_survey, make_therapist

pytestmark = pytest.mark.django_db

NOTE = "Private: talk about the weekend trip"


@pytest.fixture
def completed(checkin, partner_a, partner_b):
    for person in (partner_a, partner_b):
        fill_survey(checkin, person)
        services.checkin_submit(user=person, checkin=checkin)
    return checkin


@pytest.fixture
def connected(couple, therapist):
    link = connect_therapist(therapist, couple)
    SessionNote.objects.create(therapist=therapist, couple=couple, text=NOTE)
    return link


@pytest.fixture
def password_only(client, therapist, connected):
    """The therapist's browser session from before the authenticator: password alone."""
    client.force_login(therapist)
    return client


@pytest.fixture
def password_only_token(couple):
    """An API token from before the therapist added an authenticator: password alone."""
    from allauth.mfa.totp.internal.auth import TOTP

    therapist = make_therapist("early@example.com", mfa=False, name="Dr. Early")
    client = app_client(therapist)
    TOTP.activate(therapist, TOTP_SECRET)
    connect_therapist(therapist, couple)
    SessionNote.objects.create(therapist=therapist, couple=couple, text=NOTE)
    return client


def _entries():
    return list(AccessLogEntry.objects.order_by("pk").values_list("what", "allowed"))


# Point 2: nothing of clients without the second factor ---------------------------------


def test_password_only_session_reads_no_notes(password_only):
    html = password_only.get(reverse("therapist_notes")).content.decode()
    assert NOTE not in html
    assert "Enter your authenticator code" in html


def test_entering_the_code_opens_client_data_for_this_session(password_only):
    from tests.factories import totp_now

    html = password_only.get(reverse("therapist_notes")).content.decode()
    assert f"{reverse('mfa_reauthenticate')}?next=/therapist/notes/" in html
    response = password_only.post(
        reverse("mfa_reauthenticate") + "?next=/therapist/notes/", {"code": totp_now()}
    )
    assert response.status_code == 302 and response.url == "/therapist/notes/"
    assert NOTE in password_only.get(reverse("therapist_notes")).content.decode()


def test_password_only_session_makes_no_client_codes(password_only, therapist):
    before = TherapistInvitation.objects.count()
    password_only.post(reverse("therapist_invitation_create"), {"label": "AB"})
    assert TherapistInvitation.objects.count() == before


def test_password_only_session_export_leaves_client_data_out(password_only):
    data = password_only.get(reverse("my_data_export")).json()
    assert NOTE not in str(data)
    assert "my_session_notes" not in data and "my_client_couples" not in data
    assert "second factor" in data["left_out"]
    assert data["therapist_profile"]["name"] == "Dr. Sam Rivera"


def test_second_factor_session_export_has_the_notes(login, therapist, connected):
    data = login(therapist).get(reverse("my_data_export")).json()
    assert [n["text"] for n in data["my_session_notes"]] == [NOTE]
    assert "left_out" not in data


def test_a_password_only_token_is_refused_everywhere(password_only_token, couple, completed):
    client = password_only_token
    before = TherapistInvitation.objects.count()
    assert client.post("/api/v1/therapist/invitations/", {}, format="json").status_code == 404
    assert TherapistInvitation.objects.count() == before
    for url in (
        "/api/v1/therapist/couples/",
        f"/api/v1/therapist/couples/{couple.pk}/",
        f"/api/v1/therapist/couples/{couple.pk}/notes/",
        f"/api/v1/therapist/couples/{couple.pk}/checkins/{completed.pk}/report/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert NOTE not in response.content.decode()


def test_a_token_that_passed_the_second_factor_makes_codes(therapist, connected, couple):
    client = app_client(therapist, totp_secret=TOTP_SECRET)
    response = client.post("/api/v1/therapist/invitations/", {"label": "CD"}, format="json")
    assert response.status_code == 201
    notes = client.get(f"/api/v1/therapist/couples/{couple.pk}/notes/").json()["results"]
    assert [n["text"] for n in notes] == [NOTE]


# Point 3: the access log tells the truth ------------------------------------------------


@pytest.mark.parametrize("via", ["page", "api"])
def test_a_refusal_for_no_second_factor_is_logged_the_same_through_page_and_api(
    client, password_only_token, couple, via
):
    therapist = User.objects.get(email="early@example.com")
    if via == "page":
        client.force_login(therapist)
        response = client.get(reverse("therapist_couple", args=[couple.pk]))
    else:
        response = password_only_token.get(f"/api/v1/therapist/couples/{couple.pk}/")
    assert response.status_code == 404
    assert _entries() == [("couple", False)]


def test_a_refusal_for_missing_consent_is_logged_through_the_api(therapist, couple, partner_a, api):
    connect_therapist(therapist, couple, consenting=[partner_a])
    response = api.as_user(therapist).get(f"/api/v1/therapist/couples/{couple.pk}/")
    assert response.status_code == 404
    assert _entries() == [("couple", False)]


def test_a_report_of_an_open_checkin_is_refused_and_logged_as_refused(
    login, therapist, connected, couple, checkin, api
):
    page = reverse("therapist_report", args=[couple.pk, checkin.pk])
    assert login(therapist).get(page).status_code == 404
    assert _entries() == [("report", False)]
    api_url = f"/api/v1/therapist/couples/{couple.pk}/checkins/{checkin.pk}/report/"
    assert api.as_user(therapist).get(api_url).status_code == 404
    assert ("report", True) not in _entries()


def test_a_report_of_another_couple_is_refused(login, therapist, connected, couple, outsider):
    from assessments.services import checkin_start

    theirs = checkin_start(user=outsider)
    page = reverse("therapist_report", args=[couple.pk, theirs.pk])
    assert login(therapist).get(page).status_code == 404
    assert _entries() == [("report", False)]


@pytest.mark.parametrize(
    ("name", "what"),
    [("couple", "couple"), ("report", "report"), ("api_report", "report"), ("notes", "notes")],
)
def test_one_request_writes_one_entry(login, therapist, connected, couple, completed, name, what):
    url = {
        "couple": reverse("therapist_couple", args=[couple.pk]),
        "report": reverse("therapist_report", args=[couple.pk, completed.pk]),
        "api_report": f"/api/v1/therapist/couples/{couple.pk}/checkins/{completed.pk}/report/",
        "notes": f"/api/v1/therapist/couples/{couple.pk}/notes/",
    }[name]
    assert login(therapist).get(url).status_code == 200
    assert _entries() == [(what, True)]


def test_the_couple_reads_the_log_in_words_and_the_api_gives_codes(
    login, api, therapist, connected, couple, completed, partner_a
):
    login(therapist).get(reverse("therapist_report", args=[couple.pk, completed.pk]))
    html = login(partner_a).get(reverse("therapists")).content.decode()
    assert "A check-in report" in html
    entries = api.as_user(partner_a).get("/api/v1/couple/therapists/access-log/").json()["results"]
    assert [(e["what"], e["what_label"], e["allowed"]) for e in entries] == [
        ("report", "A check-in report", True)
    ]


# After review: the password alone never becomes the second factor ------------------------


def test_recovery_codes_cannot_be_made_by_a_password_only_session(password_only):
    from tests.factories import PASSWORD

    password_only.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    for method, url in (
        ("post", reverse("mfa_generate_recovery_codes")),
        ("get", reverse("mfa_view_recovery_codes")),
        ("post", reverse("mfa_deactivate_totp")),
    ):
        response = getattr(password_only, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("mfa_reauthenticate")), url
    assert NOTE not in password_only.get(reverse("therapist_notes")).content.decode()


def test_a_session_that_passed_the_code_sees_its_recovery_codes(login, therapist):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    from tests.factories import PASSWORD

    RecoveryCodes.activate(therapist)
    client = login(therapist)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200


def test_a_password_only_token_cannot_touch_authenticators(password_only_token):
    for url in (
        "/_allauth/app/v1/account/authenticators/recovery-codes",
        "/_allauth/app/v1/account/authenticators/totp",
    ):
        response = password_only_token.post(url, {}, format="json")
        assert response.status_code == 403, url
        assert response.json()["errors"][0]["code"] == "second_factor_required"


def test_the_mark_ends_with_the_authenticator_it_was_passed_with(login, therapist, connected):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    client = login(therapist)
    assert NOTE in client.get(reverse("therapist_notes")).content.decode()
    Authenticator.objects.filter(user=therapist).delete()  # lost phone, reset by staff
    TOTP.activate(therapist, TOTP_SECRET)  # set up again, elsewhere
    html = client.get(reverse("therapist_notes")).content.decode()
    assert NOTE not in html and "Enter your authenticator code" in html


def test_writing_a_note_on_the_page_is_logged_as_notes(login, therapist, connected, couple):
    url = reverse("therapist_couple", args=[couple.pk])
    login(therapist).post(url, {"text": "Another note"})
    assert _entries() == [("notes", True)]


def test_the_notes_page_names_each_couple_by_the_codes_label(login, therapist, couple, outsider):
    from boundaries.services import therapists as therapist_services

    # Another couple's code first, so invitation and couple ids differ.
    other = outsider.memberships.get().couple
    for each, label in ((other, "CD"), (couple, "AB")):
        code = therapist_services.invitation_create(therapist=therapist, label=label)
        partners = [m.user for m in each.memberships.all()]
        link = therapist_services.connect(user=partners[0], code=code.code)
        therapist_services.consent(user=partners[1], link_id=link.pk)
        SessionNote.objects.create(therapist=therapist, couple=each, text=f"About {label}")
    html = login(therapist).get(reverse("therapist_notes")).content.decode()
    assert f"AB (#{couple.pk})" in html and f"CD (#{other.pk})" in html


def test_a_therapists_report_offers_no_partner_only_links(
    login, therapist, connected, couple, checkin, partner_a, partner_b
):
    fill_survey(checkin, partner_a, if_i_do="ok")
    fill_survey(checkin, partner_b, if_partner_does="not_ok")  # clashes: cards to talk about
    for person in (partner_a, partner_b):
        services.checkin_submit(user=person, checkin=checkin)
    own = login(partner_a).get(reverse("report", args=[checkin.pk])).content.decode()
    assert reverse("talk", args=[checkin.pk]) in own
    url = reverse("therapist_report", args=[couple.pk, checkin.pk])
    html = login(therapist).get(url).content.decode()
    assert reverse("talk", args=[checkin.pk]) not in html
    assert reverse("agreement_propose") not in html
