"""A real journey: two people sign up, one invites, the other accepts, both see the link."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD as FACTORY_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a calm evening walk"


def fill_in_sign_up(page, base_url, *, email, name, check=None):
    page.goto(f"{base_url}/accounts/signup/")
    if check:
        check(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Your first name").fill(name)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up", exact=True).click()


def sign_up(page, base_url, *, email, name, check):
    fill_in_sign_up(page, base_url, email=email, name=name, check=check)
    expect(page.get_by_role("heading", name=f"Hello, {name}")).to_be_visible()
    check(page)


def test_two_people_sign_up_and_link(live_server, browser, assert_accessible):
    base = live_server.url
    alex = browser.new_context().new_page()
    sign_up(alex, base, email="alex@example.com", name="Alex", check=assert_accessible)

    alex.get_by_role("link", name="Invite your partner").first.click()
    expect(alex.get_by_role("heading", name="Invite your partner")).to_be_visible()
    assert_accessible(alex)
    alex.get_by_role("button", name="Create the invitation").click()
    code = alex.locator(".code-display .code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", code)
    assert_accessible(alex)

    # Blair is on a small phone, types the code the way people do: lower case, spaces.
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    blair = phone.new_page()
    sign_up(blair, base, email="blair@example.com", name="Blair", check=assert_accessible)
    blair.get_by_role("link", name="I have a code").click()
    assert_accessible(blair)
    blair.get_by_label("Invitation code").fill(" " + code.lower().replace("-", " ") + " ")
    blair.get_by_role("button", name="Accept and link").click()
    # Linked, and straight on to the next step: the first check-in.
    expect(blair.get_by_text("You are now linked with Alex.")).to_be_visible()
    expect(blair.get_by_role("heading", name="Start your first check-in")).to_be_visible()
    assert_accessible(blair)
    no_sideways_scroll = blair.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_sideways_scroll

    alex.goto(f"{base}/partner/")
    expect(alex.get_by_role("heading", name="You are linked with Blair")).to_be_visible()


def test_bad_code_is_explained_and_unlink_is_confirmed(
    live_server, browser, assert_accessible, couple, partner_a
):
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill(partner_a.email)
    page.get_by_label("Password").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", name="Start your first check-in")).to_be_visible()

    page.goto(f"{live_server.url}/partner/")
    page.get_by_role("link", name="Unlink from your partner").click()
    expect(page.get_by_role("heading", name="Unlink from Blair?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, unlink now").click()
    expect(page.get_by_text("You are unlinked")).to_be_visible()

    page.goto(f"{live_server.url}/partner/join/")
    page.get_by_label("Invitation code").fill("nothing-like-it")
    page.get_by_role("button", name="Accept and link").click()
    expect(page.get_by_role("alert")).to_contain_text("could not find an invitation")
    assert_accessible(page)


def test_keyboard_reaches_the_invitation_and_focus_is_visible(
    live_server, browser, assert_accessible, single
):
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(single.email)
    page.get_by_label("Password").fill(FACTORY_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Hello, Sam")).to_be_visible()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_sign_up_confirms_the_address_first_and_hides_who_has_an_account(
    live_server, browser, assert_accessible, settings, mailoutbox, single
):
    """As in production and `make run`: a confirmation link before the first login, and
    signing up with an address in use looks exactly like any other sign-up."""
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    base = live_server.url

    def sign_up_and_see(page, email):
        fill_in_sign_up(page, base, email=email, name="Robin")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        return page.get_by_role("main").inner_text().replace(email, "<email>")

    newcomer = browser.new_context().new_page()
    said_to_newcomer = sign_up_and_see(newcomer, "robin@example.com")
    assert_accessible(newcomer)
    said_to_prober = sign_up_and_see(browser.new_context().new_page(), single.email)
    assert said_to_prober == said_to_newcomer

    # The newcomer's mail has a confirmation link; the owner of the taken address is told.
    by_address = {message.to[0]: message.body for message in mailoutbox}
    assert "account" in by_address[single.email].lower()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", by_address["robin@example.com"])
    newcomer.goto(link.group(0).replace("http://testserver", base))
    assert_accessible(newcomer)
    newcomer.get_by_role("button", name="Confirm").click()
    expect(newcomer.get_by_role("heading", name="Hello, Robin")).to_be_visible()
