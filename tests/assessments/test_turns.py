"""Taking turns on a card: who speaks, swapping, a break of at least 20 minutes; stale
writes are refused as for the rest of a card's progress."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.models import CardProgress
from assessments.reports import report_for
from assessments.services import StaleCard, card_progress_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(completed, partner_a):
    return report_for(completed, partner_a).cards[0].key


def post(client, checkin, key, action, **extra):
    data = {"card": key, "number": "1", "turn_action": action, **extra}
    return client.post(reverse("talk_turn", args=[checkin.pk]), data)


class TestPage:
    def test_start_swap_break_and_back(self, login, completed, key, partner_a, partner_b):
        client = login(partner_a)
        post(client, completed, key, f"start:{partner_b.pk}")
        progress = CardProgress.objects.get()
        assert (progress.speaker, progress.turn) == (partner_b, 1)
        post(client, completed, key, "swap", version=progress.version)
        progress.refresh_from_db()
        assert (progress.speaker, progress.turn) == (partner_a, 2)
        post(client, completed, key, "pause", minutes="30", version=progress.version)
        progress.refresh_from_db()
        assert progress.paused_until > timezone.now() + timedelta(minutes=29)
        html = client.get(reverse("talk", args=[completed.pk]) + "?card=1").content.decode()
        assert "You are taking a break until" in html and "We are back" in html
        post(client, completed, key, "resume", version=progress.version)
        progress.refresh_from_db()
        assert progress.paused_until is None and progress.turn == 2

    def test_a_stranger_cannot_be_the_speaker(self, login, completed, key, partner_a, outsider):
        response = post(login(partner_a), completed, key, f"start:{outsider.pk}")
        assert response.status_code == 302
        assert not CardProgress.objects.filter(speaker__isnull=False).exists()

    def test_a_break_of_some_other_length_is_twenty_minutes(self, login, completed, key, partner_a):
        post(login(partner_a), completed, key, "pause", minutes="1")
        until = CardProgress.objects.get().paused_until
        assert timedelta(minutes=19) < until - timezone.now() <= timedelta(minutes=20)

    def test_an_unknown_step_changes_nothing(self, login, completed, key, partner_a):
        post(login(partner_a), completed, key, "dance")
        assert not CardProgress.objects.exists()

    def test_a_stale_swap_is_refused(self, login, completed, key, partner_a, partner_b):
        card_progress_save(user=partner_b, checkin=completed, card_key=key, speaker=partner_b.pk)
        post(login(partner_a), completed, key, "swap", version="2000-01-01T00:00:00")
        assert CardProgress.objects.get().speaker == partner_b


class TestService:
    @pytest.mark.parametrize(
        "change",
        [
            {"turn": -1},
            {"turn": "2"},
            {"turn": True},
            {"paused_until": "soon"},
        ],
    )
    def test_bad_values_are_refused(self, completed, key, partner_a, change):
        with pytest.raises(ValidationError):
            card_progress_save(user=partner_a, checkin=completed, card_key=key, **change)
        assert not CardProgress.objects.exists()

    def test_a_break_under_twenty_minutes_is_refused(self, completed, key, partner_a):
        soon = timezone.now() + timedelta(minutes=5)
        with pytest.raises(ValidationError, match="at least 20 minutes"):
            card_progress_save(user=partner_a, checkin=completed, card_key=key, paused_until=soon)

    def test_stale_writes_are_refused(self, completed, key, partner_a, partner_b):
        first = card_progress_save(user=partner_a, checkin=completed, card_key=key, turn=1)
        card_progress_save(user=partner_b, checkin=completed, card_key=key, turn=2)
        with pytest.raises(StaleCard):
            card_progress_save(
                user=partner_a, checkin=completed, card_key=key, turn=3, seen_version=first.version
            )


class TestApi:
    def url(self, checkin):
        return reverse("api-checkin-cards", args=[checkin.pk])

    def test_put_and_get_the_turn(self, api, completed, key, partner_a, partner_b):
        client = api.as_user(partner_a)
        later = (timezone.now() + timedelta(minutes=25)).isoformat()
        body = {"card": key, "speaker": partner_b.pk, "turn": 1, "paused_until": later}
        saved = client.put(self.url(completed), body, format="json").json()
        assert saved["speaker"] == partner_b.pk and saved["turn"] == 1 and saved["paused_until"]
        read = api.as_user(partner_b).get(self.url(completed), {"card": key}).json()
        assert read == saved

    @pytest.mark.parametrize(
        "body",
        [{"speaker": "me"}, {"turn": -1}, {"turn": 1.5}, {"paused_until": "tomorrow"}],
    )
    def test_bad_input_is_a_400(self, api, completed, key, partner_a, body):
        response = api.as_user(partner_a).put(
            self.url(completed), {"card": key, **body}, format="json"
        )
        assert response.status_code == 400
        assert not CardProgress.objects.exists()

    def test_a_stale_turn_is_a_409(self, api, completed, key, partner_a, partner_b):
        card_progress_save(user=partner_b, checkin=completed, card_key=key, turn=1)
        response = api.as_user(partner_a).put(
            self.url(completed), {"card": key, "turn": 2, "version": "old"}, format="json"
        )
        assert response.status_code == 409

    def test_a_stranger_gets_404(self, api, completed, key, outsider):
        assert api.as_user(outsider).get(self.url(completed), {"card": key}).status_code == 404


@pytest.mark.parametrize("query", [{}, {"card": "x", "other": "1"}, {"card": "x" * 65}])
def test_reading_a_card_asks_for_exactly_one(api, completed, partner_a, query):
    url = reverse("api-checkin-cards", args=[completed.pk])
    assert api.as_user(partner_a).get(url, query).status_code == 400


@pytest.mark.parametrize("key", ["1-clash-\x00", "1 clash", "¶5\x8e", "1-clash-a'--"])
def test_a_card_key_that_no_card_has_is_refused_not_looked_up(api, completed, partner_a, key):
    """The fuzzing found a NUL in ?card= answered with a 500 (PostgreSQL refuses NUL)."""
    url = reverse("api-checkin-cards", args=[completed.pk])
    response = api.as_user(partner_a).get(url, {"card": key})
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "card"
