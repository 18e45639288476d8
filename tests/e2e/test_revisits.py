"""Looking at a boundary again, on two phones: each answers blind, neither sees the other's
answers until both have answered, then both see it side by side and one renews it."""

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import sign_in
from tests.factories import due_agreement

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def _answer(page, if_i_do, if_partner_does, note=""):
    page.get_by_role("group", name="If I did this").get_by_text(if_i_do, exact=True).click()
    page.get_by_role("group", name="If my partner did this").get_by_text(
        if_partner_does, exact=True
    ).click()
    if note:
        page.get_by_label("Note (optional)").fill(note)
    page.get_by_role("button", name="Save my answers").click()


def test_blind_then_side_by_side(
    live_server, browser, assert_accessible, couple, partner_a, partner_b
):
    agreement = due_agreement(partner_a, partner_b)
    base = live_server.url
    alex = sign_in(browser.new_context(viewport=PHONE).new_page(), base, partner_a.email)
    blair = sign_in(browser.new_context(viewport=PHONE).new_page(), base, partner_b.email)

    alex.goto(f"{base}/boundaries/")
    alex.get_by_role("link", name="Look again").click()
    # "On what?" only once an answer is "It depends".
    on_what = alex.get_by_role("group", name="If it depends: on what? (tick any that fit)")
    expect(on_what).to_be_hidden()
    alex.get_by_role("group", name="If I did this").get_by_text("It depends").click()
    expect(on_what).to_be_visible()
    alex.get_by_label("In a group, not one-on-one").check()
    assert_accessible(alex)
    assert alex.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _answer(alex, "It depends", "Not OK", note="Only with friends around")
    expect(alex.get_by_text("Your answers are saved. Nobody sees them yet.")).to_be_visible()

    blair.goto(f"{base}/boundaries/{agreement.pk}/revisit/")
    expect(blair.get_by_text("Alex has answered.")).to_be_visible()
    expect(blair.get_by_text("Only with friends around")).to_have_count(0)
    _answer(blair, "OK", "OK")
    expect(
        blair.get_by_text("You have both answered. Here is everything side by side.")
    ).to_be_visible()
    expect(blair.get_by_text("“Only with friends around”")).to_be_visible()
    expect(blair.get_by_text("It depends on: In a group, not one-on-one")).to_be_visible()
    assert_accessible(blair)
    assert blair.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    alex.reload()
    expect(alex.get_by_role("heading", name="What becomes of it?")).to_be_visible()
    alex.get_by_role("button", name="Renew it").click()
    expect(
        alex.get_by_text("Renewed. The boundary stays in force for both of you.")
    ).to_be_visible()
    assert_accessible(alex)
