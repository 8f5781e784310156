"""The article page and the home page in the system Chromium, at phone and desktop widths.

Playwright drives Debian's /usr/bin/chromium (no downloaded browser). Screenshots go
to test-artifacts/ for a person to look at.
"""

import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import get_commands

from tests.conftest import SEED_PAGE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = Path(os.environ.get("DAYUAN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WIDTHS = (375, 1280)


@pytest.fixture
def browser(transactional_db, live_server):
    """Chromium, started after the test's data is written and stopped before it is flushed:
    Playwright's event loop must not be running while Django's ORM works in this thread."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (install Debian's chromium and fonts-noto-cjk, "
                    "or run `make browser-deps` as root; DAYUAN_CHROMIUM names another binary)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def article_url(request, base_data):
    """The seed article when the seed and the importer are there, else a demo article."""
    cache.clear()
    if SEED_PAGE.exists() and "import" in get_commands():
        return request.getfixturevalue("seed_article").get_absolute_url()
    from dayuan.portal.demo import FIRST_DEMO_ID, load_demo

    load_demo()
    from dayuan.news.models import Article

    return Article.objects.get(pk=FIRST_DEMO_ID).get_absolute_url()


def open_page(browser, url, width):
    """Load `url` at `width` px; returns the page and the problems the browser reported."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems = []
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url} {req.failure}"))
    page.on("response", lambda response: problems.append(f"HTTP {response.status}: {response.url}")
            if response.status >= 400 else None)
    response = page.goto(url, wait_until="load")
    assert response.status == 200, url
    return page, problems


def check_page(browser, url, name):
    ARTIFACTS.mkdir(exist_ok=True)
    for width in WIDTHS:
        page, problems = open_page(browser, url, width)
        try:
            path = ARTIFACTS / f"{name}-{width}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 10_000
            assert problems == [], (width, problems)
            scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
            inner_width = page.evaluate("window.innerWidth")
            assert scroll_width <= inner_width, f"horizontal scroll at {width}px: {scroll_width} > {inner_width}"
            # The stylesheet really applied (served by this server, not missing).
            assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") \
                == "rgb(168, 22, 27)"
            yield page, width
        finally:
            page.close()


def test_article_page_reads_at_phone_and_desktop_width(article_url, live_server, browser):
    for page, width in check_page(browser, live_server.url + article_url, "article"):
        headline = page.locator("h1.article-title")
        assert headline.is_visible()
        box = headline.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert page.locator(".comment-form img.captcha").evaluate("img => img.complete && img.naturalWidth > 0")
        assert page.locator(".like-button").first.is_visible()
        body_font = page.locator(".article-body p").first.evaluate("p => getComputedStyle(p).fontSize")
        assert float(body_font.rstrip("px")) >= 16


@pytest.fixture
def demo(base_data):
    from dayuan.portal.demo import load_demo

    cache.clear()
    load_demo()


def test_home_page_reads_at_phone_and_desktop_width(demo, live_server, browser):
    for page, width in check_page(browser, live_server.url + "/", "home"):
        columns = page.locator(".city-grid").evaluate("grid => getComputedStyle(grid).gridTemplateColumns")
        assert len(columns.split()) == (1 if width < 640 else 3)
        assert page.locator(".city-block").count() == 11
