"""The collector end to end against the fixture web on 127.0.0.1."""

import pytest

from dayuan.collect.models import ArticleSource, CollectedItem, CollectRun, Source
from dayuan.collect.services import run_source
from dayuan.news.models import Article

from .site import ALL_LINKS, REPRINT, STORIES

pytestmark = pytest.mark.django_db
Outcome = CollectedItem.Outcome

# Each fixture page and how its item must end.
DESIGNED = {
    "/a/gsxw/2024/0516/101.html": (Outcome.NEW, ""),
    "/news/42.html": (Outcome.NEW, ""),  # GBK
    "/a/gsxw/2024/0422/103.html": (Outcome.NEW, ""),  # meta charset lies
    "/a/gsxw/2024/1009/104.html": (Outcome.NEW, ""),  # broken HTML
    "/a/gsxw/2024/1012/105.html": (Outcome.NEW, ""),  # Big5, header and meta disagree
    "/a/gsxw/2024/1120/106.html": (Outcome.NEW, ""),  # same topic as 101, another story
    "/ty/2024/0516/77801.html": (Outcome.DUPLICATE, "相似度"),  # reprint of 101
    "/a/gsxw/2024/0101/404.html": (Outcome.FAILED, "HTTP 404"),
    "/a/gsxw/2024/0101/500.html": (Outcome.FAILED, "HTTP 500"),
    "/a/gsxw/2024/0101/slow.html": (Outcome.FAILED, "超时"),
    "/a/gsxw/2024/0101/loop.html": (Outcome.FAILED, "重定向"),
    "/private/2024/0101/107.html": (Outcome.SKIPPED, "robots.txt"),
    "/a/gsxw/2024/0101/huge.html": (Outcome.FAILED, "大小上限"),
}


@pytest.fixture
def feed_run(fixture_site, make_source):
    source = make_source(fixture_site.url("/rss.xml"), max_items=50)
    return run_source(source)


def items_by_path(run, site):
    return {item.url.removeprefix(site.base): item for item in run.items.all()}


def test_every_case_ends_as_designed(feed_run, fixture_site):
    """Each page of the feed is recorded with its designed outcome and reason."""
    items = items_by_path(feed_run, fixture_site)
    assert set(items) == {path for path, _ in ALL_LINKS}
    for path, (outcome, reason) in DESIGNED.items():
        assert items[path].outcome == outcome, (path, items[path].reason)
        assert reason in items[path].reason, (path, items[path].reason)
    assert feed_run.status == CollectRun.Status.DONE
    assert (feed_run.new, feed_run.duplicate, feed_run.skipped, feed_run.failed) == (6, 1, 1, 5)


def test_stored_articles(feed_run, fixture_site, settings):
    """Stored articles read right whatever their encoding, carry attribution and
    enrichment, and have their images in the media store."""
    # GBK, a lying meta charset, Big5 and broken HTML all read as Chinese.
    bodies = {a.source_url.rsplit("/", 1)[-1]: a.body for a in Article.objects.all()}
    assert "云冈区教育局" in bodies["42.html"]
    assert "平遥古城保护条例" in bodies["103.html"]
    assert "太行山大峽谷" in bodies["105.html"]
    assert "电商公共服务中心" in bodies["104.html"]

    # Headlines come from the feed, which states them outright.
    assert Article.objects.get(source_url__endswith="103.html").title == STORIES["pingyao"]["title"]

    # Attribution and enrichment.
    article = Article.objects.get(source_url__endswith="42.html")
    assert article.statement == Article.Statement.REPRINTED
    assert article.source_name == "三晋在线"
    assert article.collected_at is not None
    assert article.status == Article.Status.PUBLISHED  # trusted source
    assert article.region.short_name == "大同"
    assert article.channel.slug == "gsyl"
    assert 1 <= len(article.ordered_tags) <= 5
    assert Article.objects.get(source_url__endswith="104.html").region.short_name == "运城"

    # The fixture image is in the media store and the body points at it; a broken one is dropped.
    article = Article.objects.get(source_url__endswith="101.html")
    assert f'src="{settings.MEDIA_URL}editorial/' in article.body
    assert "broken.jpg" not in article.body
    assert "127.0.0.1" not in article.body
    item = CollectedItem.objects.get(url__endswith="101.html")
    assert "1 张图片未能保存" in item.reason


def test_reprint_is_linked_not_stored(feed_run, fixture_site, client):
    """The reprint with other chrome and headline becomes an extra source of the original,
    and the original's page shows the 转载 statement, its source link and the reprinting site."""
    original = Article.objects.get(source_url=fixture_site.url("/a/gsxw/2024/0516/101.html"))
    assert not Article.objects.filter(source_url__contains="77801").exists()
    also = ArticleSource.objects.get()
    assert also.article == original
    assert also.url == fixture_site.url("/ty/2024/0516/77801.html")
    assert also.title == REPRINT["title"]
    assert also.similarity >= 0.8
    item = CollectedItem.objects.get(url__endswith="77801.html")
    assert item.article == original
    from dayuan.tasks.models import Task  # the original's baked page is refreshed

    assert Task.objects.filter(name="publish.rebake_paths", args=[[original.get_absolute_url()]]).exists()
    # The same-topic story about Taiyuan is a separate article.
    other = Article.objects.get(source_url__endswith="106.html")
    assert other.pk != original.pk
    html = client.get(original.get_absolute_url()).content.decode()
    assert "本文转载自网络" in html
    assert f'来源：<a href="{fixture_site.url("/a/gsxw/2024/0516/101.html")}"' in html
    assert "同时报道：" in html and fixture_site.url("/ty/2024/0516/77801.html") in html
    assert "采集时间：" in html


def test_second_run_adds_nothing(feed_run, fixture_site, make_source):
    """Running the feed again is answered by 304; a list page of the same links adds only duplicates."""
    count = Article.objects.count()
    again = run_source(Source.objects.get(pk=feed_run.source_id))
    assert again.status == CollectRun.Status.UNCHANGED
    assert again.items.count() == 0
    listing = run_source(make_source(fixture_site.url("/a/gsxw/"), kind="list", max_items=50))
    assert Article.objects.count() == count
    assert listing.new == 0
    outcomes = {i.url.removeprefix(fixture_site.base): i.outcome for i in listing.items.all()}
    assert outcomes["/a/gsxw/2024/0516/101.html"] == Outcome.DUPLICATE
    assert outcomes["/ty/2024/0516/77801.html"] == Outcome.DUPLICATE
    assert ArticleSource.objects.count() == 1


def test_untrusted_source_goes_to_review(fixture_site, make_source):
    """Articles from a source that is not trusted wait in the review queue."""
    run = run_source(make_source(fixture_site.url("/atom.xml"), trusted=False))
    assert run.new == 3
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.REVIEW}


def test_channel_rules(fixture_site, make_source):
    """A keyword rule sends matching stories to another channel; the rest keep the default."""
    run_source(make_source(fixture_site.url("/atom.xml"), channel_rules="公办幼儿园|学位 => ms"))
    assert Article.objects.get(source_url__endswith="42.html").channel.slug == "ms"
    assert Article.objects.get(source_url__endswith="101.html").channel.slug == "gsyl"


def test_news_sitemap_index(fixture_site, make_source):
    """A sitemap index is followed into its news sitemap, newest first."""
    run = run_source(make_source(fixture_site.url("/sitemap.xml"), kind="sitemap", max_items=2))
    assert run.found == 2
    paths = [i.url.removeprefix(fixture_site.base) for i in run.items.order_by("id")]
    assert paths == ["/a/gsxw/2024/1009/104.html", "/a/gsxw/2024/0422/103.html"]


def test_single_url_follows_redirect(fixture_site, make_source):
    """A single-URL source follows a redirect and stores the final URL."""
    run = run_source(make_source(fixture_site.url("/single.html"), kind="url"))
    assert run.new == 1
    assert Article.objects.get().source_url == fixture_site.url("/a/gsxw/2024/0516/101.html")


def test_unreadable_source_fails_the_run(fixture_site, make_source):
    """A source whose index page is gone ends as a failed run with the reason recorded."""
    run = run_source(make_source(fixture_site.url("/gone.xml")))
    assert run.status == CollectRun.Status.FAILED
    assert "HTTP 404" in run.error
    assert run.items.get().outcome == Outcome.FAILED


def test_local_files(tmp_path, make_source, settings):
    """HTML and text files on disk are collected, with no link back."""
    settings.DAYUAN_IMPORT_DIR = tmp_path
    (tmp_path / "a.html").write_bytes(
        __import__("tests.collect.site", fromlist=["x"]).pboot_article(STORIES["datong"], "gbk").encode("gbk")
    )
    (tmp_path / "b.txt").write_text(
        STORIES["pingyao"]["title"] + "\n\n" + "\n".join(STORIES["pingyao"]["paragraphs"]), encoding="utf-8"
    )
    run = run_source(make_source(str(tmp_path), kind="file"))
    assert run.new == 2, list(run.items.values_list("reason", flat=True))
    assert Article.objects.get(title=STORIES["pingyao"]["title"]).source_url == ""


def test_worker_runs_due_sources(fixture_site, make_source):
    """The periodic job runs a due source once and schedules its next run."""
    from datetime import timedelta

    from django.utils import timezone

    from dayuan.tasks.worker import run_once

    source = make_source(fixture_site.url("/atom.xml"), interval=30)
    now = timezone.now()
    run_once(now)
    source.refresh_from_db()
    assert source.runs.count() == 1 and source.runs.get().trigger == "worker"
    assert source.next_run_at == now + timedelta(minutes=30)
    run_once(now + timedelta(minutes=5))
    assert source.runs.count() == 1


def test_seed_text_page(base_data, seed_page, make_source, settings):
    """The seed page saved as text is collected with its title and publish time, filed under 忻州."""
    settings.DAYUAN_IMPORT_DIR = seed_page.parent.resolve()
    run = run_source(make_source(str(seed_page), kind="file"))
    assert run.new == 1, run.items.get().reason
    article = Article.objects.get()
    assert article.title == "增强区域经济竞争力 集聚高质量发展新动能"
    assert article.published_at.strftime("%Y-%m-%d %H:%M:%S") == "2022-10-22 02:00:59"
    assert article.region.short_name == "忻州"
