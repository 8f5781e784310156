import re
import time

import pytest
from django.utils import timezone

from dayuan.news.models import Article
from dayuan.publish import paths
from dayuan.tasks.models import Task

from .conftest import make_article, run_worker, wsgi_get

pytestmark = pytest.mark.django_db

LISTS = [
    "/",
    "/gsyl/",
    "/gsyl/jinzhong/",
    "/gsyl/yuci/",
    "/region/jinzhong/",
    "/region/yuci/",
    "/region/shanxi/",
    "/tag/晋中/",
    "/feeds/rss.xml",
    "/feeds/atom.xml",
    "/feeds/channel/gsyl/rss.xml",
    "/feeds/region/yuci/rss.xml",
    "/feeds/region/jinzhong/atom.xml",
    "/feeds/tag/晋中/rss.xml",
    "/sitemap.xml",
]


def baked(url):
    target = paths.file_for(url)
    return target.read_text(encoding="utf-8") if target.exists() else ""


@pytest.fixture
def site(baked_site, articles, quiet_periodic):
    return articles


def test_publishing_an_article_rebakes_every_page_that_shows_it(site, django_capture_on_commit_callbacks):
    """A new article is on home, its channel, region and tag lists, feeds and sitemap after one worker pass."""
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article("榆次新建城市书房十座", region="yuci", tags=["晋中", "城市书房"], minutes_ago=1)
    url = article.get_absolute_url()
    assert Task.objects.filter(name="publish.article_changed", status="pending").exists()
    assert article.title not in baked("/")  # the save only queued the work
    run_worker()
    assert article.title in baked(url)
    for page in LISTS + ["/tag/城市书房/", "/feeds/tag/城市书房/rss.xml"]:
        if page == "/sitemap.xml":
            assert url in baked(page)
        else:
            assert article.title in baked(page), page


def test_withdrawing_removes_the_article_everywhere(site, django_capture_on_commit_callbacks):
    """A withdrawn article's file goes at commit (its URL reaches Django), and the lists drop it."""
    article = site[2]
    url = article.get_absolute_url()
    assert paths.file_for(url).exists()
    with django_capture_on_commit_callbacks(execute=True):
        article.status = Article.Status.WITHDRAWN
        article.save()
    assert not paths.file_for(url).exists()
    status, _, _ = wsgi_get(url)
    assert status == 410
    run_worker()
    for page in LISTS:
        assert article.title not in baked(page), page
        assert url not in baked(page), page


def test_comment_count_change_rebakes_the_article_page(site):
    """An approved comment (here through Article.comment_count) updates the baked count."""
    article = site[0]
    article.comment_count = 7
    article.save()
    run_worker()
    assert re.search(r'class="comment-count"[^>]*>7<', baked(article.get_absolute_url()))


def test_like_count_alone_queues_nothing(site):
    """Likes and views are filled in by JavaScript: changing them re-bakes nothing."""
    article = site[0]
    Task.objects.all().delete()
    article.like_count = 3
    article.save(update_fields=["like_count"])
    article.view_count = 9
    article.save()
    assert not Task.objects.exists()


def test_moved_article_old_url_redirects(site, django_capture_on_commit_callbacks):
    """Moving an article to another region drops its old file, so the old URL answers 301 to the new one."""
    from dayuan.news.models import Region

    article = site[0]
    old_url = article.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        article.region = Region.objects.get(slug="taiyuan")
        article.save()
    new_url = article.get_absolute_url()
    assert not paths.file_for(old_url).exists()
    status, headers, _ = wsgi_get(old_url)
    assert (status, headers["Location"]) == (301, new_url)
    run_worker()
    assert article.title in baked(new_url)
    assert old_url not in baked("/region/jinzhong/")
    assert new_url in baked("/region/taiyuan/")


def test_body_edit_rebakes_the_article_and_feeds_not_lists(site):
    """An edit that leaves title, date and place alone re-bakes the article page and feeds only."""
    from dayuan.publish import pages

    article = Article.objects.select_related("channel", "region").get(pk=site[0].pk)
    before = pages.state_of(article)
    article.body = "<p>改写后的正文。</p>"
    article.save()
    plan = pages.plan_for_article(before, pages.state_of(article))
    assert plan.bake[0] == article.get_absolute_url()
    assert all(p.startswith("/feeds/") for p in plan.bake[1:])
    run_worker()
    assert "改写后的正文" in baked(article.get_absolute_url())


def test_deeper_list_pages_are_dropped_when_an_article_is_added(site, public):
    """A new article shifts every list page: page 1 is re-baked, later baked pages are removed."""
    from dayuan.publish import baking
    from dayuan.publish.signals import paused

    with paused():
        for i in range(21):
            make_article(f"旧闻{i}", region="yuci", minutes_ago=1000 + i)
    baking.bake_paths(["/region/yuci/page/2/"])
    assert paths.file_for("/region/yuci/page/2/").exists()
    make_article("最新消息", region="yuci", minutes_ago=1)
    run_worker()
    assert "最新消息" in baked("/region/yuci/")
    assert not paths.file_for("/region/yuci/page/2/").exists()
    # Taken out of the served tree at once (a rename), deleted in the background.
    region_dir = paths.file_for("/region/yuci/").parent
    for _ in range(100):
        if not any(entry.name.startswith(".dropped-") for entry in region_dir.iterdir()):
            break
        time.sleep(0.05)
    assert sorted(entry.name for entry in region_dir.iterdir()) == ["index.html", "index.html.gz"]


def test_structure_changes_queue_a_full_rebake(site):
    """A site setting or channel name is on every page: the whole site is queued for re-baking."""
    from dayuan.core.models import SiteSettings

    settings_row, _ = SiteSettings.objects.get_or_create(pk=1)
    settings_row.footer_name = "新的页脚"
    settings_row.save()
    assert Task.objects.filter(name="publish.bake_site", status="pending").count() == 1


def test_before_the_first_bake_only_pages_baked_on_request_are_kept_fresh(public, base_data, quiet_periodic):
    """Before the site was ever baked, re-bakes touch only the pages already baked on request."""
    from dayuan.publish import baking

    first = make_article("按需生成的文章", minutes_ago=5)
    baking.bake_paths(["/gsyl/"])
    make_article("未生成的站点", minutes_ago=1)
    run_worker()
    assert "未生成的站点" in baked("/gsyl/")
    assert [p.name for p in public.rglob("*.html")] == ["index.html"]  # /gsyl/ only
    assert not paths.file_for(first.get_absolute_url()).exists()


def test_scheduled_article_appears_when_due(site):
    """An article published for a later time is baked by the periodic job once its time comes."""
    from datetime import timedelta

    from dayuan.publish.tasks import bake_time_dependent

    future = timezone.now() + timedelta(minutes=2)
    article = make_article("定时发布的文章", minutes_ago=-2)
    run_worker()
    assert article.title not in baked("/")
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - timedelta(minutes=5))
    bake_time_dependent(future + timedelta(seconds=1))
    # The article's own re-bake is queued; the clock here is the real one, so move the article's time back.
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    run_worker()
    assert article.title in baked("/")


def test_a_new_article_rebakes_only_the_last_sitemap_section(site, monkeypatch):
    """Article sitemap sections run oldest first: a publish leaves the full ones alone."""
    from dayuan.publish import sitemaps
    from dayuan.publish.signals import paused
    from dayuan.publish.tasks import bake_sitemaps

    monkeypatch.setattr(sitemaps, "SECTION_SIZE", 2)
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    monkeypatch.setattr(sitemaps, "SINGLE_FILE_LIMIT", 3)
    with paused():
        make_article("第四篇", minutes_ago=50)
    first = bake_sitemaps()  # 4 articles: sections 1 and 2, with the index, news, pages and tags
    assert sum(first.values()) == 6 and paths.file_for("/sitemaps/articles-2.xml").exists()
    assert sum(bake_sitemaps().values()) == 4  # nothing changed: no article section rendered
    with paused():
        newest = make_article("第五篇", minutes_ago=5)
    assert sum(bake_sitemaps().values()) == 5  # the new third section only
    assert newest.get_absolute_url() in paths.file_for("/sitemaps/articles-3.xml").read_text()


def test_directory_pages_are_baked_and_follow_their_entries(site, django_capture_on_commit_callbacks):
    """/services/ and each city's page are baked files, re-baked when an entry changes."""
    from dayuan.directory.models import ServiceCategory, ServiceEntry
    from dayuan.news.models import Region
    from dayuan.publish import baking, pages

    assert "/services/" in pages.site_paths() and "/services/taiyuan/" in pages.site_paths()
    baking.bake_paths(pages.services_paths())
    assert "便民服务" in baked("/services/taiyuan/")
    category = ServiceCategory.objects.create(name="政务服务", slug="zwfw-test")
    with django_capture_on_commit_callbacks(execute=True):
        ServiceEntry.objects.create(
            name="小店区政务服务中心",
            url="https://example.org/xd",
            category=category,
            region=Region.objects.get(slug="xiaodian"),
        )
    assert "小店区政务服务中心" not in baked("/services/taiyuan/")  # queued, not baked in the request
    run_worker()
    assert "小店区政务服务中心" in baked("/services/taiyuan/")
