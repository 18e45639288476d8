"""Passkeys in a real Chromium, with a virtual authenticator (the DevTools protocol's WebAuthn
domain) standing in for a phone's fingerprint: add one under Account, log out, log in with
it; for a therapist, a passkey is the second factor that opens client data."""

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import sign_in
from tests.factories import PASSWORD, connect_therapist, make_therapist

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def with_authenticator(page):
    """A platform authenticator that keeps passkeys and verifies the person (a PIN, a face)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def add_passkey(page, base, name):
    page.goto(f"{base}/accounts/2fa/")
    page.get_by_role("link", name="Add a passkey").click()
    if "/reauthenticate/" in page.url:  # adding a way in asks for the password again
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    page.get_by_label("A name, so you can tell it apart").fill(name)
    page.get_by_role("button", name="Make the passkey").click()


def log_out(page):
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out").click()


def test_add_a_passkey_and_log_in_with_it(live_server, browser, assert_accessible, partner_a):
    base = live_server.url
    page = sign_in(browser.new_context(viewport=PHONE).new_page(), base, partner_a.email)
    cdp, authenticator = with_authenticator(page)
    page.goto(f"{base}/accounts/2fa/webauthn/add/")
    assert_accessible(page)
    add_passkey(page, base, "My phone")
    # The first passkey comes with recovery codes, for a lost phone.
    expect(page.get_by_text("Your passkey is added.")).to_be_visible()
    page.goto(f"{base}/accounts/2fa/webauthn/")
    expect(page.get_by_role("heading", name="My phone")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    found = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    [credential] = found["credentials"]
    assert credential["isResidentCredential"]  # a passkey: it logs in without a password

    log_out(page)
    page.goto(f"{base}/accounts/login/")
    page.get_by_role("button", name="Log in with a passkey").click()
    expect(page.get_by_role("heading", name=f"Hello, {partner_a.name}")).to_be_visible()

    # With the password, the passkey is the second step.
    log_out(page)
    sign_in(page, base, partner_a.email)
    expect(page.get_by_role("heading", name="The second step")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Use my passkey").click()
    expect(page.get_by_role("heading", name=f"Hello, {partner_a.name}")).to_be_visible()


def test_a_therapists_passkey_is_the_second_factor(
    live_server, browser, assert_accessible, couple, partner_a
):
    therapist = make_therapist("dr.key@example.com", mfa=False, name="Dr. Kim Key")
    connect_therapist(therapist, couple)
    base = live_server.url
    page = sign_in(browser.new_context(viewport=PHONE).new_page(), base, therapist.email)
    with_authenticator(page)
    add_passkey(page, base, "Office laptop")
    expect(page.get_by_text("Your passkey is added.")).to_be_visible()
    page.goto(f"{base}/therapist/")
    expect(page.get_by_role("link", name="Alex & Blair")).to_be_visible()

    # A later session that logs in with the passkey alone sees client data at once.
    log_out(page)
    page.goto(f"{base}/accounts/login/")
    page.get_by_role("button", name="Log in with a passkey").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"{base}/therapist/")
    expect(page.get_by_role("link", name="Alex & Blair")).to_be_visible()
    assert_accessible(page)
