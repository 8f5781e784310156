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
        pytest.skip(
            f"Chromium not found at {CHROMIUM} (install Debian's chromium and fonts-noto-cjk, "
            "or run `make browser-deps` as root; DAYUAN_CHROMIUM names another binary)"
        )
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
    page.on(
        "console",
        lambda message: problems.append(f"console {message.type}: {message.text}") if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    # ERR_ABORTED is the browser cancelling a request itself when the test navigates on
    # (an admin form's icons still loading): not a failure of the site; missing files are 404s below.
    page.on(
        "requestfailed",
        lambda req: (
            problems.append(f"request failed: {req.url} {req.failure}")
            if "ERR_ABORTED" not in (req.failure or "")
            else None
        ),
    )
    page.on(
        "response",
        lambda response: problems.append(f"HTTP {response.status}: {response.url}") if response.status >= 400 else None,
    )
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
            assert (
                page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
                == "rgb(168, 22, 27)"
            )
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


def above_the_fold_links(page):
    """The article addresses the top blocks and the two lists point to, one per item."""
    return page.evaluate("""() => Array.from(document.querySelectorAll(
        '.slide > a, .headline h3 a, .home-top a.item-title, .home-grid .block:not(.hot-list) a.item-title'))
        .map(a => new URL(a.href).pathname)""")


def test_home_shows_slides_and_list_pictures(demo, live_server, browser):
    """The 幻灯 strip and list thumbnails show real pictures; each story appears once up top."""
    for page, _width in check_page(browser, live_server.url + "/", "home-pictures"):
        first_slide = page.locator(".slide img").first
        assert first_slide.evaluate("img => img.complete && img.naturalWidth > 0")
        assert first_slide.bounding_box()["height"] > 150
        links = above_the_fold_links(page)
        assert len(links) > 10 and len(links) == len(set(links)), links
        thumbs = page.locator(".latest img.cover, .recommended img.cover")
        assert thumbs.count() >= 1
        for index in range(thumbs.count()):
            thumb = thumbs.nth(index)
            if not thumb.is_visible():
                continue
            thumb.scroll_into_view_if_needed()  # lazy pictures load when they come near
            page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())
            assert thumb.get_attribute("loading") == "lazy" and "w," in thumb.get_attribute("srcset")
        assert page.locator(".hot-list").count() == 0  # nobody read anything yet: no empty 最热
        assert "暂无。" not in page.content()


def test_slider_is_driven_by_buttons_and_keys(demo, live_server, browser):
    page, problems = open_page(browser, live_server.url + "/", 1280)
    try:
        dots = page.locator(".slider-dot")
        assert page.locator(".slider-controls").is_visible() and dots.count() >= 3
        assert page.locator(".slider-dot[aria-current]").count() == 1
        dots.nth(0).click()  # stops the auto-advance (it may have moved on while the page loaded)
        assert dots.nth(0).get_attribute("aria-current") == "true"
        page.locator(".slider-next").click()
        assert dots.nth(1).get_attribute("aria-current") == "true"
        page.wait_for_function("() => document.querySelector('.slider-track').scrollLeft > 100")
        page.locator(".slider-next").focus()
        page.keyboard.press("ArrowLeft")
        assert dots.nth(0).get_attribute("aria-current") == "true"
        page.keyboard.press("ArrowLeft")  # wraps round to the last slide
        assert dots.nth(dots.count() - 1).get_attribute("aria-current") == "true"
        assert problems == []
    finally:
        page.close()


def test_header_and_navigation_on_a_phone(demo, live_server, browser):
    """At 375 px the header stays short and the navigation is one row that scrolls sideways."""
    page, problems = open_page(browser, live_server.url + "/gsyl/", 375)
    try:
        assert page.locator(".site-header").bounding_box()["height"] <= 150
        nav = page.locator(".site-nav ul")
        assert nav.bounding_box()["height"] < 50
        assert nav.evaluate("ul => ul.scrollWidth > ul.clientWidth")
        current = page.locator(".site-nav a[aria-current]")
        assert current.count() == 1 and current.inner_text() == "各市一览"
        assert problems == []
    finally:
        page.close()


@pytest.fixture
def baked_article(article_url):
    """The article page as `dayuan bake` writes it (rendered before the browser starts)."""
    from dayuan.publish.render import Renderer

    return Renderer().render(article_url)


def test_baked_article_page_has_a_captcha_image_before_any_click(article_url, baked_article, live_server, browser):
    """The baked file carries no captcha of its own: the page fetches one as it loads."""
    baked = baked_article
    assert baked.status == 200 and b"/captcha/image//" not in baked.body
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 900})
        problems = []
        page.on("console", lambda m, problems=problems: problems.append(m.text) if m.type == "error" else None)
        page.on(
            "response",
            lambda r, problems=problems: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
        )
        # The browser gets the baked bytes for the page itself, everything else from the server.
        page.route(
            live_server.url + article_url,
            lambda route: route.fulfill(status=200, body=baked.body, content_type="text/html; charset=utf-8"),
        )
        try:
            page.goto(live_server.url + article_url, wait_until="load")
            captcha = page.locator(".comment-form img.captcha")
            page.wait_for_function(
                "() => /captcha\\/image\\/[0-9a-f]{40}\\/$/.test("
                "document.querySelector('.comment-form img.captcha').src)"
            )
            captcha.scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=captcha.element_handle())
            key = page.locator("input[name=captcha_0]").input_value()
            assert len(key) == 40 and key in captcha.get_attribute("src")
            page.locator(".comment-form").screenshot(path=str(ARTIFACTS / f"captcha-baked-{width}.png"))
            assert problems == [], problems
        finally:
            page.close()
