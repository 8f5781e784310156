import gzip
import re

import pytest

from dayuan.publish import baking, paths
from dayuan.publish.render import strip_per_request

from .conftest import make_article

pytestmark = pytest.mark.django_db


def live(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return strip_per_request(response.content)[0]


def test_url_paths_map_to_files_under_the_public_root():
    """Articles keep their URL as file name, lists become index.html, unsafe paths map to nothing."""
    assert paths.relative_file("/gsyl/jinzhong/4597.html") == "gsyl/jinzhong/4597.html"
    assert paths.relative_file("/gsyl/page/2/") == "gsyl/page/2/index.html"
    assert paths.relative_file("/") == "index.html"
    assert paths.relative_file("/tag/忻州/") == "tag/忻州/index.html"
    for bad in ("/../etc/passwd", "/a/../b/", "//x/", "/.hidden/", "/gsyl/.x.html.tmp", "/x.php", "relative/"):
        assert paths.relative_file(bad) is None, bad
    assert paths.url_for_file("gsyl/page/2/index.html") == "/gsyl/page/2/"


def test_baked_pages_equal_the_live_render(public, articles, client):
    """Every kind of baked page is byte for byte what the live view answers, once per-request values are blanked."""
    from dayuan.collect.models import ArticleSource
    from dayuan.engage.models import Comment
    from dayuan.news.models import Flag

    from .conftest import bake_pages_of

    article = articles[2]
    # What the bulk renderer reads besides the article row: its flag, tags, approved comments
    # (a pending one is left out) and the other sites that carried it, oldest first.
    article.flag = Flag.objects.get(name="重点关注")
    article.collected_at = article.published_at
    article.save()
    for nickname, status in (
        ("老王", Comment.Status.APPROVED),
        ("小李", Comment.Status.PENDING),
        ("晋中人", Comment.Status.APPROVED),
    ):
        Comment.objects.create(article=article, nickname=nickname, content=f"{nickname}的评论", status=status)
    ArticleSource.objects.create(article=article, name="山西新闻网", url="https://example.org/b")
    ArticleSource.objects.create(article=article, name="晋中日报", collected_at=article.published_at)
    bake_pages_of(articles[2:])
    baked_article = paths.file_for(article.get_absolute_url()).read_text()
    for shown in ("【重点关注】", "老王的评论", "晋中人的评论", "同时报道：晋中日报、", "山西新闻网</a>"):
        assert shown in baked_article, shown
    assert "小李的评论" not in baked_article
    urls = [
        "/",
        "/about/",
        "/gsyl/",
        "/gsyl/jinzhong/",
        "/region/jinzhong/",
        "/region/yuci/",
        "/tag/晋中/",
        article.get_absolute_url(),
        "/feeds/rss.xml",
        "/feeds/channel/gsyl/atom.xml",
        "/sitemap.xml",
        "/robots.txt",
        "/services/",
        "/services/taiyuan/",
    ]
    for url in urls:
        baked = paths.file_for(url).read_bytes()
        assert baked == live(client, url), url
        assert gzip.decompress(paths.file_for(url).with_name(paths.file_for(url).name + ".gz").read_bytes()) == baked


def test_full_bake_equals_the_live_render(public, articles, client):
    """A full bake (bulk renderer, whole lists, the related-articles table)
    writes what the live views answer, byte for byte."""
    from dayuan.publish import full

    many = [make_article(f"晋中新闻第{n}篇", tags=("晋中",), minutes_ago=100 + n) for n in range(45)]
    counts = full.bake_all(jobs=1, progress=False)
    assert not counts.get("failed"), counts
    urls = ["/gsyl/", "/gsyl/page/2/", "/gsyl/jinzhong/page/3/", "/region/jinzhong/page/2/", "/tag/晋中/page/2/"]
    urls += [article.get_absolute_url() for article in [*articles, *many[::9]]]
    for url in urls:
        assert paths.file_for(url).read_bytes() == live(client, url), url


def test_baked_article_holds_no_per_request_values(baked_site, articles, client):
    """The CSRF token and captcha key of the live page are blank in the baked file."""
    url = articles[0].get_absolute_url()
    response = client.get(url)
    baked = paths.file_for(url).read_text()
    assert 'name="csrfmiddlewaretoken" value=""' in baked
    assert 'name="captcha_0" value=""' in baked
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)
    assert token not in baked


def test_unchanged_page_is_not_rewritten(baked_site, articles):
    """Baking a page whose content didn't change keeps its file (and so its ETag)."""
    url = articles[0].get_absolute_url()
    before = paths.file_for(url).stat().st_mtime_ns
    assert baking.bake_path(url) == "unchanged"
    assert paths.file_for(url).stat().st_mtime_ns == before


def test_page_that_stops_answering_loses_its_file(baked_site, articles):
    """A page that renders 404 on re-bake has its baked file and gzip twin removed."""
    article = articles[0]
    url = article.get_absolute_url()
    type(article).objects.filter(pk=article.pk).update(status="draft")
    assert baking.bake_path(url) == "removed"
    assert not paths.file_for(url).exists()
    assert not paths.file_for(url).with_name(paths.file_for(url).name + ".gz").exists()


def test_full_bake_resumes_from_its_journal(public, articles, settings):
    """Pages named in an unfinished bake's journal are skipped by the next bake, which then clears it."""
    from dayuan.publish.full import bake_all, journal_path

    journal_path().write_text("/\n/about/\n", encoding="utf-8")
    counts = bake_all(jobs=1, progress=False, kinds={"site", "article"})
    assert counts["resumed"] == 2
    assert not paths.file_for("/").exists()  # skipped: the journal said it was done
    assert paths.file_for(articles[0].get_absolute_url()).exists()
    assert not journal_path().exists()


def test_stale_temporary_files_are_cleaned(public):
    """Temporary files a killed baker left behind are removed; fresh ones (a running baker's) stay."""
    import os
    import time

    public.mkdir(parents=True)
    old = public / ".index.html.abc.tmp"
    new = public / ".about.html.def.tmp"
    old.write_text("x")
    new.write_text("y")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    assert baking.remove_stale_temp_files() == 1
    assert not old.exists() and new.exists()


def test_server_error_keeps_the_old_file(baked_site, articles, monkeypatch):
    """A page that fails to render (500) keeps its baked file; the bake reports the failure."""
    from dayuan.publish import bulk, render

    error = render.Rendered(500, "text/html", b"err")
    monkeypatch.setattr(render.Renderer, "render", lambda self, path: error)
    monkeypatch.setattr(bulk, "render_articles", lambda urls, whole=False: dict.fromkeys(urls, error))
    monkeypatch.setattr(bulk, "render_views", lambda urls, whole=False: dict.fromkeys(urls, error))
    for url in (articles[0].get_absolute_url(), "/"):
        assert baking.bake_paths([url]) == {"failed": 1}
        assert paths.file_for(url).exists()


def test_baking_stores_no_captcha(public, articles):
    """A baked page's captcha is filled in per reader, so baking makes (and keeps) none."""
    from captcha.models import CaptchaStore

    counts = baking.bake_paths([article.get_absolute_url() for article in articles])
    assert counts == {"written": 3}
    assert CaptchaStore.objects.count() == 0
    assert 'name="captcha_0" value=""' in paths.file_for(articles[0].get_absolute_url()).read_text()


def test_a_site_wide_rebake_shows_the_related_articles_the_last_bake_kept(public, articles, monkeypatch):
    """A re-bake after a change every page shows (publish.bake_site) moves no article: each
    article page shows the related articles its last bake kept, and only an article never baked
    is scored (and its list kept). `dayuan bake` scores every article again."""
    from dayuan.news.models import Article
    from dayuan.publish import full
    from dayuan.publish.tasks import bake_site
    from dayuan.search import related

    full.bake_all(jobs=1, progress=False)
    kept = dict(Article.objects.values_list("pk", "related_ids"))
    assert kept[articles[2].pk] == [articles[0].pk]
    fresh = make_article("榆次古城旅游线路上新", region="yuci", tags=["旅游", "晋中"], minutes_ago=5)
    assert Article.objects.get(pk=fresh.pk).related_ids is None

    scored = []
    candidates = related.candidates
    monkeypatch.setattr(related, "candidates", lambda article: scored.append(article.pk) or candidates(article))
    assert not bake_site().get("failed")
    assert scored == [fresh.pk]
    assert Article.objects.get(pk=articles[2].pk).related_ids == kept[articles[2].pk]
    assert articles[2].pk in Article.objects.get(pk=fresh.pk).related_ids

    scored.clear()
    full.bake_all(jobs=1, progress=False)
    assert sorted(scored) == sorted([*kept, fresh.pk])
    assert fresh.pk in Article.objects.get(pk=articles[2].pk).related_ids


def test_a_bake_whose_related_lists_cannot_be_kept_still_writes_its_pages(public, articles, monkeypatch):
    """Keeping the related lists is a shortcut for later: a database error there (a real one,
    which on PostgreSQL aborts the transaction it runs in) loses the lists, not the pages."""
    from django.db import connection

    from dayuan.publish import bulk

    def broken(articles, related):
        with connection.cursor() as cursor:
            cursor.execute("SELECT no_such_column FROM news_article")

    monkeypatch.setattr(bulk, "keep_related", broken)
    urls = [article.get_absolute_url() for article in articles]
    assert baking.bake_paths(urls) == {"written": 3}
    assert all(paths.file_for(url).is_file() for url in urls)
    assert [a.related_ids for a in type(articles[0]).objects.order_by("pk")] == [None, None, None]
