"""Taking turns on one card, on two devices: each sees whose turn it is within a few seconds,
without reloading; a break shows on both and keeps the place."""

import pytest
from playwright.sync_api import expect

from tests.assessments.conftest import answer_all
from tests.e2e.pages import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_two_devices_see_the_same_turn(
    live_server, browser, assert_accessible, checkin, partner_a, partner_b
):
    from assessments import selectors

    ids = selectors.behavior_ids(checkin)
    answer_all(checkin, partner_a, {ids[0]: ("ok", "ok")})
    answer_all(checkin, partner_b, {ids[0]: ("not_ok", "not_ok")})
    url = f"{live_server.url}/checkins/{checkin.pk}/talk/?card=1"
    alex = sign_in(browser.new_context(viewport={"width": 1280, "height": 800}).new_page(),
                   live_server.url, partner_a.email)  # fmt: skip
    blair = sign_in(browser.new_context(viewport={"width": 360, "height": 740}).new_page(),
                    live_server.url, partner_b.email)  # fmt: skip
    # Each page's clock is the test's: a few seconds pass on it at once (the page itself asks
    # every 3 s what changed).
    for page in (alex, blair):
        page.clock.install()
        page.goto(url)
        expect(page.get_by_role("heading", name="Taking turns")).to_be_visible()

    alex.get_by_role("button", name="Alex speaks first").click()
    expect(alex.get_by_text("Turn 1: Alex speaks, Blair listens.")).to_be_visible()
    expect(alex.get_by_role("button", name="Start the timer")).to_be_visible()
    # Blair's phone follows without a reload.
    blair.clock.run_for(3000)
    expect(blair.get_by_text("Turn 1: Alex speaks, Blair listens.")).to_be_visible(timeout=8000)
    assert_accessible(blair)
    assert blair.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    blair.get_by_role("button", name="Swap: Blair speaks").click()
    expect(blair.get_by_text("Turn 2: Blair speaks, Alex listens.")).to_be_visible()
    alex.clock.run_for(3000)
    expect(alex.get_by_text("Turn 2: Blair speaks, Alex listens.")).to_be_visible(timeout=8000)

    # A break, on both, and back to the same place.
    alex.get_by_label("Need a break? Come back in").select_option("30")
    alex.get_by_role("button", name="We need a break").click()
    expect(alex.get_by_text("You are taking a break until")).to_be_visible()
    blair.clock.run_for(3000)
    expect(blair.get_by_text("You are taking a break until")).to_be_visible(timeout=8000)
    blair.get_by_role("button", name="We are back").click()
    expect(blair.get_by_text("Turn 2: Blair speaks, Alex listens.")).to_be_visible()

    # What was saved on the card still saves after the turns changed its version.
    alex.reload()
    alex.get_by_label("We talked about this").check()
    alex.get_by_role("button", name="Save and see what you talked about").click()
    expect(alex.get_by_text("Saved for both of you.")).to_be_visible()
