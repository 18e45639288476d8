"""Browser tests: Debian's Chromium driven by Playwright against the live test server.

Locally, without a Chromium, they are skipped with a reason; in CI (CI=true) a missing
browser is a failure, never a skip.
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.seeded import restore_seeded_rows

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
E2E_DIR = Path(__file__).parent

# Playwright's sync API keeps an event loop running in this thread, which Django takes for
# async code; the ORM calls these tests make are plain synchronous ones. (Tests that start
# servers in subprocesses drop this variable again.)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI must run the browser tests, but {CHROMIUM} is missing.")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: apt-get install chromium")
    for item in items:
        if E2E_DIR in Path(item.fspath).parents:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _catalog(transactional_db):
    """Put the seeded catalog back after earlier transactional tests emptied the tables.

    Django's serialized rollback cannot do it here: with Playwright's event loop running,
    the test gets a fresh connection object that lacks the serialized copy.
    """
    restore_seeded_rows()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


_axe = Axe()


@pytest.fixture
def assert_accessible():
    """Run axe-core on the page as it is now: no serious or critical violations."""

    def check(page):
        results = _axe.run(page)
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(node["target"]) for node in v["nodes"][:3])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, f"{page.url}: " + "; ".join(bad)

    return check


@pytest.fixture(autouse=True)
def _no_content_security_policy_violations(request):
    """Whatever a browser test does, the page never trips the Content-Security-Policy: a
    blocked style or script would break a page silently for real people."""
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    refused = []
    original = browser.new_context

    def new_context(*args, **kwargs):
        context = original(*args, **kwargs)
        context.on(
            "console",
            lambda message: (
                refused.append(f"{message.location.get('url')}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return context

    browser.new_context = new_context
    try:
        yield
    finally:
        browser.new_context = original
    assert not refused, "\n".join(refused)
