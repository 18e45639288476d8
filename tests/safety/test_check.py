"""The private safety check before submitting: offered once, skippable, never blocking; a
concern leads to support, not to submitting; a consenting therapist can be let know."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Participation
from safety.models import SafetyCheck, SupportResource
from tests.conftest import mark_session
from tests.factories import connect_therapist, fill_survey, make_therapist

pytestmark = pytest.mark.django_db

NO = {"afraid": "no", "controlled": "no", "watched": "no", "hurt": "no"}


def check_url(checkin):
    return reverse("safety_check", args=[checkin.pk])


def support_url(checkin):
    return reverse("safety_support", args=[checkin.pk])


def submitted(checkin, user):
    return Participation.objects.get(checkin=checkin, user=user).has_submitted


@pytest.fixture
def ready(checkin, partner_a):
    """Alex has answered everything and pressed "Submit my answers"."""
    fill_survey(checkin, partner_a)
    return checkin


class TestOffered:
    def test_submitting_first_offers_the_check(self, login, ready, partner_a):
        response = login(partner_a).post(reverse("checkin_submit", args=[ready.pk]))
        assert response["Location"] == check_url(ready)
        assert not submitted(ready, partner_a)

    def test_the_page_says_it_is_private_and_optional(self, login, ready, partner_a):
        html = login(partner_a).get(check_url(ready)).content.decode()
        assert "Your partner will never see that they were asked" in html
        assert "Skip this and submit" in html
        for label in ("No", "Sometimes", "Yes", "I&#x27;d rather not say"):
            assert label in html

    def test_not_offered_before_everything_is_answered(self, login, checkin, partner_a):
        response = login(partner_a).post(reverse("checkin_submit", args=[checkin.pk]))
        assert response.status_code == 400
        assert "Answer every behavior twice" in response.content.decode()

    def test_once_submitted_it_leads_back(self, login, ready, partner_a):
        client = login(partner_a)
        client.post(check_url(ready), {"go": "skip"})
        assert client.get(check_url(ready))["Location"] == reverse("checkin", args=[ready.pk])


class TestAnswering:
    def test_skipping_submits(self, login, ready, partner_a):
        response = login(partner_a).post(check_url(ready), {"go": "skip"})
        assert response["Location"] == reverse("checkin", args=[ready.pk])
        assert submitted(ready, partner_a)
        assert SafetyCheck.objects.get().skipped

    def test_no_concern_submits(self, login, ready, partner_a):
        login(partner_a).post(check_url(ready), {"go": "answer", **NO})
        assert submitted(ready, partner_a)
        check = SafetyCheck.objects.get()
        assert check.answers == NO and not check.concern

    def test_leaving_every_question_blank_is_skipping(self, login, ready, partner_a):
        login(partner_a).post(check_url(ready), {"go": "answer"})
        assert submitted(ready, partner_a)
        assert SafetyCheck.objects.get().skipped

    @pytest.mark.parametrize("answer", ["sometimes", "yes"])
    def test_a_concern_leads_to_support_and_submits_nothing(self, login, ready, partner_a, answer):
        response = login(partner_a).post(check_url(ready), {"go": "answer", **NO, "afraid": answer})
        assert response["Location"] == support_url(ready)
        assert not submitted(ready, partner_a)
        assert SafetyCheck.objects.get().concern

    def test_rather_not_say_alone_is_no_concern(self, login, ready, partner_a):
        login(partner_a).post(check_url(ready), {"go": "answer", "hurt": "rather_not_say"})
        assert submitted(ready, partner_a)

    def test_a_choice_that_is_not_one_changes_nothing(self, login, ready, partner_a):
        response = login(partner_a).post(check_url(ready), {"go": "answer", "afraid": "maybe"})
        assert response.status_code == 400
        assert "Choose one of" in response.content.decode()
        assert not SafetyCheck.objects.exists() and not submitted(ready, partner_a)

    def test_double_submit_keeps_one_check(self, login, ready, partner_a):
        client = login(partner_a)
        for _ in range(2):
            client.post(check_url(ready), {"go": "answer", "hurt": "yes"})
        assert SafetyCheck.objects.count() == 1


class TestSupport:
    @pytest.fixture
    def concerned(self, login, ready, partner_a):
        client = login(partner_a)
        client.post(check_url(ready), {"go": "answer", **NO, "watched": "yes"})
        return client

    def test_says_they_need_not_submit_and_where_to_turn(self, concerned, ready):
        html = concerned.get(support_url(ready)).content.decode()
        assert "You deserve to feel safe" in html
        assert "You do not have to submit" in html and "still answering" in html
        assert "National Domestic Violence Hotline" in html
        assert "emergency number" in html
        for step in ("Quick exit", "log out everywhere else", "unlink from your partner"):
            assert step in html

    def test_staff_keep_the_resources(self, concerned, ready):
        SupportResource.objects.update(is_active=False)
        SupportResource.objects.create(
            name_en="Local Refuge", how_to_reach_en="0100 000", region_en="Here"
        )
        html = concerned.get(support_url(ready)).content.decode()
        assert "Local Refuge" in html and "National Domestic Violence Hotline" not in html

    def test_submitting_anyway_is_one_step(self, concerned, ready, partner_a):
        response = concerned.post(reverse("checkin_submit", args=[ready.pk]))
        assert response["Location"] == reverse("checkin", args=[ready.pk])
        assert submitted(ready, partner_a)

    def test_no_therapist_no_offer_to_tell_one(self, concerned, ready):
        html = concerned.get(support_url(ready)).content.decode()
        assert "Let your therapist know?" not in html
        response = concerned.post(reverse("safety_share", args=[ready.pk]), {"share": "1"})
        assert response.status_code == 302
        assert SafetyCheck.objects.get().shared_at is None

    def test_a_therapist_only_one_partner_let_in_is_not_offered(
        self, concerned, ready, couple, partner_a, therapist
    ):
        connect_therapist(therapist, couple, consenting=[partner_a])
        assert "Let your therapist know?" not in concerned.get(support_url(ready)).content.decode()


class TestLettingTheTherapistKnow:
    @pytest.fixture
    def shared(self, ready, couple, partner_a, therapist):
        """Alex's own browser (the therapist uses the test's `client`)."""
        connect_therapist(therapist, couple)
        client = Client()
        client.force_login(partner_a)
        mark_session(client, partner_a)
        client.post(check_url(ready), {"go": "answer", **NO, "controlled": "sometimes"})
        html = client.get(support_url(ready)).content.decode()
        assert "Let Dr. Sam Rivera know" in html
        return client

    def couple_page(self, login, therapist, couple):
        return login(therapist).get(reverse("therapist_couple", args=[couple.pk])).content.decode()

    def test_nothing_reaches_the_therapist_until_they_choose(
        self, shared, login, therapist, couple
    ):
        assert "Raised privately with you" not in self.couple_page(login, therapist, couple)

    def test_shared_without_answers(self, shared, ready, login, therapist, couple):
        shared.post(reverse("safety_share", args=[ready.pk]), {"share": "1"})
        html = self.couple_page(login, therapist, couple)
        assert "Alex raised a safety concern" in html
        assert "They chose not to show you their answers." in html
        dashboard = login(therapist).get(reverse("therapist_dashboard")).content.decode()
        assert "A concern raised privately" in dashboard

    def test_shared_with_answers_and_taken_back(self, shared, ready, login, therapist, couple):
        shared.post(reverse("safety_share", args=[ready.pk]), {"share": "1", "with_answers": "on"})
        html = self.couple_page(login, therapist, couple)
        assert "Sometimes" in html and "your phone" in html
        api = login(therapist).get(reverse("api-client", args=[couple.pk])).json()
        assert api["safety_concerns"][0]["answers"]["controlled"] == "sometimes"
        assert api["safety_concerns"][0]["partner"] == "Alex"
        shared.post(reverse("safety_share", args=[ready.pk]), {"share": "0"})
        assert "Raised privately with you" not in self.couple_page(login, therapist, couple)

    def test_a_therapist_whose_access_ended_sees_nothing(
        self, shared, ready, login, therapist, couple, partner_b
    ):
        from boundaries.models import TherapistLink
        from boundaries.services import therapists as therapist_services

        shared.post(reverse("safety_share", args=[ready.pk]), {"share": "1", "with_answers": "on"})
        link = TherapistLink.objects.get()
        therapist_services.revoke(user=partner_b, link_id=link.pk)
        response = login(therapist).get(reverse("therapist_couple", args=[couple.pk]))
        assert response.status_code == 404

    def test_another_therapist_of_theirs_without_consent_sees_nothing(
        self, shared, ready, login, couple, partner_a
    ):
        other = make_therapist("other@example.com", name="Dr. Other")
        connect_therapist(other, couple, consenting=[partner_a])
        shared.post(reverse("safety_share", args=[ready.pk]), {"share": "1"})
        response = login(other).get(reverse("therapist_couple", args=[couple.pk]))
        assert response.status_code == 404


class TestTheirOwnData:
    def test_in_my_export_and_never_in_my_partner_s(self, login, ready, partner_a, partner_b):
        client = login(partner_a)
        client.post(check_url(ready), {"go": "answer", "hurt": "yes"})
        mine = client.get(reverse("my_data_export")).json()["my_safety_checks"]
        assert mine == [
            {
                "check_in": ready.pk,
                "answers": {"hurt": "yes"},
                "skipped": False,
                "concern": True,
                "shared_with_therapist_at": None,
                "answers_shared": False,
            }
        ]
        theirs = login(partner_b).get(reverse("my_data_export")).json()
        assert theirs["my_safety_checks"] == []

    def test_unlinking_sends_the_partner_nothing(self, ready, partner_a, partner_b):
        from boundaries.services import couple_unlink
        from notifications.models import Email, Notification

        before = (Notification.objects.count(), Email.objects.count())
        couple_unlink(user=partner_a)
        assert (Notification.objects.count(), Email.objects.count()) == before

    def test_goes_with_the_account(self, login, ready, partner_a):
        from assessments.privacy.deletion import account_delete

        login(partner_a).post(check_url(ready), {"go": "answer", "hurt": "yes"})
        account_delete(user=partner_a)
        assert not SafetyCheck.objects.exists()


def test_the_page_on_using_it_safely_is_for_everyone(client, login, single):
    for visitor in (client, login(single)):
        html = visitor.get(reverse("using_safely")).content.decode()
        assert "Using Common Ground safely" in html
        assert "not for legal or custody use" in html
        assert "sent no message about it" in html
    assert reverse("using_safely") in client.get("/").content.decode()  # in every footer
