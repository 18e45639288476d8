"""Invitations under hostile or unlucky conditions: odd names, mail outages, expiry, pasting."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from boundaries import services
from boundaries.models import Invitation, normalize_code
from notifications.models import Email
from tests.factories import PASSWORD, InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_names_with_line_breaks_are_refused(client, login, single):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "x@example.com",
            "display_name": "Ann\r\nBcc: victim@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "letters, spaces and punctuation" in response.content.decode()
    login(single).post(reverse("account"), {"display_name": "Sam\nX"})
    single.refresh_from_db()
    assert single.display_name == "Sam"


def test_email_subject_is_plain_text(single, committed):
    single.display_name = "Ann O'Neil & co"
    single.save()
    with committed():
        services.invitation_create(inviter=single, email="pat@example.com", base_url="https://x")
    assert mail.outbox[0].subject == "Ann O'Neil & co invited you to Common Ground"


@pytest.fixture
def broken_mail(settings):
    """A real SMTP backend pointed at a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9
    settings.EMAIL_TIMEOUT = 2


def test_mail_outage_holds_up_nothing_and_the_email_waits(api, single, broken_mail, committed):
    with committed():
        response = api.as_user(single).post(
            "/api/v1/invitations/", {"email": "pat@example.com"}, format="json"
        )
    assert response.status_code == 201
    assert response.json()["code"]
    assert response.json()["email_problem"] == ""
    assert api.get("/api/v1/invitations/").json()["code"] == response.json()["code"]
    waiting = Email.objects.get(to="pat@example.com")
    assert waiting.status == Email.Status.PENDING
    assert waiting.attempts == 1
    assert "ConnectionRefusedError" in waiting.last_error
    assert waiting.not_before > timezone.now()


def test_mail_outage_on_the_page_still_shows_the_code(login, single, broken_mail, committed):
    with committed():
        response = login(single).post(reverse("invite"), {"email": "pat@example.com"}, follow=True)
    html = response.content.decode()
    assert Invitation.objects.get().display_code in html
    assert Email.objects.get().status == Email.Status.PENDING


def test_invitation_emails_are_limited_per_day(single, committed):
    for _ in range(services.INVITATION_EMAILS_PER_DAY):
        with committed():
            invitation = services.invitation_create(inviter=single, email="p@example.com")
        assert invitation.email_problem == ""
    over = services.invitation_create(inviter=single, email="p@example.com")
    assert "as many invitation emails" in over.email_problem
    assert len(mail.outbox) == services.INVITATION_EMAILS_PER_DAY
    assert over.status == Invitation.Status.PENDING


def test_expired_invitation_is_not_shown_as_waiting(login, api, single):
    invitation = InvitationFactory(inviter=single, expires_at=timezone.now() - timedelta(days=1))
    html = login(single).get("/").content.decode()
    assert invitation.display_code not in html
    assert "Invite your partner" in html
    assert api.as_user(single).get("/api/v1/invitations/").status_code == 404
    # A fresh one can be made at once.
    assert services.invitation_create(inviter=single).status == Invitation.Status.PENDING


def test_home_finds_an_invitation_sent_to_my_verified_address(login):
    inviter = UserFactory(display_name="Robin")
    services.invitation_create(inviter=inviter, email="New.Person@example.com")
    newcomer = UserFactory(email="new.person@example.com")
    assert EmailAddress.objects.filter(user=newcomer, verified=True).exists()
    assert "Robin invited you" in login(newcomer).get("/").content.decode()


def test_unverified_address_does_not_find_it(login):
    services.invitation_create(inviter=UserFactory(), email="new@example.com")
    newcomer = UserFactory(email="new@example.com")
    EmailAddress.objects.filter(user=newcomer).update(verified=False)
    assert "invited you" not in login(newcomer).get("/").content.decode()


@pytest.mark.parametrize(
    "typed",
    [
        "https://cg.example/invite/7K3M9QW2XA/",
        "７ｋ３ｍ９ｑｗ２ｘａ",  # full-width, as some phone keyboards type
        "7k3m9—qw2xa",
    ],
)
def test_codes_as_they_arrive(typed):
    assert normalize_code(typed) == "7K3M9QW2XA"


def test_invitation_page_does_not_offer_accept_to_the_inviter_or_the_linked(
    login, single, partner_a, couple
):
    invitation = InvitationFactory(inviter=single)
    url = reverse("invitation_detail", args=[invitation.code])
    own = login(single).get(url).content.decode()
    assert "This is your own invitation" in own and "Accept the invitation" not in own
    linked = login(partner_a).get(url).content.decode()
    assert "already linked" in linked and "Accept the invitation" not in linked


@pytest.mark.parametrize("url", ["/api/v1/invitations/accept/", "/_allauth/app/v1/auth/login"])
def test_deeply_nested_json_is_a_400_not_a_crash(single, url):
    client = APIClient()
    client.force_authenticate(single)
    body = "[" * 5000 + "]" * 5000
    response = client.generic("POST", url, body, content_type="application/json")
    assert response.status_code == 400


def test_guessing_codes_is_limited(single):
    from django.core.exceptions import ValidationError

    real = InvitationFactory()
    for _ in range(services.CODE_GUESSES_PER_HOUR):
        with pytest.raises(ValidationError):
            services.invitation_accept(user=single, code="ZZZZZZZZZZ")
    with pytest.raises(ValidationError) as exc_info:
        services.invitation_accept(user=single, code=real.code)
    assert "Too many codes" in " ".join(exc_info.value.messages)


class TestLookingUpCodes:
    """Opening /invite/<code>/ needs no account, so misses are counted per client address."""

    LIMIT = 20

    def miss(self, client, n=1, **extra):
        return [client.get("/invite/ZZZZZZZZZZ/", **extra).status_code for _ in range(n)]

    def test_a_stream_of_wrong_codes_is_paused(self, client):
        assert self.miss(client, self.LIMIT) == [404] * self.LIMIT
        real = InvitationFactory()
        response = client.get(f"/invite/{real.code}/")
        assert response.status_code == 429
        assert "Too many tries" in response.content.decode()
        assert real.inviter.name not in response.content.decode()

    def test_opening_a_real_link_again_and_again_is_not_a_guess(self, client):
        real = InvitationFactory()
        for _ in range(self.LIMIT + 5):
            assert client.get(f"/invite/{real.code}/").status_code == 200

    def test_one_address_guessing_does_not_lock_out_another(self, client):
        self.miss(client, self.LIMIT, REMOTE_ADDR="203.0.113.7")
        assert self.miss(client, 1, REMOTE_ADDR="203.0.113.7") == [429]
        assert self.miss(client, 1, REMOTE_ADDR="198.51.100.2") == [404]

    def test_behind_the_proxy_the_forwarded_address_counts(self, client, settings):
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
        proxy = {"REMOTE_ADDR": "10.0.0.2"}
        self.miss(client, self.LIMIT, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
        assert self.miss(client, 1, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy) == [429]
        # Everyone comes through the same proxy; a different visitor is still served.
        assert self.miss(client, 1, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy) == [404]
        # A forged header sent to the proxy is not believed: the proxy's own entry counts.
        forged = "1.2.3.4, 203.0.113.7"
        assert self.miss(client, 1, HTTP_X_FORWARDED_FOR=forged, **proxy) == [429]

    def test_previewing_therapist_codes_is_limited_too(self, login, couple, partner_a):
        client = login(partner_a)
        for _ in range(self.LIMIT):
            assert client.get("/partner/therapist/?code=ZZZZZZZZZZ").status_code == 200
        assert client.get("/partner/therapist/?code=ZZZZZZZZZZ").status_code == 429
