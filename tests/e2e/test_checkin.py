"""Both partners answer and submit a check-in: Alex with a mouse on a laptop, Blair on a
360 px phone with the keyboard alone."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from assessments.models import Answer, CheckIn
from tests.e2e.pages import sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, base, user):
    sign_in(page, base, user.email)


def focused(page) -> dict:
    return page.evaluate(
        """() => { const el = document.activeElement; return {
            tag: el.tagName, type: el.type || "", name: el.name || "", id: el.id || "",
            text: (el.innerText || el.value || "").trim(),
            groupChecked: el.type === "radio"
                ? !!document.querySelector(`input[name="${el.name}"]:checked`) : false,
        }; }"""
    )


def tab_until(page, wanted, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if wanted(element):
            return element
    raise AssertionError("the keyboard never reached it")


def test_both_partners_fill_in_and_submit(
    live_server, browser, assert_accessible, couple, partner_a, partner_b
):
    base = live_server.url

    # Alex starts the check-in and answers with the mouse; a note too.
    alex = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(alex, base, partner_a)
    alex.get_by_role("button", name="Start a check-in").click()
    expect(alex.get_by_role("heading", name="Your check-in")).to_be_visible()
    assert_accessible(alex)
    items = alex.locator("fieldset.item")
    total = items.count()
    assert total == 14
    for index in range(total):
        item = items.nth(index)
        item.get_by_role("group", name="If I did this").locator("label", has_text="Not OK").click()
        partner_group = item.get_by_role("group", name="If my partner did this")
        partner_group.locator("label", has_text="It depends").click()
    # A chosen answer is still called by its word: the tick beside it is decoration.
    chosen = items.first.get_by_role("group", name="If I did this")
    expect(chosen.get_by_role("radio", name="Not OK", exact=True)).to_be_checked()
    items.first.get_by_label("Note (optional)").fill("Depends on who it is")
    expect(alex.locator("[data-answered]")).to_have_text(str(total))
    # Autosave has stored the answers before any button is pressed.
    expect(items.first.locator("[data-save-state]")).to_have_text("Saved")
    alex.get_by_role("button", name="Submit my answers").click()
    # The private check comes first: Alex answers it, and nothing is of concern.
    expect(alex.get_by_role("heading", name="Before you submit: a private check")).to_be_visible()
    assert_accessible(alex)
    for group in alex.locator("fieldset.safety-question").all():
        group.locator("label", has_text="No").first.click()
    alex.get_by_role("button", name="Continue").click()
    expect(alex.get_by_role("heading", name="Your answers are in")).to_be_visible()
    expect(alex.get_by_text("Waiting for Blair")).to_be_visible()
    assert_accessible(alex)

    # Blair, on a phone, uses only the keyboard: Tab to each rating group, Space to choose.
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    blair = phone.new_page()
    blair.goto(f"{base}/accounts/login/")
    tab_until(blair, lambda el: el["id"] == "id_login")
    blair.keyboard.type(partner_b.email)
    blair.keyboard.press("Tab")
    blair.keyboard.type(PASSWORD)
    blair.keyboard.press("Enter")
    expect(blair.get_by_role("heading", name="Hello, Blair")).to_be_visible()
    tab_until(blair, lambda el: el["text"] in ("Start answering", "Continue where you left off"))
    # The page's own clock is the test's from here, so that the moment's wait before the
    # next behavior passes at once (the wait itself is the page's: 600 ms).
    blair.clock.install()
    blair.keyboard.press("Enter")
    expect(blair.get_by_role("heading", name="Your check-in")).to_be_visible()
    assert_accessible(blair)

    # On a phone one behavior shows at a time: once both answers are in, it moves on by
    # itself (focus with it), as a person waits a moment to see the next one.
    chosen = 0
    while chosen < 2 * total:
        tab_until(blair, lambda el: el["type"] == "radio" and not el["groupChecked"])
        blair.keyboard.press("Space")
        chosen += 1
        if chosen % 2 == 0 and chosen < 2 * total:
            blair.clock.run_for(600)
            expect(blair.locator("fieldset.item-current")).to_be_focused()
    expect(blair.locator("[data-answered]")).to_have_text(str(total))
    tab_until(blair, lambda el: el["text"] == "Submit my answers")
    blair.keyboard.press("Enter")
    # Blair skips the private check, with the keyboard too.
    expect(blair.get_by_role("heading", name="Before you submit: a private check")).to_be_visible()
    tab_until(blair, lambda el: el["text"] == "Skip this and submit")
    blair.keyboard.press("Enter")
    expect(blair.get_by_role("heading", name="You have both finished")).to_be_visible()
    assert blair.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(blair)

    checkin = CheckIn.objects.get()
    assert checkin.completed_at is not None
    assert Answer.objects.filter(user=partner_a, if_i_do="not_ok").count() == total
    assert (
        Answer.objects.filter(user=partner_b, if_i_do="ok", if_partner_does="ok").count() == total
    )
    ready = [m.to[0] for m in mail.outbox if "comparison is ready" in m.body]
    assert sorted(ready) == sorted([partner_a.email, partner_b.email])

    alex.goto(f"{base}/")
    expect(alex.get_by_role("heading", name="You have both finished your check-in")).to_be_visible()


def test_submitting_too_early_lists_what_is_missing(
    live_server, browser, assert_accessible, couple, partner_a
):
    page = browser.new_context().new_page()
    log_in(page, live_server.url, partner_a)
    page.get_by_role("button", name="Start a check-in").click()
    page.get_by_role("button", name="Submit my answers").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Answer every behavior twice")
    first_missing = alert.get_by_role("link").first
    expect(first_missing).to_be_visible()
    assert_accessible(page)
    first_missing.click()
    assert page.url.split("#")[1].startswith("item-")


def test_on_a_phone_one_behavior_at_a_time(
    live_server, browser, assert_accessible, checkin, partner_a
):
    page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    log_in(page, live_server.url, partner_a)
    page.goto(f"{live_server.url}/checkins/{checkin.pk}/")
    items = page.locator("fieldset.item")
    expect(items.first).to_be_visible()
    expect(items.nth(1)).to_be_hidden()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    first_id = items.first.get_attribute("id")

    # Both answers given: on to the next one, which has the focus.
    current = page.locator("fieldset.item-current")
    current.get_by_role("group", name="If I did this").locator("label", has_text="Not OK").click()
    current.get_by_role("group", name="If my partner did this").locator(
        "label", has_text="OK"
    ).first.click()
    expect(items.nth(1)).to_be_visible()
    expect(items.first).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == items.nth(1).get_attribute("id")
    expect(page.locator("[data-answered]")).to_have_text("1")

    # "It depends" leaves room for a note: no moving on until Next.
    current = page.locator("fieldset.item-current")
    current.get_by_role("group", name="If I did this").locator(
        "label", has_text="It depends"
    ).click()
    current.get_by_role("group", name="If my partner did this").locator(
        "label", has_text="Not OK"
    ).click()
    current.get_by_label("Note (optional)").fill("Only if I know them")
    page.wait_for_timeout(800)
    expect(items.nth(1)).to_be_visible()
    # The note saves a moment after typing stops.
    saved_note = Answer.objects.filter(checkin=checkin, user=partner_a, note="Only if I know them")
    for _ in range(50):
        if saved_note.exists():
            break
        page.wait_for_timeout(100)
    expect(current.locator("[data-save-state]")).to_have_text("Saved")
    page.get_by_role("button", name="Previous").click()
    expect(items.first).to_be_visible()
    page.get_by_role("button", name="Next", exact=True).click()
    expect(items.nth(1)).to_be_visible()

    # Saved as it went, and the whole list is a tap away.
    saved = Answer.objects.filter(checkin=checkin, user=partner_a)
    assert {a.behavior_id for a in saved} == {
        int(first_id.split("-")[1]),
        int(items.nth(1).get_attribute("id").split("-")[1]),
    }
    assert saved.get(note="Only if I know them").if_i_do == "depends"
    page.get_by_role("button", name="Show the whole list").click()
    expect(items.nth(5)).to_be_visible()
    page.reload()
    expect(items.nth(5)).to_be_visible()  # the choice holds for this visit


def test_on_a_laptop_the_whole_list(live_server, browser, checkin, partner_a):
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    log_in(page, live_server.url, partner_a)
    page.goto(f"{live_server.url}/checkins/{checkin.pk}/")
    expect(page.locator("fieldset.item").nth(5)).to_be_visible()
    expect(page.get_by_role("button", name="Show the whole list")).to_be_hidden()
    expect(page.get_by_role("button", name="Previous")).to_be_hidden()


def test_a_refused_save_says_why_in_the_servers_words(live_server, browser, checkin, partner_a):
    """Answers locked in another tab: the next change is refused, and the page says so
    beside the behavior and above the progress bar, in the words the API sent."""
    from assessments import services
    from tests.factories import fill_survey

    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    log_in(page, live_server.url, partner_a)
    page.goto(f"{live_server.url}/checkins/{checkin.pk}/")
    first = page.locator("fieldset.item").first
    expect(first).to_be_visible()
    fill_survey(checkin, partner_a)
    services.checkin_submit(user=partner_a, checkin=checkin)

    first.get_by_role("group", name="If I did this").locator("label", has_text="Not OK").click()
    state = first.locator("[data-save-state]")
    expect(state).to_contain_text("your answers are locked")
    expect(state).to_have_attribute("role", "alert")
