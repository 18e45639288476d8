"""The private safety check in a phone-sized browser: a concern leads to the support page,
which reads well at 360 px, passes axe, and leaves the answers unsubmitted."""

import pytest
from playwright.sync_api import expect

from assessments.models import Participation
from tests.e2e.pages import sign_in
from tests.factories import connect_therapist, fill_survey

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_concern_leads_to_support_not_to_submitting(
    live_server, browser, assert_accessible, checkin, couple, partner_a, therapist
):
    connect_therapist(therapist, couple)
    fill_survey(checkin, partner_a)
    page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    sign_in(page, live_server.url, partner_a.email)
    page.goto(f"{live_server.url}/checkins/{checkin.pk}/")
    page.get_by_role("button", name="Show the whole list").click()
    page.get_by_role("button", name="Submit my answers").click()

    expect(page.get_by_role("heading", name="Before you submit: a private check")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    afraid = page.get_by_role("group", name="Are you ever afraid of your partner")
    afraid.locator("label", has_text="Sometimes").click()
    expect(afraid.get_by_role("radio", name="Sometimes")).to_be_checked()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="You deserve to feel safe")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    expect(page.get_by_text("National Domestic Violence Hotline")).to_be_visible()
    expect(page.get_by_role("link", name="Quick exit")).to_be_visible()
    page.get_by_role("button", name="Let Dr. Sam Rivera know").click()
    expect(page.get_by_text("can see, privately, that you raised a concern")).to_be_visible()
    page.get_by_role("link", name="Leave it for now").click()
    expect(page.get_by_role("heading", name="Finish your check-in")).to_be_visible()
    assert not Participation.objects.get(checkin=checkin, user=partner_a).has_submitted
