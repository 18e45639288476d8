"""The core journey in Spanish and in German, on a 360 px phone whose browser speaks it:
log in, start a check-in, answer, the private check, wait, read the comparison, talk a card
through and propose a boundary; every page in that language, fitting the screen (German
words are long) and passing axe."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from assessments import selectors, services
from assessments.models import CheckIn
from boundaries.models import Behavior, User
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def words(language, english):
    with translation.override(language):
        return translation.gettext(english)


def looks_right(page, language, assert_accessible):
    assert page.locator("html").get_attribute("lang") == language
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url
    assert_accessible(page)


@pytest.mark.parametrize("language", ["es", "de"])
def test_the_core_journey_in_the_browsers_language(
    live_server, browser, assert_accessible, couple, partner_a, partner_b, language
):
    def say(english):
        return words(language, english)

    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=language)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    looks_right(page, language, assert_accessible)
    page.locator("input[name=login]").fill(partner_a.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name=say("Log in"), exact=True).click()
    # The account keeps the language the person came in.
    hello = say("Hello, %(name)s") % {"name": "Alex"}
    expect(page.get_by_role("heading", name=hello)).to_be_visible()
    assert User.objects.get(pk=partner_a.pk).language == language
    looks_right(page, language, assert_accessible)

    page.get_by_role("button", name=say("Start a check-in")).click()
    expect(page.get_by_role("heading", name=say("Your check-in"))).to_be_visible()
    looks_right(page, language, assert_accessible)
    checkin = CheckIn.objects.get(couple=couple, completed_at=None)
    ids = selectors.behavior_ids(checkin)
    # The catalog speaks the language too: the first behavior on screen is in it.
    shown_first = page.locator("fieldset.item-current").get_attribute("id")
    first = Behavior.objects.get(pk=int(shown_first.removeprefix("item-")))
    title = getattr(first, f"title_{language}")
    expect(page.locator("fieldset.item-current .item-title")).to_have_text(title)
    # All but the first are answered elsewhere; this one on the phone, with the page's words.
    services.answers_save(
        user=partner_a,
        checkin=checkin,
        answers=[
            {"behavior": pk, "if_i_do": "ok", "if_partner_does": "ok"}
            for pk in ids
            if pk != first.pk
        ],
    )
    page.reload()
    current = page.locator(f"#item-{first.pk}")
    current.get_by_role("group", name=say("If I did this")).locator(
        "label", has_text=say("Not OK")
    ).click()
    current.get_by_role("group", name=say("If my partner did this")).locator(
        "label", has_text=say("It depends")
    ).click()
    expect(current.locator("[data-save-state]")).to_have_text(say("Saved"))
    page.get_by_role("button", name=say("Submit my answers")).click()

    expect(
        page.get_by_role("heading", name=say("Before you submit: a private check"))
    ).to_be_visible()
    looks_right(page, language, assert_accessible)
    page.get_by_role("button", name=say("Skip this and submit")).click()
    expect(page.get_by_role("heading", name=say("Your answers are in"))).to_be_visible()
    looks_right(page, language, assert_accessible)

    # Blair answers too; Alex reads the comparison and talks the first card through.
    services.answers_save(
        user=partner_b,
        checkin=checkin,
        answers=[{"behavior": pk, "if_i_do": "not_ok", "if_partner_does": "ok"} for pk in ids],
    )
    services.checkin_submit(user=partner_b, checkin=checkin)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=say("Read your comparison")).click()
    expect(
        page.get_by_role("heading", name=say("Where you meet, and where you differ"))
    ).to_be_visible()
    looks_right(page, language, assert_accessible)
    page.get_by_role("link", name=say("Talk it through, one card at a time")).click()
    looks_right(page, language, assert_accessible)
    page.get_by_label(say("We talked about this")).check()
    saving = [say("Save and go to the next card"), say("Save and see what you talked about")]
    page.get_by_role("button", name=re.compile("|".join(map(re.escape, saving)))).click()
    expect(page.get_by_text(say("Saved for both of you."))).to_be_visible()
    looks_right(page, language, assert_accessible)

    page.goto(f"{live_server.url}/boundaries/propose/")
    expect(page.get_by_role("heading", name=say("Propose a boundary"))).to_be_visible()
    looks_right(page, language, assert_accessible)
    context.close()
