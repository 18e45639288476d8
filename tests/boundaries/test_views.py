import pytest
from django.core import mail
from django.urls import reverse

from boundaries.models import Couple, Invitation
from boundaries.views.couples import PENDING_CODE_KEY
from tests.factories import InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db

PRIVATE_PAGES = ["couple", "invite", "join", "unlink", "account"]


@pytest.mark.parametrize("name", PRIVATE_PAGES)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["home", "about", "account_login", "account_signup"])
def test_public_pages_open_for_anonymous(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b"Quick exit" in response.content


def test_allauth_pages_use_our_design(client):
    for name in ["account_login", "account_signup", "account_reset_password"]:
        html = client.get(reverse(name)).content.decode()
        assert "/static/css/app.css" in html
        assert 'class="field' in html


class TestHome:
    def test_single_person_is_asked_to_invite(self, login, single):
        html = login(single).get("/").content.decode()
        assert "Invite your partner" in html

    def test_waiting_invitation_is_shown(self, login, single):
        invitation = InvitationFactory(inviter=single)
        html = login(single).get("/").content.decode()
        assert invitation.display_code in html

    def test_linked_partner_sees_who_they_are_linked_with(
        self, login, partner_a, couple, django_assert_max_num_queries
    ):
        client = login(partner_a)
        with django_assert_max_num_queries(9):
            html = client.get("/").content.decode()
        assert "Start your first check-in" in html
        assert "You and Blair each rate" in html

    def test_outsider_never_sees_another_couples_names(self, login, outsider, couple):
        for name in ["home", "couple", "unlink"]:
            html = login(outsider).get(reverse(name)).content.decode()
            assert "Alex" not in html
            assert "Blair" not in html


class TestInvitePage:
    def test_creates_an_invitation_and_shows_the_code(self, login, single):
        client = login(single)
        response = client.post(reverse("invite"), {"email": ""}, follow=True)
        invitation = Invitation.objects.get(inviter=single)
        assert invitation.display_code in response.content.decode()
        assert f"/invite/{invitation.code}/" in response.content.decode()

    def test_sends_an_email_when_asked(self, login, single, committed):
        with committed():
            login(single).post(reverse("invite"), {"email": "pat@example.com"})
        assert mail.outbox[0].to == ["pat@example.com"]

    def test_bad_email_is_explained_and_nothing_is_created(self, login, single):
        response = login(single).post(reverse("invite"), {"email": "not-an-email"})
        assert response.status_code == 200
        assert "Enter a valid email address" in response.content.decode()
        assert not Invitation.objects.exists()

    def test_linked_person_is_sent_to_the_partner_page(self, login, partner_a, couple):
        response = login(partner_a).post(reverse("invite"), {"email": ""})
        assert response["Location"] == reverse("couple")
        assert not Invitation.objects.exists()

    def test_cancel_stops_the_code(self, login, single):
        invitation = InvitationFactory(inviter=single)
        login(single).post(reverse("invite_cancel"))
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.CANCELLED

    def test_cancel_needs_post(self, login, single):
        InvitationFactory(inviter=single)
        assert login(single).get(reverse("invite_cancel")).status_code == 405


class TestJoinPage:
    def test_accepts_a_lower_case_code_with_spaces(self, login, single):
        InvitationFactory(code="7K3M9QW2XA")
        response = login(single).post(reverse("join"), {"code": " 7k3m9 qw2xa "}, follow=True)
        # Linked, and on to the next step together: starting a check-in.
        assert response.redirect_chain == [(reverse("home"), 302)]
        html = response.content.decode()
        assert "You are now linked with" in html and "Start your first check-in" in html
        assert Couple.objects.get().members.count() == 2

    @pytest.mark.parametrize(
        ("code", "message"),
        [("NOPE", "could not find"), ("", "This field is required")],
    )
    def test_bad_code_is_explained(self, login, single, code, message):
        response = login(single).post(reverse("join"), {"code": code})
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Couple.objects.exists()

    def test_own_code_is_explained(self, login, single):
        invitation = InvitationFactory(inviter=single)
        response = login(single).post(reverse("join"), {"code": invitation.code})
        assert "your own invitation" in response.content.decode()

    def test_double_submit_links_once_and_explains_the_second(self, login, single):
        invitation = InvitationFactory()
        client = login(single)
        client.post(reverse("join"), {"code": invitation.code})
        response = client.post(reverse("join"), {"code": invitation.code})
        assert "already been used" in response.content.decode()
        assert Couple.objects.count() == 1


class TestInvitationLink:
    def test_anonymous_sees_who_invited_them_and_the_code_is_remembered(self, client):
        invitation = InvitationFactory(inviter=UserFactory(display_name="Robin"))
        response = client.get(reverse("invitation_detail", args=[invitation.code]))
        assert "Robin invited you" in response.content.decode()
        assert invitation.inviter.email not in response.content.decode()
        assert client.session[PENDING_CODE_KEY] == invitation.code

    def test_after_signing_up_home_offers_the_remembered_invitation(self, client):
        invitation = InvitationFactory(inviter=UserFactory(display_name="Robin"))
        client.get(reverse("invitation_detail", args=[invitation.code]))
        client.post(
            reverse("account_signup"),
            {
                "email": "new@example.com",
                "password1": "a calm evening walk",
                "password2": "a calm evening walk",
            },
        )
        html = client.get("/").content.decode()
        assert "Robin invited you" in html
        client.post(reverse("join"), {"code": invitation.code})
        assert Couple.objects.get().members.filter(email="new@example.com").exists()

    def test_unknown_code_is_404(self, client):
        assert client.get(reverse("invitation_detail", args=["ZZZZ"])).status_code == 404

    def test_used_invitation_says_so(self, client):
        invitation = InvitationFactory(status=Invitation.Status.CANCELLED)
        response = client.get(reverse("invitation_detail", args=[invitation.code]))
        assert "no longer works" in response.content.decode()


class TestCoupleAndUnlink:
    @pytest.mark.parametrize("who", ["partner_a", "partner_b"])
    def test_each_partner_sees_the_other(
        self, request, login, couple, who, django_assert_max_num_queries
    ):
        me = request.getfixturevalue(who)
        other = "Blair" if who == "partner_a" else "Alex"
        client = login(me)
        with django_assert_max_num_queries(5):
            html = client.get(reverse("couple")).content.decode()
        assert f"You are linked with {other}" in html

    def test_single_person_is_sent_to_invite(self, login, single):
        assert login(single).get(reverse("couple"))["Location"] == reverse("invite")

    def test_unlink_asks_first(self, login, partner_a, couple):
        response = login(partner_a).get(reverse("unlink"))
        assert "Unlink from Blair?" in response.content.decode()
        couple.refresh_from_db()
        assert couple.ended_at is None

    def test_unlink_ends_sharing_for_both(self, client, partner_a, partner_b, couple):
        client.force_login(partner_a)
        client.post(reverse("unlink"))
        couple.refresh_from_db()
        assert couple.ended_at is not None
        client.force_login(partner_b)
        assert client.get(reverse("couple"))["Location"] == reverse("invite")

    def test_unlink_when_not_linked_changes_nothing(self, login, single):
        response = login(single).post(reverse("unlink"))
        assert response["Location"] == reverse("home")

    def test_outsider_unlink_does_not_touch_another_couple(self, login, outsider, couple):
        login(outsider).post(reverse("unlink"))
        couple.refresh_from_db()
        assert couple.ended_at is None


def test_account_page_saves_the_name(login, single):
    client = login(single)
    client.post(reverse("account"), {"display_name": "Robin"})
    single.refresh_from_db()
    assert single.display_name == "Robin"
    response = client.post(reverse("account"), {"display_name": "x" * 80})
    assert response.status_code == 200
    single.refresh_from_db()
    assert single.display_name == "Robin"


class TestCheckYourEmail:
    def sign_up(self, client):
        return client.post(
            "/accounts/signup/",
            {
                "email": "new.person@example.com",
                "display_name": "Robin",
                "password1": "a calm evening walk",
                "password2": "a calm evening walk",
            },
            follow=True,
        )

    def test_says_where_the_link_is_when_mail_is_printed(self, client, settings):
        settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
        settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
        html = self.sign_up(client).content.decode()
        assert "Check your email" in html
        assert "printed in the terminal" in html

    def test_says_nothing_of_terminals_when_mail_is_sent(
        self, client, settings, mailoutbox, committed
    ):
        settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
        with committed():
            html = self.sign_up(client).content.decode()
        assert "Check your email" in html
        assert "terminal" not in html
        assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("name", "words"),
    [("agreements", "Boundaries are agreed by the two of you"), ("checkin_list", "A check-in is")],
)
def test_couple_pages_tell_someone_not_linked_what_comes_first(login, single, name, words):
    response = login(single).get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert words in html
    assert reverse("invite") in html and reverse("join") in html


def test_the_footer_offers_the_therapist_sign_up_only_to_visitors(client, login, single):
    assert reverse("therapist_signup") in client.get(reverse("about")).content.decode()
    assert reverse("therapist_signup") not in login(single).get(reverse("about")).content.decode()


def test_quick_exit_logs_out_on_post_only(client, login, single):
    signed_in = login(single)
    assert signed_in.get(reverse("quick_exit")).status_code == 405
    assert "_auth_user_id" in signed_in.session
    # As the browser's beacon sends it: no CSRF token, nothing to read in the answer.
    assert signed_in.post(reverse("quick_exit")).status_code == 204
    assert "_auth_user_id" not in signed_in.session
