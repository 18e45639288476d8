"""Every step leads on: finishing together, talking it through to a summary, proposing what
was agreed, and a therapist waiting for the partner who has not consented yet."""

import pytest
from django.urls import reverse

from assessments.models import CardProgress
from assessments.reports import report_for
from assessments.services import card_progress_save
from notifications.models import Notification
from tests.factories import connect_therapist, make_therapist

pytestmark = pytest.mark.django_db


def first_key(checkin, user):
    return report_for(checkin, user).cards[0].key


def talk_about(checkin, user, agreed=""):
    key = first_key(checkin, user)
    card_progress_save(user=user, checkin=checkin, card_key=key, talked_about=True, agreed=agreed)
    return key


class TestBothFinished:
    def test_the_news_leads_to_a_calm_page_before_the_report(self, login, completed, partner_a):
        notification = Notification.objects.get(recipient=partner_a, kind="report_ready")
        assert notification.link == reverse("checkin", args=[completed.pk])
        html = login(partner_a).get(notification.link).content.decode()
        assert "You have both finished" in html and "not a score of who is right" in html
        assert reverse("report", args=[completed.pk]) in html


class TestHome:
    def test_shows_how_far_the_conversation_has_come(self, login, completed, partner_a, partner_b):
        client = login(partner_a)
        html = client.get("/").content.decode()
        total = len(report_for(completed, partner_a).cards)
        assert f"You have talked through 0 of {total} conversation cards." in html
        assert "Go on talking it through" not in html
        talk_about(completed, partner_b)
        html = client.get("/").content.decode()
        assert f"You have talked through 1 of {total} conversation cards." in html
        assert "Go on talking it through" in html

    def test_a_therapist_waiting_for_me_and_only_me(
        self, login, couple, partner_a, partner_b, therapist
    ):
        connect_therapist(therapist, couple, consenting=[partner_a])
        waiting = "Dr. Sam Rivera is waiting for your consent"
        assert waiting in login(partner_b).get("/").content.decode()
        assert waiting not in login(partner_a).get("/").content.decode()

    def test_no_waiting_after_consent_or_revocation(
        self, login, couple, partner_a, partner_b, therapist
    ):
        connect_therapist(therapist, couple)
        other = make_therapist("second@example.com", name="Dr. Second")
        link = connect_therapist(other, couple, consenting=[partner_a])
        link.revoked_at = link.created_at
        link.save()
        assert "waiting for your consent" not in login(partner_b).get("/").content.decode()

    @pytest.mark.parametrize("grown", [False, True], ids=["little", "more to show"])
    def test_home_query_count_holds_with_more_to_show(
        self, login, completed, couple, partner_a, partner_b, grown, django_assert_max_num_queries
    ):
        if grown:
            for n in range(3):
                therapist = make_therapist(f"t{n}@example.com")
                connect_therapist(therapist, couple, consenting=[partner_a])
            talk_about(completed, partner_a)
        client = login(partner_b)
        client.get("/")  # fills the report cache, as any earlier visit has
        with django_assert_max_num_queries(12):
            client.get("/")


class TestTherapistConsentForTheSecondPartner:
    def test_sees_the_full_profile_and_what_is_shared(
        self, login, couple, partner_a, partner_b, therapist
    ):
        connect_therapist(therapist, couple, consenting=[partner_a])
        html = login(partner_b).get(reverse("therapists")).content.decode()
        assert "Let Dr. Sam Rivera see your reports?" in html
        for words in ("Riverside Couples Practice", "LMFT", "What they will see"):
            assert words in html
        assert "What they will not see" in html and "I consent" in html
        assert "Alex has consented." in html

    def test_the_partner_who_consented_is_not_asked_again(
        self, login, couple, partner_a, partner_b, therapist
    ):
        connect_therapist(therapist, couple, consenting=[partner_a])
        html = login(partner_a).get(reverse("therapists")).content.decode()
        assert "Let Dr. Sam Rivera see your reports?" not in html
        assert "I consent" not in html


class TestTalkSummary:
    def url(self, checkin):
        return reverse("talk_summary", args=[checkin.pk])

    def test_who_may_open_it(self, client, login, completed, outsider, therapist, couple):
        assert client.get(self.url(completed))["Location"].startswith("/accounts/login/")
        assert login(outsider).get(self.url(completed)).status_code == 404
        connect_therapist(therapist, couple)
        assert login(therapist).get(self.url(completed)).status_code == 404

    @pytest.mark.parametrize("who", ["partner_a", "partner_b"])
    def test_both_partners_see_what_was_talked_about(self, request, login, completed, who):
        talk_about(completed, request.getfixturevalue("partner_a"), agreed="We ask <first>")
        html = login(request.getfixturevalue(who)).get(self.url(completed)).content.decode()
        assert "You talked through 1 of" in html
        assert "We ask &lt;first&gt;" in html
        assert "Propose these as boundaries" in html

    def test_the_last_card_leads_to_the_summary(self, login, completed, partner_a):
        client = login(partner_a)
        total = len(report_for(completed, partner_a).cards)
        last = client.get(reverse("talk", args=[completed.pk]) + f"?card={total}")
        assert "Save and see what you talked about" in last.content.decode()
        response = client.post(
            reverse("talk_mark", args=[completed.pk]),
            {
                "card": last.context["card"].key,
                "number": total,
                "talked_about": "on",
                "go": "summary",
            },
        )
        assert response["Location"] == self.url(completed)

    def test_nothing_talked_about_yet_says_how(self, login, completed, partner_a):
        html = login(partner_a).get(self.url(completed)).content.decode()
        assert "Nothing is marked as talked about yet" in html
        assert "Start talking it through" in html

    def test_query_count_stays_flat(
        self, login, completed, partner_a, partner_b, django_assert_max_num_queries
    ):
        client = login(partner_a)
        with django_assert_max_num_queries(14) as before:
            client.get(self.url(completed))
        for card in report_for(completed, partner_a).cards:
            card_progress_save(
                user=partner_b, checkin=completed, card_key=card.key, talked_about=True, agreed="x"
            )
        with django_assert_max_num_queries(len(before.captured_queries)):
            client.get(self.url(completed))


class TestProposingWhatWasAgreed:
    def propose(self, checkin, key):
        return reverse("agreement_propose") + f"?checkin={checkin.pk}&card={key}"

    def test_the_form_starts_from_the_agreement(self, login, completed, partner_a, partner_b):
        key = talk_about(completed, partner_a, agreed="Only when we have both said so")
        form = login(partner_b).get(self.propose(completed, key)).context["form"]
        assert form.initial["conditions"] == "Only when we have both said so"
        assert form.initial["behavior"] == int(key.split("-")[0])
        assert "decision" not in form.initial

    def test_the_link_carries_no_words_of_theirs(self, login, completed, partner_a):
        talk_about(completed, partner_a, agreed="Something private")
        html = login(partner_a).get(reverse("talk_summary", args=[completed.pk])).content
        assert b"Something+private" not in html and b"Something%20private" not in html

    def test_another_couple_gets_nothing_of_ours(self, login, completed, partner_a, outsider):
        key = talk_about(completed, partner_a, agreed="Ours alone")
        response = login(outsider).get(self.propose(completed, key))
        assert response.status_code == 200
        assert "Ours alone" not in response.content.decode()
        assert "conditions" not in response.context["form"].initial

    def test_a_card_with_nothing_saved_prefills_nothing(self, login, completed, partner_a):
        key = first_key(completed, partner_a)
        assert not CardProgress.objects.exists()
        form = login(partner_a).get(self.propose(completed, key)).context["form"]
        assert "conditions" not in form.initial

    @pytest.mark.parametrize("query", ["?checkin=x&card=y", "?checkin=&card=", "?card=1-a"])
    def test_bad_links_just_open_the_empty_form(self, login, completed, partner_a, query):
        response = login(partner_a).get(reverse("agreement_propose") + query)
        assert response.status_code == 200
