"""A therapist signs up, turns on TOTP, invites a couple; both consent; the therapist reads
the report; one partner revokes and the therapist can no longer open it."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from playwright.sync_api import expect

from assessments import selectors, services
from tests.e2e.pages import sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def totp_now(secret: str, step: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


def log_in(browser, base, email):
    return sign_in(browser.new_context().new_page(), base, email)


def confirm_password_if_asked(page):
    if "/reauthenticate/" in page.url:
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()


def test_therapist_journey(live_server, browser, assert_accessible, couple, partner_a, partner_b):
    base = live_server.url
    checkin = services.checkin_start(user=partner_a)
    ids = selectors.behavior_ids(checkin)
    for person in (partner_a, partner_b):
        answers = [{"behavior": pk, "if_i_do": "ok", "if_partner_does": "ok"} for pk in ids]
        services.answers_save(user=person, checkin=checkin, answers=answers)
        services.checkin_submit(user=person, checkin=checkin)

    # The therapist signs up on their own path and fills in a profile.
    dr = browser.new_context().new_page()
    dr.goto(f"{base}/therapists/")
    assert_accessible(dr)
    dr.get_by_role("button", name="Create a therapist account").click()
    dr.get_by_label("Email").fill("dr.kim@example.com")
    dr.get_by_label("Your first name").fill("Jo")
    dr.get_by_label("Password", exact=True).fill(PASSWORD)
    dr.get_by_label("Password (again)").fill(PASSWORD)
    dr.get_by_role("button", name="Sign up", exact=True).click()
    expect(dr.get_by_role("heading", name="Your professional profile")).to_be_visible()
    dr.get_by_label("Full name").fill("Dr. Jo Kim")
    dr.get_by_label("Credentials").fill("LMFT")
    dr.get_by_label("Practice").fill("Harbor Counseling")
    dr.get_by_label("Where licensed").fill("Oregon")
    dr.get_by_label("Contact email").fill("office@harbor.example")
    dr.get_by_role("button", name="Save profile").click()

    # No client data before two-factor authentication, which needs a verified address.
    expect(dr.get_by_role("heading", name="Turn on two-factor authentication")).to_be_visible()
    assert_accessible(dr)
    confirm = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    dr.goto(confirm)
    dr.get_by_role("button", name="Confirm").click()
    dr.goto(f"{base}/therapist/")
    dr.get_by_role("link", name="Set up an authenticator app").click()
    confirm_password_if_asked(dr)
    secret = dr.get_by_label("Authenticator secret").input_value()
    dr.get_by_label("Authenticator code").fill(totp_now(secret))
    dr.get_by_role("button", name="Turn it on").click()
    # The code just typed shows this session has the factor: on to the recovery codes, and
    # from there straight to the client couples.
    expect(dr.get_by_role("heading", name="Recovery codes")).to_be_visible()
    assert_accessible(dr)
    dr.get_by_role("link", name="Continue to your client couples").click()
    expect(dr.get_by_role("heading", name="Your client couples")).to_be_visible()
    assert_accessible(dr)
    dr.get_by_role("button", name="Make a client code").click()
    code = dr.locator(".notice-success").inner_text().split("code: ", 1)[1].split(".", 1)[0]

    # Alex enters the code, sees who it is, and consents (confirming the password).
    alex = log_in(browser, base, partner_a.email)
    alex.goto(f"{base}/partner/therapist/")
    alex.get_by_label("Your therapist's code").fill(code.lower())
    alex.get_by_role("button", name="Look it up").click()
    expect(alex.get_by_text("Dr. Jo Kim").first).to_be_visible()
    expect(alex.locator("main").get_by_text("not a diagnosis")).to_be_visible()
    assert_accessible(alex)
    alex.get_by_role("button", name="I consent").click()
    confirm_password_if_asked(alex)
    expect(alex.get_by_text("sees nothing until both of you consent")).to_be_visible()

    dr.goto(f"{base}/therapist/")
    expect(dr.get_by_text("No client couples yet")).to_be_visible()

    blair = log_in(browser, base, partner_b.email)
    blair.goto(f"{base}/partner/therapist/")
    blair.get_by_role("button", name="I consent").click()
    confirm_password_if_asked(blair)
    expect(blair.get_by_text("Can see your reports: both of you consented")).to_be_visible()

    # The therapist reads the report.
    dr.goto(f"{base}/therapist/")
    dr.get_by_role("link", name="Alex & Blair").click()
    assert_accessible(dr)
    dr.get_by_role("link", name="Open").first.click()
    expect(dr.get_by_role("heading", name="Where you meet, and where you differ")).to_be_visible()
    report_url = dr.url

    blair.reload()
    expect(blair.get_by_text("Dr. Jo Kim, LMFT · A check-in report")).to_be_visible()

    # Alex ends access; the therapist's next request is refused.
    alex.goto(f"{base}/partner/therapist/")
    alex.get_by_role("button", name="End access now").click()
    expect(alex.get_by_text("Access ended.").first).to_be_visible()
    response = dr.goto(report_url)
    assert response.status == 404
