"""The settings and information pages in a real browser: they render under the strict
Content-Security-Policy (the autouse check in conftest.py fails on any refusal), pass axe,
and fit a phone screen."""

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PUBLIC = ["/", "/about/", "/privacy/", "/accounts/login/", "/accounts/signup/", "/therapists/"]
SIGNED_IN = [
    "/account/",
    "/account/data/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/sessions/",
    "/partner/therapist/",
    "/boundaries/",
]


def test_public_pages_render_cleanly(live_server, browser, assert_accessible):
    page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    for path in PUBLIC:
        page.goto(live_server.url + path)
        expect(page.get_by_role("link", name="Quick exit")).to_be_visible()
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path


def test_signed_in_settings_pages_render_cleanly(
    live_server, browser, assert_accessible, couple, partner_a
):
    page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    sign_in(page, live_server.url, partner_a.email)
    expect(page.get_by_role("heading", name="Start your first check-in")).to_be_visible()
    for path in SIGNED_IN:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path


def test_api_docs_load_under_the_policy(live_server, browser, settings):
    settings.DEBUG = True  # the browsable docs are for developers
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.get_by_text("Common Ground API").first).to_be_visible()
    expect(page.get_by_text("/api/v1/checkins/").first).to_be_visible()


@pytest.mark.parametrize("how", ["button", "escape"])
def test_quick_exit_ends_the_session_and_back_shows_nothing(live_server, browser, single, how):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    # No internet here: the site we leave for answers from a stub.
    context.route("https://www.wikipedia.org/**", lambda route: route.fulfill(body="Elsewhere"))
    page = sign_in(context.new_page(), live_server.url, single.email)
    page.goto(live_server.url + "/account/")
    if how == "button":
        page.get_by_role("link", name="Quick exit").click()
    else:
        for _ in range(3):
            page.keyboard.press("Escape")
    page.wait_for_url("https://www.wikipedia.org/**")
    page.go_back()
    # The page before is gone from the history, and the session has ended.
    expect(page.get_by_role("heading", name="Your name")).not_to_be_visible()
    fresh = context.new_page()
    fresh.goto(live_server.url + "/account/")
    expect(fresh).to_have_url(f"{live_server.url}/accounts/login/?next=/account/")
    context.close()
