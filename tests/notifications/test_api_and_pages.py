"""Notifications through the API and on the pages: mine only, settings that hold, and the
couple's check-in rhythm."""

import pytest
from django.urls import reverse

from assessments import services as checkin_services
from boundaries import services
from boundaries.models import Couple
from notifications.models import Notification
from notifications.services import settings_of
from tests.api_errors import error_text, errors_of
from tests.factories import PASSWORD, CoupleFactory, UserFactory, connect_therapist

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(couple, partner_a, partner_b):
    """Blair has one notification: Alex started a check-in."""
    checkin_services.checkin_start(user=partner_a)
    return Notification.objects.get(recipient=partner_b)


class TestNotificationsApi:
    def test_mine_newest_first_with_text_and_link(self, api, news, partner_b):
        data = api.as_user(partner_b).get("/api/v1/notifications/").json()["results"]
        assert [item["kind"] for item in data] == ["checkin_started"]
        assert data[0]["read"] is False
        assert data[0]["text"].startswith("Alex started a check-in")
        assert data[0]["link"].endswith(news.link)

    def test_the_actor_and_a_stranger_see_none_of_it(self, api, news, partner_a, outsider):
        assert api.as_user(partner_a).get("/api/v1/notifications/").json()["results"] == []
        assert api.as_user(outsider).get("/api/v1/notifications/").json()["results"] == []

    def test_marking_read_touches_only_mine(self, api, news, partner_b, outsider):
        stranger = api.as_user(outsider).post(
            "/api/v1/notifications/read/", {"ids": [news.pk]}, format="json"
        )
        assert stranger.json() == {"marked": 0}
        news.refresh_from_db()
        assert news.read_at is None
        mine = api.as_user(partner_b).post("/api/v1/notifications/read/", {}, format="json")
        assert mine.json() == {"marked": 1}
        assert api.get("/api/v1/notifications/").json()["results"][0]["read"] is True

    @pytest.mark.parametrize("body", [{"ids": "all"}, {"ids": [0]}, {"ids": ["x"]}, []])
    def test_bad_input_is_a_400(self, api, partner_b, body):
        response = api.as_user(partner_b).post("/api/v1/notifications/read/", body, format="json")
        assert response.status_code == 400

    def test_after_an_unlink_the_former_couples_news_is_gone(self, api, news, partner_b):
        services.couple_unlink(user=partner_b)
        assert api.as_user(partner_b).get("/api/v1/notifications/").json()["results"] == []

    def test_anonymous_is_refused(self, api):
        assert api.get("/api/v1/notifications/").status_code in (401, 403)
        assert api.get("/api/v1/me/notification-settings/").status_code in (401, 403)

    def test_the_list_costs_the_same_with_more_news(
        self, api, couple, partner_a, partner_b, django_assert_max_num_queries
    ):
        client = api.as_user(partner_b)
        for n in range(40):
            Notification.objects.create(
                recipient=partner_b, kind="proposal_waiting", event_key=n, couple=couple
            )
        with django_assert_max_num_queries(6):
            assert len(client.get("/api/v1/notifications/").json()["results"]) == 40


class TestSettingsApi:
    def test_defaults(self, api, partner_b):
        data = api.as_user(partner_b).get("/api/v1/me/notification-settings/").json()
        assert data["discreet_subjects"] is True
        assert data["time_zone"] == "UTC"
        assert data["kinds"]["report_ready"] == {"email": True}
        assert "therapist_consented" not in data["kinds"]

    def test_change_one_kind_the_time_zone_and_subjects(self, api, partner_b):
        response = api.as_user(partner_b).patch(
            "/api/v1/me/notification-settings/",
            {
                "kinds": {"report_ready": {"email": False}},
                "discreet_subjects": False,
                "time_zone": "Europe/Berlin",
            },
            format="json",
        )
        assert response.status_code == 200
        data = response.json()
        assert data["kinds"]["report_ready"] == {"email": False}
        assert data["kinds"]["checkin_started"] == {"email": True}
        assert data["time_zone"] == "Europe/Berlin"
        partner_b.refresh_from_db()
        assert partner_b.time_zone == "Europe/Berlin"
        assert not settings_of(partner_b).discreet_subjects

    @pytest.mark.parametrize(
        ("body", "field", "words"),
        [
            ({"time_zone": "Mars/Olympus"}, "time_zone", "not a time zone we know"),
            ({"time_zone": 5}, "time_zone", ""),
            ({"kinds": {"everything": {"email": False}}}, "kinds", "no kind called"),
            # A nested field is named by its path.
            ({"kinds": {"report_ready": {"email": "maybe"}}}, "kinds.report_ready.email", ""),
        ],
    )
    def test_bad_input_is_a_400_that_says_why(self, api, partner_b, body, field, words):
        response = api.as_user(partner_b).patch(
            "/api/v1/me/notification-settings/", body, format="json"
        )
        assert response.status_code == 400
        assert field in errors_of(response)
        assert words in error_text(response)
        partner_b.refresh_from_db()
        assert partner_b.time_zone == "UTC"


class TestRhythmApi:
    def test_either_partner_sets_it_and_the_other_sees_it(self, api, couple, partner_a, partner_b):
        response = api.as_user(partner_a).patch(
            "/api/v1/couple/", {"checkin_every_weeks": 4}, format="json"
        )
        assert response.status_code == 200
        assert response.json()["checkin_every_weeks"] == 4
        assert response.json()["next_checkin_due"]
        seen = api.as_user(partner_b).get("/api/v1/couple/").json()
        assert seen["checkin_every_weeks"] == 4
        assert api.get("/api/v1/notifications/").json()["results"][0]["kind"] == "rhythm_changed"

    @pytest.mark.parametrize("value", [3, -2, 52, "often", None, True])
    def test_anything_else_is_a_400(self, api, couple, partner_a, value):
        response = api.as_user(partner_a).patch(
            "/api/v1/couple/", {"checkin_every_weeks": value}, format="json"
        )
        assert response.status_code == 400
        assert Couple.objects.get().checkin_every_weeks == 0

    def test_without_a_couple_it_is_a_404(self, api, single):
        response = api.as_user(single).patch(
            "/api/v1/couple/", {"checkin_every_weeks": 4}, format="json"
        )
        assert response.status_code == 404


class TestPages:
    def test_home_shows_whats_new_and_marks_it_read(self, login, news, partner_b):
        client = login(partner_b)
        html = client.get("/").content.decode()
        assert "What&#x27;s new" in html or "What's new" in html
        assert "Alex started a check-in" in html
        client.post(reverse("notifications_read"), {"next": "home"})
        news.refresh_from_db()
        assert news.read_at is not None

    def test_the_list_page_with_a_fixed_query_count(
        self, login, couple, partner_b, django_assert_max_num_queries
    ):
        client = login(partner_b)
        for n in range(30):
            Notification.objects.create(
                recipient=partner_b, kind="proposal_waiting", event_key=n, couple=couple
            )
        with django_assert_max_num_queries(8):
            page = client.get(reverse("notification_list"))
        assert page.content.decode().count("notification-unread") == 30

    def test_settings_page_saves_choices(self, login, partner_b):
        client = login(partner_b)
        page = client.get(reverse("notification_settings"))
        assert "Keep subjects discreet" in page.content.decode()
        form = {"time_zone": "America/Chicago", "email_report_ready": "on"}
        response = client.post(reverse("notification_settings"), form, follow=True)
        assert "Your notification settings are saved." in response.content.decode()
        choices = settings_of(partner_b)
        assert not choices.discreet_subjects
        assert choices.wants_email("report_ready")
        assert not choices.wants_email("checkin_started")
        partner_b.refresh_from_db()
        assert partner_b.time_zone == "America/Chicago"

    def test_settings_page_refuses_an_unknown_time_zone(self, login, partner_b):
        response = login(partner_b).post(reverse("notification_settings"), {"time_zone": "Nowhere"})
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()

    def test_a_therapist_chooses_only_therapist_kinds(self, login, therapist):
        html = login(therapist).get(reverse("notification_settings")).content.decode()
        assert "Both partners consented" in html
        assert "Your partner started a check-in" not in html

    def test_the_rhythm_form_on_the_partner_page(self, login, couple, partner_a):
        client = login(partner_a)
        assert "How often you check in" in client.get(reverse("couple")).content.decode()
        response = client.post(reverse("couple_rhythm"), {"checkin_every_weeks": "8"}, follow=True)
        assert "Your next check-in is due on" in response.content.decode()
        assert Couple.objects.get().checkin_every_weeks == 8
        client.post(reverse("couple_rhythm"), {"checkin_every_weeks": "5"})
        assert Couple.objects.get().checkin_every_weeks == 8

    def test_dates_show_in_the_persons_time_zone(self, login, news, partner_b):
        partner_b.time_zone = "Pacific/Kiritimati"  # UTC+14
        partner_b.save()
        news.created_at = news.created_at.replace(hour=12, minute=0)
        news.save()
        html = login(partner_b).get(reverse("notification_list")).content.decode()
        assert ", 02:00" in html


class TestSignUpAndSignIn:
    def test_sign_up_takes_the_browsers_time_zone(self, client):
        client.post(
            reverse("account_signup"),
            {
                "email": "robin@example.com",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "time_zone": "Asia/Kolkata",
            },
        )
        assert UserFactory._meta.model.objects.get(email="robin@example.com").time_zone == (
            "Asia/Kolkata"
        )

    def test_an_unknown_browser_zone_falls_back_to_utc(self, client):
        client.post(
            reverse("account_signup"),
            {"email": "robin@example.com", "password1": PASSWORD, "password2": PASSWORD,
             "time_zone": "<script>"},
        )  # fmt: skip
        assert UserFactory._meta.model.objects.get(email="robin@example.com").time_zone == "UTC"

    def test_the_sign_up_page_carries_the_hidden_field(self, client):
        assert (
            'type="hidden" name="time_zone"'
            in client.get(reverse("account_signup")).content.decode()
        )

    @pytest.mark.parametrize("joined_days_ago", [0, 30])
    def test_a_new_browser_sign_in_is_reported_once(
        self, client, single, committed, joined_days_ago
    ):
        from datetime import timedelta

        from django.core import mail

        single.date_joined -= timedelta(days=joined_days_ago)
        single.save()

        def sign_in(agent):
            other = type(client)(HTTP_USER_AGENT=agent)
            with committed():
                other.post(reverse("account_login"), {"login": single.email, "password": PASSWORD})

        sign_in("Browser One")
        sign_in("Browser One")
        sign_in("Browser Two")
        notices = [m for m in mail.outbox if "new login" in m.subject.lower()]
        # The very first sign-in right after signing up is no news.
        expected = 1 if joined_days_ago == 0 else 2
        assert [m.to for m in notices] == [[single.email]] * expected
        assert "Browser Two" in notices[-1].body

    def test_changing_the_password_sends_a_security_email(self, login, single, committed):
        from django.core import mail

        client = login(single)
        with committed():
            client.post(
                reverse("account_change_password"),
                {"oldpassword": PASSWORD, "password1": "a new long phrase", "password2":
                 "a new long phrase"},
            )  # fmt: skip
        assert any("password" in m.subject.lower() for m in mail.outbox)


def test_another_couple_never_gets_alex_and_blairs_news(couple, partner_a, outsider):
    CoupleFactory(partners=(UserFactory(), UserFactory()))
    checkin_services.checkin_start(user=partner_a)
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_a_therapist_finds_their_news_from_the_menu(login, couple, therapist):
    connect_therapist(therapist, couple)
    client = login(therapist)
    dashboard = client.get(reverse("therapist_dashboard")).content.decode()
    assert f'href="{reverse("notification_list")}"' in dashboard
    news = client.get(reverse("notification_list")).content.decode()
    assert "Both partners of Alex and Blair have consented" in news
