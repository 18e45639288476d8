"""Reading the comparison and talking it through, in Chromium."""

import pytest
from playwright.sync_api import expect

from assessments import selectors, services
from tests.e2e.pages import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def completed(couple, partner_a, partner_b):
    checkin = services.checkin_start(user=partner_a)
    ids = selectors.behavior_ids(checkin)
    for person, first in ((partner_a, ("ok", "ok")), (partner_b, ("not_ok", "not_ok"))):
        answers = [
            {"behavior": pk, "if_i_do": "ok", "if_partner_does": "ok", "note": ""} for pk in ids
        ]
        answers[0].update(if_i_do=first[0], if_partner_does=first[1])
        answers[1].update(if_i_do="depends", note="If I know who it is")
        services.answers_save(user=person, checkin=checkin, answers=answers)
        services.checkin_submit(user=person, checkin=checkin)
    return checkin


def test_read_the_report_and_talk_it_through(
    live_server, browser, assert_accessible, completed, partner_a
):
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(page, live_server.url, partner_a.email)

    page.get_by_role("link", name="Read your comparison").click()
    expect(page.get_by_role("heading", name="Where you meet, and where you differ")).to_be_visible()
    expect(page.locator("main").get_by_text("not a diagnosis")).to_be_visible()
    expect(page.get_by_role("img", name="How much you agree, by category")).to_be_visible()
    first_row = page.locator("table.side-by-side tbody tr").first
    expect(first_row).to_contain_text("You see this differently")
    assert_accessible(page)

    page.get_by_role("link", name="Talk it through, one card at a time").click()
    expect(page.get_by_text("Card 1 of")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("We talked about this").check()
    page.get_by_label("What we agreed (optional)").fill("Ask each other first")
    page.get_by_role("button", name="Save and go to the next card").click()
    expect(page.get_by_text("Card 2 of")).to_be_visible()
    expect(page.get_by_text("1 talked about")).to_be_visible()
    page.get_by_role("link", name="Previous card").click()
    expect(page.get_by_label("What we agreed (optional)")).to_have_value("Ask each other first")
    page.reload()
    expect(page.get_by_label("We talked about this")).to_be_checked()
