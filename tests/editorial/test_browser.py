"""In a real browser: an editor writes an article with an image and submits it; a reviewer publishes it."""

import os
import re
import shutil
from urllib.parse import urlsplit

import pytest

from .conftest import jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = "/usr/bin/chromium"
TITLE = "浏览器里写的太原稿件"


@pytest.fixture
def browser(monkeypatch):
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        pytest.skip("chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls here are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def log_in(browser, live_server, username, hosts):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    return page


def test_editor_writes_reviewer_publishes(browser, live_server, users, media_root, tmp_path):
    from dayuan.news.models import Article

    picture = tmp_path / "现场.jpg"
    picture.write_bytes(jpeg_bytes((900, 600)))
    hosts = set()

    page = log_in(browser, live_server, "editor", hosts)
    page.goto(live_server.url + "/admin/news/article/add/")
    page.fill("#id_title", TITLE)
    page.select_option("#id_channel", label="各市一览")
    page.click(".field-region .select2-selection")  # the region picker searches as you type
    page.fill(".select2-search__field", "太原")
    page.click(".select2-results__option >> text=太原市")
    body = page.frame_locator("#id_body_ifr").locator("body")
    body.click()
    page.keyboard.type("太原今天召开新闻发布会，介绍城市更新进展。")
    assert page.evaluate("tinymce.majorVersion + '.' + tinymce.minorVersion") == "6.8.6"  # MIT, not 7 (GPL)
    page.click("button[aria-label='插入/编辑图片']")
    page.click(".tox-dialog .tox-tab >> text=上传")
    page.set_input_files(".tox-dialog input[type=file]", str(picture))
    # A locator, not wait_for_function: the page's CSP forbids the eval that one needs.
    sync_api = pytest.importorskip("playwright.sync_api")
    sync_api.expect(page.locator(".tox-dialog input.tox-textfield").first).to_have_value(re.compile("/media/"))
    page.click(".tox-dialog__footer button:has-text('保存')")
    page.click("input[name=_continue]")
    page.wait_for_selector(".editorial-workflow")
    article = Article.objects.get(title=TITLE)
    assert article.status == "draft" and "/media/editorial/" in article.body and "srcset" in article.body
    page.click("button[value=submit]")
    page.wait_for_selector("text=已提交审核。")
    assert page.locator("button[value=publish]").count() == 0

    page = log_in(browser, live_server, "reviewer", hosts)
    page.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
    page.click("button[value=publish]")
    page.wait_for_selector("text=已发布。")
    article.refresh_from_db()
    assert article.status == "published"

    page.goto(live_server.url + "/")
    assert page.locator(f"a >> text={TITLE}").count() >= 1
    page.goto(live_server.url + "/region/taiyuan/")
    page.click(f"a >> text={TITLE}")
    image = page.locator(".article-body img")
    assert image.count() == 1
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    own = urlsplit(live_server.url).netloc
    assert hosts == {own}, f"requests left the site: {hosts - {own}}"
