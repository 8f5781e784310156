"""The back office in Chromium at 1280 px: the dashboard's charts, a readable article list,
and no English on the pages an editor opens."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.portal.test_browser import ARTIFACTS, browser, open_page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "dayuan-test-密码-1"
# Words of Latin letters an admin page may show: the site's own data and Django's id column.
ALLOWED_LATIN = {
    "ID",
    "URL",
    "RSS",
    "Atom",
    "HTML",
    "JPG",
    "PNG",
    "GIF",
    "WebP",
    "SVG",
    "CSV",
    "IP",
    "ICP",
    "gsyl",
    "yw",
    "jj",
    "ms",
    "whly",
    "ggtz",
    "feed",
    "sitemap",
    "list",
    "url",
    "file",
    # the keys named in Django's Chinese help text, a demo cover's file name, the
    # editor's status bar (paragraph tag), a fetch error's class name
    "Control",
    "Command",
    "Mac",
    "demo",
    "cover",
    "jpg",
    "http",
    "xml",
    "ConnectError",
    "HTTP",
}


@pytest.fixture
def office(base_data, django_user_model):
    """A chief editor, demo articles with 30 days of readers, a source failing twice in a row."""
    from dayuan.collect.models import CollectRun, Source
    from dayuan.engage.models import ArticleDailyStat
    from dayuan.news.models import Article, Channel, Region
    from dayuan.portal.demo import load_demo

    load_demo()
    today = timezone.localdate()
    ids = list(Article.objects.values_list("pk", flat=True)[:5])
    ArticleDailyStat.objects.bulk_create(
        [
            ArticleDailyStat(article_id=pk, day=today - timedelta(days=n), views=10 + n + i, comments=n % 3)
            for n in range(30)
            for i, pk in enumerate(ids)
        ]
    )
    source = Source.objects.create(
        name="坏来源",
        kind="feed",
        url="http://127.0.0.1:9/feed.xml",
        channel=Channel.objects.get(slug="gsyl"),
        region=Region.objects.get(slug="taiyuan"),
    )
    for _ in range(2):
        CollectRun.objects.create(source=source, status=CollectRun.Status.FAILED, trigger="cli", error="网络错误")
    user = django_user_model.objects.create_superuser("主编", password=PASSWORD)
    return {"user": user, "run": CollectRun.objects.first(), "article": Article.objects.get(pk=ids[0])}


def log_in(browser, base_url):  # noqa: F811
    page, problems = open_page(browser, base_url + "/admin/login/", 1280)
    page.fill("#id_username", "主编")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base_url + "/admin/")
    return page, problems


def english_words(page):
    text = page.evaluate("document.body.innerText")
    return sorted({word for word in re.findall(r"[A-Za-z]{2,}", text) if word not in ALLOWED_LATIN})


def test_dashboard_list_and_forms_read_in_chinese(office, live_server, browser):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    page, problems = log_in(browser, live_server.url)
    try:
        assert page.locator("#site-name").inner_text() == "大院网 管理后台" or "管理后台" in page.title()
        charts = page.locator("svg.dash-chart")
        assert charts.count() == 2
        for index in range(2):
            chart = charts.nth(index)
            assert chart.bounding_box()["width"] > 300
            assert chart.locator("rect").count() == 30
        assert page.locator(".dash-counts").inner_text().count("\n") >= 3
        assert "坏来源" in page.locator("#dash-sources + table").inner_text()
        assert page.locator(".dash-bad").count() == 1  # failing twice in a row stands out
        page.screenshot(path=str(ARTIFACTS / "admin-dashboard-1280.png"), full_page=True)
        assert english_words(page) == [], english_words(page)

        page.goto(live_server.url + "/admin/news/article/")
        title_cell = page.locator("#result_list td.field-title").first
        assert title_cell.bounding_box()["width"] >= 250
        assert title_cell.bounding_box()["height"] < 60  # a title on one or two lines, not one character a line
        page.screenshot(path=str(ARTIFACTS / "admin-articles-1280.png"), full_page=True)
        assert english_words(page) == [], english_words(page)

        page.goto(live_server.url + f"/admin/news/article/{office['article'].pk}/change/")
        page.wait_for_selector(".selector-chooseall")
        assert english_words(page) == [], "article form"
        page.screenshot(path=str(ARTIFACTS / "admin-article-form-1280.png"))

        for url in ("/admin/collect/source/", f"/admin/collect/collectrun/{office['run'].pk}/change/"):
            page.goto(live_server.url + url)
            assert english_words(page) == [], url
        assert "命令行" in page.content() and "ArticleTag object" not in page.content()
        assert problems == [], problems
    finally:
        page.close()
