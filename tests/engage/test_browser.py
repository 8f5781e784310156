"""The readers' voice flow in the system Chromium: comment, approve, like, complain, withdraw."""

import os
import re
import shutil

import pytest
from django.core.management.base import CommandError

from .conftest import make_article

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) and not shutil.which("chromium"),
        reason="the system Chromium is not installed (make browser-deps)",
    ),
]


@pytest.fixture
def flow_article(request, base_data):
    """The seed article when the importer is there, else an ORM-built one like it."""
    try:
        return request.getfixturevalue("seed_article")
    except (CommandError, pytest.skip.Exception):  # no `dayuan import` yet, or no shared/ seed page
        return make_article("增强区域经济竞争力 集聚高质量发展新动能")


@pytest.fixture
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def test_comment_approve_like_complain_withdraw(live_server, flow_article, admin_user, browser, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # made by fixtures and assertions are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    url = live_server.url + flow_article.get_absolute_url()
    page = browser.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(45000)  # a loaded CI machine on PostgreSQL is slow

    page.goto(url)
    heading = page.locator("#comments-title")
    assert "共有 0 条评论" in heading.inner_text()
    refreshed = lambda response: "/captcha/refresh/" in response.url  # noqa: E731
    expect = pytest.importorskip("playwright.sync_api").expect  # not wait_for_function: no eval under the CSP
    key = page.locator("input[name=captcha_0]")
    rendered_key = key.input_value()
    with page.expect_response(refreshed):  # starting to type fetches a fresh captcha once
        page.fill("#id_content", "太忻一体化经济区建设值得期待！")
    # The response has arrived, but the script may not have applied it yet.
    expect(key).not_to_have_value(rendered_key, timeout=45000)
    expect(page.locator("img.captcha")).to_have_attribute("src", re.compile(key.input_value()))
    first_key = key.input_value()
    with page.expect_response(refreshed):
        page.click(".captcha-refresh")  # shown by the script; the image is refreshable
    # expect() has its own 5 s default, not the page's: CI's loaded machine needed more.
    expect(key).not_to_have_value(first_key, timeout=45000)
    expect(page.locator("img.captcha")).to_have_attribute("src", re.compile(key.input_value()))
    page.fill("#id_nickname", "忻州网友")
    page.fill("#id_captcha_1", "PASSED")
    page.click(".comment-form button[type=submit]")
    page.locator(".engage-messages").get_by_text("评论已提交，审核通过后显示。").wait_for()
    assert page.input_value("#id_content") == ""

    admin = browser.new_context(locale="zh-CN").new_page()
    admin.set_default_timeout(45000)
    admin.goto(live_server.url + "/admin/login/?next=/admin/")
    admin.fill("#id_username", "admin")
    admin.fill("#id_password", "s3cret-pass")
    admin.click("input[type=submit]")
    assert admin.locator("[data-pending-comments]").inner_text() == "1"
    admin.goto(live_server.url + "/admin/engage/comment/?status__exact=pending")
    admin.check("input[name=_selected_action]")
    admin.select_option("select[name=action]", "approve")
    admin.click("button[name=index]")
    admin.get_by_text("已将 1 条评论标记为“已通过”").wait_for()

    page.goto(url)
    assert "共有 1 条评论" in heading.inner_text()
    assert page.locator(".article-meta .comment-count").inner_text() == "1"
    assert page.locator(".comment-list").get_by_text("太忻一体化经济区建设值得期待！").is_visible()

    like = page.locator(".like-top .like-button")
    for _ in range(2):
        with page.expect_response(lambda r: "/likes/" in r.url):
            like.click()
    assert page.locator(".like-top [data-like-count]").inner_text() == "1"
    assert page.locator(".like-bottom [data-like-count]").inner_text() == "1"
    page.reload()
    page.wait_for_selector(".like-button.liked")
    assert page.locator(".like-top [data-like-count]").inner_text() == "1"

    page.click(".complaint-link a")
    page.select_option("#id_reason", "infringement")
    page.fill("#id_contact", "13800000000")
    page.fill("#id_details", "本文未经授权转载了我的原创文章，请撤下。")
    page.fill("#id_captcha_1", "PASSED")
    page.click(".complaint-form button[type=submit]")
    page.get_by_text("投诉已提交").first.wait_for()

    admin.goto(live_server.url + "/admin/")
    assert admin.locator("[data-pending-complaints]").inner_text() == "1"
    admin.goto(live_server.url + "/admin/engage/complaint/")
    admin.check("input[name=_selected_action]")
    admin.select_option("select[name=action]", "withdraw_articles")
    admin.click("button[name=index]")
    admin.get_by_text("已撤下 1 篇文章").wait_for()

    response = page.goto(url)
    assert response.status == 410
    assert "文章已撤稿" in page.locator("h1").inner_text()
