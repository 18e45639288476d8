"""The page walk's crawler: every same-site page reachable from some start, opened in a
phone-sized browser and checked (no sideways scroll, controls of 44 px, no escaped HTML, no
library wording, axe)."""

import re
from collections import deque
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError

from tests.wording import leftovers

MAX_PAGES = 60
NEVER_FOLLOW = ("/admin/", "/static/", "/api/")

# The page's own measurements: what scrolls sideways and which controls are too small.
MEASURE = """() => {
  // Folded parts count too: open them before measuring.
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const small = [];
  for (const el of document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]')) {
    let box = el;
    if (el.matches('input[type=radio], input[type=checkbox]') && el.labels && el.labels.length)
      box = el.labels[0];
    const r = box.getBoundingClientRect();
    const style = getComputedStyle(box);
    if (!r.width || !r.height) continue;
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    if (el.tagName === 'A') {
      const block = el.closest('p, li, td, dd, figcaption');
      if (block && block.innerText.length > el.innerText.length * 2 + 20) continue;
    }
    if (r.height < 44 || r.width < 44) {
      const name = el.getAttribute('aria-label') || el.innerText || el.value || el.tagName;
      small.push(`${name.trim().slice(0, 40)} ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
  }
  return {
    wide: document.documentElement.scrollWidth > window.innerWidth,
    title: document.title,
    markup: [...document.querySelectorAll('[class*="<"], [id*="<"]')].length,
    small,
    text: document.body.innerText,
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
  };
}"""


def _shape(url):
    """Pages that differ only in an id or a token are one page to check in full."""
    parts = urlsplit(url)
    path = re.sub(r"/[0-9]+/", "/N/", parts.path)
    path = re.sub(r"/[A-Za-z0-9_:-]{16,}/", "/TOKEN/", path)
    query = sorted(key.split("=")[0] for key in parts.query.split("&") if key)
    return path, tuple(query)


def _problems(page, url, assert_accessible):
    seen = page.evaluate(MEASURE)
    found = []
    if seen["wide"]:
        found.append("scrolls sideways at 360 px")
    if "<" in seen["title"] or not seen["title"].strip() or seen["markup"]:
        found.append(f"markup where text belongs (title {seen['title']!r})")
    if seen["small"]:
        found.append("controls under 44 px: " + "; ".join(seen["small"][:5]))
    found += [f"shows {words!r}" for words in leftovers(seen["text"])]
    try:
        if assert_accessible is not None:
            assert_accessible(page)
    except AssertionError as error:
        found.append(str(error))
    return found, seen["links"]


def crawl(context, base, starts, assert_accessible, axe_skips=lambda path: False):
    """Visit every same-site page reachable from `starts`; {url: [problems]}. Pages whose
    path `axe_skips` are checked for all but axe."""
    page = context.new_page()
    # A link to a part of a page (…#agreement-3) is the page itself: it is fetched once.
    starts = list(dict.fromkeys(start.split("#")[0] for start in starts))
    queue, queued, checked = deque(starts), set(starts), set()
    report = {}
    while queue and len(checked) < MAX_PAGES:
        url = queue.popleft()
        response = _visit(page, context, url, checked)
        if response is not None and response.status >= 400:
            report[url] = [f"answers {response.status}"]
        if response is None or response.status >= 400:
            continue
        checked.add(_shape(page.url))
        axe = None if axe_skips(urlsplit(page.url).path) else assert_accessible
        found, links = _problems(page, page.url, axe)
        if found:
            report[page.url] = found
        for link in links:
            link = link.split("#")[0]
            followed = link.startswith(base) and not urlsplit(link).path.startswith(NEVER_FOLLOW)
            if followed and link not in queued:
                queued.add(link)
                queue.append(link)
    return report, checked


def _visit(page, context, url, checked):
    """Open `url` in the browser if it leads to a page not checked yet; None when there is
    nothing new to check there. A link like a page checked already (another id, another
    token) is only fetched, to see that it answers and where it leads."""
    if _shape(url) in checked:
        response = context.request.get(url)
        if response.status >= 400:
            return response
        if _shape(response.url) in checked or not _is_html(response):
            return None
    response = _open(page, context, url)
    if response.status >= 400:
        return response
    if not _is_html(response) or _shape(response.url) in checked:
        return None
    return response


def _is_html(response):
    return "text/html" in response.headers.get("content-type", "")


def _open(page, context, url):
    """The page opened in the browser; a download (the data export) is fetched instead."""
    try:
        return page.goto(url)
    except PlaywrightError as error:
        if "Download is starting" not in str(error):
            raise
        return context.request.get(url)
