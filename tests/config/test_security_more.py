"""Security a person relies on without seeing it: nobody learns who has an account, sessions
are theirs to see and end, passwords follow NIST's advice, private pages are never cached."""

import re

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from assessments import services
from boundaries import services as boundary_services
from boundaries.models import Behavior, User
from notifications.models import Email
from tests.factories import PASSWORD, connect_therapist, fill_survey

pytestmark = pytest.mark.django_db

UNKNOWN = "nobody.here@example.com"
OTHER_PASSWORD = "a quiet morning by the lake"


def normalized(html: str, *emails: str) -> str:
    """A page with what differs per request (CSRF tokens) and per visitor (the address
    typed in) taken out, so that two pages can be compared for what they reveal."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "CSRF", html)
    for email in emails:
        html = html.replace(email, "EMAIL")
    return html


def without_tokens(data):
    """A JSON answer without the session token a pending flow hands out (new every time)."""
    if isinstance(data, dict):
        return {k: without_tokens(v) for k, v in data.items() if k != "session_token"}
    if isinstance(data, list):
        return [without_tokens(v) for v in data]
    return data


def app_post(path, payload):
    return APIClient().post(f"/_allauth/app/v1{path}", payload, format="json")


# 1. No account enumeration -------------------------------------------------------------------


@pytest.fixture
def mandatory(settings):
    # As in production (config/settings/production.py); allauth can only hide that an address
    # is taken at sign-up when it sends a mail either way.
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"


def html_signup(email, password=OTHER_PASSWORD):
    client = Client()
    response = client.post(
        reverse("account_signup"),
        {"email": email, "password1": password, "password2": password},
    )
    followed = client.get(response["Location"]) if response.status_code == 302 else response
    return response, followed


def test_html_signup_with_a_taken_address_looks_like_any_signup(mandatory, single):
    known, known_page = html_signup(single.email)
    unknown, unknown_page = html_signup(UNKNOWN)

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert known_page.status_code == unknown_page.status_code == 200
    assert normalized(known_page.content.decode(), single.email) == normalized(
        unknown_page.content.decode(), UNKNOWN
    )
    # The owner hears about it; no second account, and the first one is untouched.
    assert sorted(Email.objects.values_list("to", flat=True)) == sorted([single.email, UNKNOWN])
    assert User.objects.filter(email__iexact=single.email).count() == 1
    single.refresh_from_db()
    assert single.check_password(PASSWORD)
    assert User.objects.filter(email=UNKNOWN).count() == 1


class CountingHasher(MD5PasswordHasher):
    """The test suite's fast hasher, counting how often a password is hashed."""

    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)


@pytest.mark.parametrize("password", [OTHER_PASSWORD, "short"], ids=["valid", "too short"])
@pytest.mark.parametrize("recently_mailed", [False, True])
@pytest.mark.parametrize("via", ["page", "app"])
def test_signup_costs_the_same_work_for_a_taken_and_a_new_address(
    mandatory, settings, via, recently_mailed, password
):
    """Hashing a password is what makes a sign-up slow; a taken address must not skip it, or
    the time of the answer would tell who has an account. Also when its owner was sent an
    email a moment ago, so that allauth sends none this time; and a sign-up refused for a
    bad password costs nothing either way."""
    taken = "taken.address@example.com"
    User.objects.create_user(taken, PASSWORD)  # hashed before counting starts
    if recently_mailed:
        html_signup(taken)
        assert Email.objects.count() == 1
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    work = {}
    for email in (taken, UNKNOWN):
        CountingHasher.calls = 0
        if via == "page":
            html_signup(email, password)
        else:
            app_post("/auth/signup", {"email": email, "password": password})
        work[email] = CountingHasher.calls
    assert work[UNKNOWN] == (1 if password == OTHER_PASSWORD else 0)
    assert work[taken] == work[UNKNOWN]


def test_html_login_says_the_same_for_a_wrong_password_and_an_unknown_address(single):
    known = Client().post(reverse("account_login"), {"login": single.email, "password": "x" * 14})
    unknown = Client().post(reverse("account_login"), {"login": UNKNOWN, "password": "x" * 14})
    assert known.status_code == unknown.status_code == 200
    assert normalized(known.content.decode(), single.email) == normalized(
        unknown.content.decode(), UNKNOWN
    )


def test_html_login_says_the_same_with_mandatory_verification(mandatory, single):
    known = Client().post(reverse("account_login"), {"login": single.email, "password": "x" * 14})
    unknown = Client().post(reverse("account_login"), {"login": UNKNOWN, "password": "x" * 14})
    assert known.status_code == unknown.status_code == 200
    assert normalized(known.content.decode(), single.email) == normalized(
        unknown.content.decode(), UNKNOWN
    )


def test_html_password_reset_looks_the_same_for_a_known_and_an_unknown_address(single):
    def reset(email):
        client = Client()
        response = client.post(reverse("account_reset_password"), {"email": email})
        return response, client.get(response["Location"])

    known, known_page = reset(single.email)
    unknown, unknown_page = reset(UNKNOWN)
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert normalized(known_page.content.decode(), single.email) == normalized(
        unknown_page.content.decode(), UNKNOWN
    )
    # Each address gets one mail: a reset link for the owner, a note for the stranger.
    assert sorted(Email.objects.values_list("to", flat=True)) == sorted([single.email, UNKNOWN])
    reset_mail = Email.objects.get(to=single.email)
    assert "/accounts/password/reset/key/" in reset_mail.body_text
    unknown_mail = Email.objects.get(to=UNKNOWN)
    assert "/accounts/password/reset/key/" not in unknown_mail.body_text


def test_app_signup_with_a_taken_address_answers_like_any_signup(mandatory, single):
    known = app_post("/auth/signup", {"email": single.email, "password": OTHER_PASSWORD})
    unknown = app_post("/auth/signup", {"email": UNKNOWN, "password": OTHER_PASSWORD})
    assert known.status_code == unknown.status_code == 401
    assert without_tokens(known.json()) == without_tokens(unknown.json())
    # The pending sign-up's token does not tell the two apart later either.
    later = [
        APIClient(headers={"X-Session-Token": r.json()["meta"]["session_token"]}).get(
            "/_allauth/app/v1/auth/session"
        )
        for r in (known, unknown)
    ]
    assert later[0].status_code == later[1].status_code
    assert without_tokens(later[0].json()) == without_tokens(later[1].json())
    assert sorted(Email.objects.values_list("to", flat=True)) == sorted([single.email, UNKNOWN])
    assert User.objects.filter(email__iexact=single.email).count() == 1
    single.refresh_from_db()
    assert single.check_password(PASSWORD)


def test_app_login_answers_the_same_for_a_wrong_password_and_an_unknown_address(single):
    known = app_post("/auth/login", {"email": single.email, "password": "x" * 14})
    unknown = app_post("/auth/login", {"email": UNKNOWN, "password": "x" * 14})
    assert known.status_code == unknown.status_code == 400
    assert known.json() == unknown.json()


def test_app_password_request_answers_the_same_for_a_known_and_an_unknown_address(single):
    known = app_post("/auth/password/request", {"email": single.email})
    unknown = app_post("/auth/password/request", {"email": UNKNOWN})
    assert known.status_code == unknown.status_code == 200
    assert known.json() == unknown.json()
    assert sorted(Email.objects.values_list("to", flat=True)) == sorted([single.email, UNKNOWN])


# 2. Session fixation ---------------------------------------------------------------------------


def test_logging_in_gives_a_new_session_key_and_the_old_one_stays_anonymous(client, single):
    client.get(reverse("account_login"))
    session = client.session
    session["planted"] = "by someone else"
    session.save()
    before = session.session_key

    response = client.post(reverse("account_login"), {"login": single.email, "password": PASSWORD})
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert client.session[SESSION_KEY] == str(single.pk)

    # Whoever planted the old key is not let in with it.
    attacker = Client()
    attacker.cookies["sessionid"] = before
    assert attacker.get("/").context["user"].is_anonymous


# 3. Seeing and ending one's sessions ------------------------------------------------------------


def logged_in_client(user) -> Client:
    device = Client()
    response = device.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return device


def test_people_see_their_sessions_and_ending_the_others_logs_the_other_device_out(single):
    laptop = logged_in_client(single)
    phone = logged_in_client(single)

    page = laptop.get(reverse("usersessions_list"))
    assert page.status_code == 200
    assert page.context["session_count"] == 2
    html = page.content.decode()
    assert html.count("This device") == 1 and html.count("Another session") == 1
    assert "Log out everywhere else" in html

    response = laptop.post(reverse("usersessions_list"))
    assert response.status_code == 302

    assert laptop.get(reverse("account")).status_code == 200
    gone = phone.get(reverse("account"))
    assert gone.status_code == 302
    assert gone["Location"].startswith(reverse("account_login"))
    assert UserSession.objects.filter(user=single).count() == 1


def test_ending_sessions_ends_only_ones_own(single, outsider):
    victim = logged_in_client(single)
    stranger = logged_in_client(outsider)
    assert stranger.post(reverse("usersessions_list")).status_code == 302
    assert victim.get(reverse("account")).status_code == 200


def test_a_stranger_cannot_end_someone_elses_session_through_the_app_api(single, outsider):
    victim = logged_in_client(single)
    victims_session = UserSession.objects.get(user=single)
    login = app_post("/auth/login", {"email": outsider.email, "password": PASSWORD})
    stranger = APIClient(headers={"X-Session-Token": login.json()["meta"]["session_token"]})

    response = stranger.delete(
        "/_allauth/app/v1/auth/sessions", {"sessions": [victims_session.pk]}, format="json"
    )
    assert response.status_code == 400
    assert UserSession.objects.filter(pk=victims_session.pk).exists()
    assert victim.get(reverse("account")).status_code == 200


def test_anonymous_visitors_cannot_end_sessions(single):
    victim = logged_in_client(single)
    response = Client().post(reverse("usersessions_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert victim.get(reverse("account")).status_code == 200


# 4. Passwords -------------------------------------------------------------------------------


def sign_up(password, email="robin@example.com"):
    client = Client()
    response = client.post(
        reverse("account_signup"),
        {"email": email, "password1": password, "password2": password},
    )
    return client, response


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("river stone", False),  # 11 characters
        ("river stones", True),  # 12
        ("password1234", False),  # common
        ("correct horse battery staple", True),  # lower case only, no digit, no symbol
    ],
)
def test_password_rules_are_length_and_commonness_only(password, accepted):
    _, response = sign_up(password)
    assert (response.status_code == 302) is accepted, response.content.decode()[:2000]
    assert User.objects.filter(email="robin@example.com").exists() is accepted


def test_a_very_long_passphrase_with_spaces_and_unicode_works_to_sign_up_and_log_in():
    passphrase = ("Über den Wolken — 星空 と 海 🌊 muss die Freiheit wohl grenzenlos sein " * 4)[
        :200
    ]
    assert len(passphrase) == 200
    _, response = sign_up(passphrase)
    assert response.status_code == 302, response.content.decode()[:2000]

    device = Client()
    response = device.post(
        reverse("account_login"), {"login": "robin@example.com", "password": passphrase}
    )
    assert response.status_code == 302
    assert device.get("/").context["user"].email == "robin@example.com"

    api = app_post("/auth/login", {"email": "robin@example.com", "password": passphrase})
    assert api.status_code == 200


def test_the_app_api_applies_the_same_password_rules(mandatory):
    short = app_post("/auth/signup", {"email": "a@example.com", "password": "river stone"})
    common = app_post("/auth/signup", {"email": "b@example.com", "password": "password1234"})
    assert short.status_code == common.status_code == 400
    assert not User.objects.filter(email__in=["a@example.com", "b@example.com"]).exists()
    fine = app_post("/auth/signup", {"email": "c@example.com", "password": "river stones"})
    assert fine.status_code == 401  # pending email verification: the account exists
    assert User.objects.filter(email="c@example.com").exists()


# 5. Private pages are never stored -----------------------------------------------------------


@pytest.fixture
def private_world(couple, partner_a, partner_b, therapist):
    """A finished round with notes, an agreement in force and a consented therapist."""
    checkin = services.checkin_start(user=partner_a)
    for person in (partner_a, partner_b):
        fill_survey(checkin, person, if_i_do="not_ok", note="a partner's note")
        services.checkin_submit(user=person, checkin=checkin)
    open_round = services.checkin_start(user=partner_a)
    behavior = Behavior.objects.catalog().first()
    proposal = boundary_services.agreement_propose(
        user=partner_a, behavior=behavior, decision="not_ok"
    )
    boundary_services.agreement_accept(user=partner_b, agreement_id=proposal.pk)
    connect_therapist(therapist, couple)
    return {
        "done": checkin.pk,
        "open": open_round.pk,
        "couple": couple.pk,
    }


PARTNER_PAGES = [
    ("checkin", "open"),
    ("report", "done"),
    ("talk", "done"),
    ("agreements", None),
    ("agreement_history", None),
    ("my_data", None),
    ("my_data_export", None),
    ("checkin_list", None),
    ("api-checkin", "open"),
    ("api-checkin-answers", "open"),
    ("api-checkin-report", "done"),
    ("api-agreements", None),
    ("api-agreement-history", None),
]

THERAPIST_PAGES = [
    ("therapist_couple", ("couple",)),
    ("therapist_report", ("couple", "done")),
    ("therapist_notes", ()),
    ("api-client", ("couple",)),
    ("api-client-report", ("couple", "done")),
    ("api-client-notes", ("couple",)),
]


def assert_not_stored(response):
    assert response.status_code == 200, response.content[:500]
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives, response["Cache-Control"]


@pytest.mark.parametrize(("name", "arg"), PARTNER_PAGES)
def test_partner_pages_with_private_things_are_never_stored(
    login, private_world, partner_a, name, arg
):
    url = reverse(name, args=[private_world[arg]] if arg else [])
    assert_not_stored(login(partner_a).get(url))


@pytest.mark.parametrize(("name", "args"), THERAPIST_PAGES)
def test_therapist_pages_with_private_things_are_never_stored(
    login, private_world, therapist, name, args
):
    url = reverse(name, args=[private_world[a] for a in args])
    assert_not_stored(login(therapist).get(url))


@pytest.mark.parametrize("name", ["api-checkin-report", "api-agreements"])
def test_api_answers_to_a_session_token_are_never_stored(private_world, partner_a, name):
    login = app_post("/auth/login", {"email": partner_a.email, "password": PASSWORD})
    client = APIClient(headers={"X-Session-Token": login.json()["meta"]["session_token"]})
    args = [private_world["done"]] if name == "api-checkin-report" else []
    assert_not_stored(client.get(reverse(name, args=args)))
