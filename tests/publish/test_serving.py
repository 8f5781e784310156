import gzip
import re

import pytest

from dayuan.publish import paths

from .conftest import wsgi_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(baked_site, articles):
    return articles[0].get_absolute_url()


def test_baked_page_is_served_with_validators(page):
    """A baked page is answered from its file with ETag, Last-Modified, Cache-Control and the page's type."""
    status, headers, body = wsgi_get(page)
    assert status == 200
    assert body == paths.file_for(page).read_bytes()
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["ETag"].startswith('"') and headers["Last-Modified"].endswith("GMT")
    assert headers["Cache-Control"].startswith("public, max-age=")
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_revalidation_answers_304(page):
    """A matching If-None-Match or a recent If-Modified-Since gets 304 without a body."""
    _, headers, _ = wsgi_get(page)
    status, _, body = wsgi_get(page, if_none_match=headers["ETag"])
    assert (status, body) == (304, b"")
    status, _, _ = wsgi_get(page, if_modified_since=headers["Last-Modified"])
    assert status == 304
    status, _, _ = wsgi_get(page, if_none_match='"other"')
    assert status == 200


def test_gzip_twin_is_sent_to_clients_that_accept_it(page):
    """With Accept-Encoding: gzip the precompressed twin is sent."""
    status, headers, body = wsgi_get(page, accept_encoding="gzip, br")
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == paths.file_for(page).read_bytes()


def test_rebaked_file_is_seen_at_once(page):
    """The in-memory copy is revalidated by the file's mtime and size on every request."""
    wsgi_get(page)
    target = paths.file_for(page)
    target.write_bytes(target.read_bytes().replace(b"</html>", b"<!-- new --></html>"))
    target.with_name(target.name + ".gz").unlink()
    _, _, body = wsgi_get(page)
    assert body.endswith(b"<!-- new --></html>\n")


def test_pages_without_a_file_and_other_requests_go_to_django(baked_site, articles):
    """No file (on a page the bulk renderer does not make), a query string, a POST or a dot path
    all reach Django."""
    status, headers, _ = wsgi_get("/about/")  # not baked here: rendered live, and queued for baking
    assert status == 200 and "ETag" not in headers
    from dayuan.tasks.models import Task

    assert Task.objects.filter(name="publish.bake_paths", args=[["/about/"]]).exists()
    status, headers, _ = wsgi_get("/", query="utm=1")
    assert status == 200 and "ETag" not in headers
    status, _, _ = wsgi_get("/.index.html.abc.tmp")
    assert status == 404
    status, _, _ = wsgi_get("/no-such-channel/")
    assert status == 404
    assert not Task.objects.filter(args=[["/no-such-channel/"]]).exists()


def test_head_has_no_body(page):
    status, headers, body = wsgi_get(page, method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_reader_with_a_pending_message_gets_the_live_page(page):
    """After posting a form (a `messages` cookie is set) the page is rendered live to show the message."""
    status, headers, _ = wsgi_get(page, cookie="messages=abc")
    assert status == 200 and "ETag" not in headers
    status, headers, _ = wsgi_get(page, cookie="csrftoken=abc")
    assert status == 200 and "ETag" in headers


@pytest.mark.parametrize(
    "path",
    ["/gsyl/" + "a" * 300 + ".html", "/tag/" + "a" * 300 + "/", "/" + "a" * 300 + "/", "/gsyl/" + "汉" * 90 + ".html"],
)
def test_path_the_filesystem_cannot_hold_is_a_plain_404(baked_site, path, caplog):
    """A segment over 255 bytes (ENAMETOOLONG) falls through to the Chinese 404 with the security
    headers, and logs no traceback."""
    (baked_site / "tag").mkdir(exist_ok=True)  # ENAMETOOLONG, not ENOENT on a missing parent
    status, headers, body = wsgi_get(path)
    assert status == 404
    assert "页面不存在" in body.decode() or "不存在" in body.decode()
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert not [record for record in caplog.records if record.levelname in ("ERROR", "CRITICAL")]


def test_stale_gzip_twin_is_never_sent(page):
    """A twin that does not hold the page (a crash between writing the two, the same length
    even) is not sent: the page is compressed afresh."""
    target = paths.file_for(page)
    body = target.read_bytes()
    other = body.replace(b"</html>", b"</HTML>")
    assert len(other) == len(body) and other != body
    twin = target.with_name(target.name + ".gz")
    twin.write_bytes(gzip.compress(other))
    _, headers, sent = wsgi_get(page, accept_encoding="gzip")
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(sent) == body


def test_memory_holds_the_gzip_twin_only(page):
    """Only the compressed copy is kept (a fifth of the page), so a site's pages fit in the
    cache; a reader without gzip still gets the page itself, byte for byte."""
    from dayuan.publish.serving import BakedPages

    body = paths.file_for(page).read_bytes()
    app = BakedPages(lambda environ, start_response: [b""])
    relative = app.route(page)
    entry = app.lookup(relative)
    assert entry.gz is not None and entry.size == len(entry.gz) < len(body) / 2
    assert entry.body == body
    _, headers, sent = wsgi_get(page)
    assert sent == body and int(headers["Content-Length"]) == len(body) and "Content-Encoding" not in headers


def test_article_without_a_file_is_rendered_as_its_bake_will_be(baked_site, articles):
    """A cold article page (not baked yet) comes from the bulk renderer and is stored as its
    baked file, byte for byte what a bake writes, with no task for the worker; an address that
    is not the article's own, or a withdrawn article, still gets Django's answer (301, 410)."""
    from dayuan.news.models import Article
    from dayuan.publish import baking
    from dayuan.tasks.models import Task

    article = articles[1]
    url = article.get_absolute_url()
    target = paths.file_for(url)
    baking.remove_page(url)
    status, headers, body = wsgi_get(url)
    assert status == 200 and "ETag" not in headers and "Set-Cookie" not in headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert article.title in body.decode() and 'name="csrfmiddlewaretoken" value=""' in body.decode()
    assert target.read_bytes() == body
    assert not Task.objects.filter(name="publish.bake_paths", args=[[url]]).exists()
    assert baking.bake_paths([url]) == {"unchanged": 1}
    baking.remove_page(url)
    status, headers, zipped = wsgi_get(url, accept_encoding="gzip")
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(zipped) == body

    status, headers, _ = wsgi_get(url.replace(article.region.slug, "jinzhong"))
    assert status == 301 and headers["Location"].endswith(url)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.WITHDRAWN)
    baking.remove_page(url)
    status, _, body = wsgi_get(url)
    assert status == 410


def test_cold_page_rendered_across_a_change_is_baked_again(baked_site, articles, monkeypatch):
    """A change committed while a cold page renders may have come too late for it: the page
    the reader got is still stored, and the worker is asked to bake it from committed data."""
    from dayuan.core import memo
    from dayuan.publish import baking, bulk
    from dayuan.tasks.models import Task

    url = articles[1].get_absolute_url()
    baking.remove_page(url)
    render_articles = bulk.render_articles

    def render_then_change(*args, **kwargs):
        rendered = render_articles(*args, **kwargs)
        memo.bump()  # an editor's save, committed while this page rendered
        return rendered

    monkeypatch.setattr(bulk, "render_articles", render_then_change)
    status, _, body = wsgi_get(url)
    assert status == 200 and paths.file_for(url).read_bytes() == body
    assert Task.objects.filter(name="publish.bake_paths", args=[[url]]).exists()


@pytest.mark.parametrize(
    ("url", "content_type"),
    [("/gsyl/", "text/html; charset=utf-8"), ("/feeds/channel/gsyl/rss.xml", "application/rss+xml; charset=utf-8")],
)
def test_list_page_or_feed_without_a_file_is_stored_as_its_bake(baked_site, articles, url, content_type):
    """A list page or a feed with no file comes from the bulk renderer like a cold article: stored
    as the file a bake writes, with that file's media type, and no task for the worker."""
    from dayuan.publish import baking
    from dayuan.tasks.models import Task

    status, headers, body = wsgi_get(url)
    assert status == 200 and headers["Content-Type"] == content_type and "ETag" not in headers
    assert paths.file_for(url).read_bytes() == body
    assert not Task.objects.exists()
    assert baking.bake_paths([url]) == {"unchanged": 1}
    status, headers, _ = wsgi_get(url)
    assert status == 200 and "ETag" in headers and headers["Content-Type"] == content_type


def related_section(page):
    """The titles in a page's 相关文章 list."""
    html = page.decode()
    start = html.find('<section class="related-articles"')
    if start < 0:
        return []
    section = html[start : html.index("</section>", start)]
    return re.findall(r'<a [^>]*href="/[^"]+\.html"[^>]*>([^<]+)</a>', section)


def test_cold_article_shows_the_related_articles_its_bake_kept(baked_site, articles, monkeypatch):
    """A bake keeps with each article the related articles its page shows; the page rendered cold
    shows those again, byte for byte the baked page, without scoring candidates; one that is no
    longer published is left out. An article never baked has none kept and is scored."""
    from dayuan.news.models import Article
    from dayuan.publish import baking
    from dayuan.search import related

    from .conftest import make_article

    article = articles[2]  # 榆次老城迎来旅游旺季: shares the tag 晋中 with articles[0]
    url = article.get_absolute_url()
    baked = paths.file_for(url).read_bytes()
    assert related_section(baked) == [articles[0].title]
    assert Article.objects.get(pk=article.pk).related_ids == [articles[0].pk]

    scored = []
    candidates = related.candidates
    monkeypatch.setattr(related, "candidates", lambda a: scored.append(a.pk) or candidates(a))
    baking.remove_page(url)
    status, _, body = wsgi_get(url)
    assert status == 200 and body == baked and scored == []

    Article.objects.filter(pk=articles[0].pk).update(status=Article.Status.WITHDRAWN)
    baking.remove_page(url)
    status, _, body = wsgi_get(url)
    assert status == 200 and related_section(body) == [] and scored == []

    fresh = make_article("晋中新建一座图书馆", tags=["晋中"], minutes_ago=5)
    assert Article.objects.get(pk=fresh.pk).related_ids is None
    status, _, body = wsgi_get(fresh.get_absolute_url())
    assert status == 200 and scored == [fresh.pk] and related_section(body) == [article.title]
