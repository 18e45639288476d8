"""One partner proposes a boundary from a conversation card; the other accepts it."""

import pytest
from playwright.sync_api import expect

from assessments import selectors, services
from tests.e2e.pages import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(browser, base, user):
    return sign_in(browser.new_context().new_page(), base, user.email)


def test_propose_from_a_card_and_accept(
    live_server, browser, assert_accessible, couple, partner_a, partner_b
):
    checkin = services.checkin_start(user=partner_a)
    ids = selectors.behavior_ids(checkin)
    for person, first in ((partner_a, "ok"), (partner_b, "not_ok")):
        answers = [{"behavior": pk, "if_i_do": "ok", "if_partner_does": "ok"} for pk in ids]
        answers[0].update(if_i_do=first, if_partner_does=first)
        services.answers_save(user=person, checkin=checkin, answers=answers)
        services.checkin_submit(user=person, checkin=checkin)

    alex = log_in(browser, live_server.url, partner_a)
    alex.goto(f"{live_server.url}/checkins/{checkin.pk}/talk/")
    alex.get_by_role("link", name="Agree on a boundary for this").click()
    expect(alex.get_by_role("heading", name="Propose a boundary")).to_be_visible()
    assert_accessible(alex)
    alex.get_by_label("OK with conditions").check()
    alex.get_by_label("Conditions", exact=True).fill("Only if we tell each other")
    alex.get_by_role("button", name="Propose").click()
    expect(alex.get_by_role("heading", name="Waiting for Blair")).to_be_visible()
    assert_accessible(alex)

    blair = log_in(browser, live_server.url, partner_b)
    expect(blair.get_by_role("heading", name="Alex proposed a boundary")).to_be_visible()
    expect(blair.get_by_role("link", name="Our boundaries 1 waiting for you")).to_be_visible()
    blair.get_by_role("link", name="Review the proposal").click()
    assert_accessible(blair)
    blair.get_by_role("button", name="Accept").click()
    expect(blair.get_by_text("now in force for both of you")).to_be_visible()
    in_force = blair.locator("section", has=blair.get_by_role("heading", name="In force"))
    expect(in_force).to_contain_text("Only if we tell each other")

    alex.goto(f"{live_server.url}/boundaries/")
    in_force = alex.locator("section", has=alex.get_by_role("heading", name="In force"))
    expect(in_force).to_contain_text("Only if we tell each other")
    expect(in_force).to_contain_text("accepted by Blair")
