"""The fetcher: decoding, politeness, robots.txt, retries, caps and conditional GET."""

import time

import pytest

from dayuan.collect.fetch import Fetcher, FetchError, declared_charsets, decode

from .site import SLOW_SECONDS, STORIES, dede_article, pboot_article

TEXT = "太原市启动老旧小区改造二期工程，涉及小店区、迎泽区等六个城区的一百余个小区。"


@pytest.fixture
def fetcher():
    with Fetcher(timeout=0.5, retries=1, backoff=0.01, delay=0, max_bytes=2 * 1024 * 1024) as f:
        yield f


class TestDecode:
    def test_utf8_without_declaration(self):
        """UTF-8 bytes decode as UTF-8 whatever is (not) declared."""
        assert decode(TEXT.encode())[1] == "utf-8"

    def test_gbk_declared_in_header(self):
        """A GBK page with a GBK header decodes through GB18030, the superset."""
        text, codec = decode(TEXT.encode("gbk"), "text/html; charset=GBK")
        assert (text, codec) == (TEXT, "gb18030")

    def test_meta_charset_lies(self):
        """GBK bytes under a meta tag claiming UTF-8 still decode right."""
        page = dede_article(STORIES["pingyao"], charset="utf-8").encode("gbk")
        text, codec = decode(page, "text/html")
        assert codec == "gb18030" and "平遥古城" in text

    def test_header_says_gbk_but_bytes_are_utf8(self):
        """A wrong GBK header over UTF-8 bytes is overruled."""
        text, codec = decode(f"<meta charset=gbk><p>{TEXT}</p>".encode(), "text/html; charset=gbk")
        assert codec == "utf-8" and TEXT in text

    def test_big5_against_a_gb2312_header(self):
        """Big5 bytes decode as Big5 when the header says GB2312 and the meta Big5."""
        page = dede_article(STORIES["changzhi"], charset="big5").encode("big5", "xmlcharrefreplace")
        text, codec = decode(page, "text/html; charset=gb2312")
        assert codec == "big5hkscs" and "太行山大峽谷" in text

    def test_gb2312_meta_with_rare_character(self):
        """A page declaring GB2312 with a character outside it (镕) is not garbled."""
        page = ('<meta charset="gb2312"><p>朱镕基' + TEXT + "</p>").encode("gb18030")
        assert "朱镕基" in decode(page)[0]

    def test_declared_charsets(self):
        """Header first, then meta; aliases normalised."""
        page = pboot_article(STORIES["datong"], "gb2312").encode("gbk")
        assert declared_charsets(page, "text/html; charset=utf-8") == ["utf-8", "gb18030"]

    def test_garbage_never_raises(self):
        """Undecodable bytes come back with replacement characters, not an exception."""
        text, _ = decode(bytes(range(128, 256)) * 10)
        assert isinstance(text, str)


class TestFetcher:
    def test_gbk_page(self, fetcher, fixture_site):
        """The fetched PbootCMS GBK page reads as Chinese."""
        page = fetcher.get(fixture_site.url("/news/42.html"))
        assert page.encoding == "gb18030" and "云冈区教育局" in page.text

    def test_404(self, fetcher, fixture_site):
        with pytest.raises(FetchError, match="HTTP 404") as exc:
            fetcher.get(fixture_site.url("/nothing-here.html"))
        assert exc.value.status == 404

    def test_500_is_retried(self, fetcher, fixture_site):
        """A server error is retried once, then reported."""
        path = "/a/gsxw/2024/0101/500.html"
        before = fixture_site.hits.get(path, 0)
        with pytest.raises(FetchError, match="HTTP 500"):
            fetcher.get(fixture_site.url(path))
        assert fixture_site.hits[path] - before == 2

    def test_timeout(self, fixture_site):
        """A response slower than the timeout fails with a timeout reason, quickly."""
        started = time.monotonic()
        with Fetcher(timeout=0.3, retries=0, delay=0) as f, pytest.raises(FetchError, match="超时"):
            f.get(fixture_site.url("/a/gsxw/2024/0101/slow.html"))
        assert time.monotonic() - started < SLOW_SECONDS

    def test_redirect_loop(self, fetcher, fixture_site):
        with pytest.raises(FetchError, match="重定向"):
            fetcher.get(fixture_site.url("/a/gsxw/2024/0101/loop.html"))

    def test_redirect_followed(self, fetcher, fixture_site):
        page = fetcher.get(fixture_site.url("/single.html"))
        assert page.url == fixture_site.url("/a/gsxw/2024/0516/101.html") and page.status == 200

    def test_robots_disallow(self, fetcher, fixture_site):
        """A path robots.txt disallows is refused without being requested."""
        path = "/private/2024/0101/107.html"
        with pytest.raises(FetchError, match="robots.txt"):
            fetcher.get(fixture_site.url(path))
        assert fixture_site.hits.get(path, 0) == 0
        assert fetcher.allowed(fixture_site.url("/news/42.html"))

    def test_size_cap_on_a_stream(self, fetcher, fixture_site):
        """A 20 MB chunked response is cut off at the cap, not read whole."""
        started = time.monotonic()
        with pytest.raises(FetchError, match="大小上限"):
            fetcher.get(fixture_site.url("/a/gsxw/2024/0101/huge.html"))
        assert time.monotonic() - started < 5

    def test_size_cap_from_content_length(self, fixture_site):
        """A declared Content-Length over the cap is refused before reading."""
        with Fetcher(delay=0, max_bytes=1000) as f, pytest.raises(FetchError, match="大小上限"):
            f.get(fixture_site.url("/news/42.html"))

    def test_conditional_get(self, fetcher, fixture_site):
        """ETag and Last-Modified are sent back, and a 304 is reported as not modified."""
        first = fetcher.get(fixture_site.url("/rss.xml"))
        assert first.etag == '"rss-v1"'
        assert fetcher.get(fixture_site.url("/rss.xml"), etag=first.etag).not_modified
        atom = fetcher.get(fixture_site.url("/atom.xml"))
        assert fetcher.get(fixture_site.url("/atom.xml"), last_modified=atom.last_modified).not_modified

    def test_politeness_delay(self, fixture_site):
        """Two requests to one host are spaced by the delay."""
        with Fetcher(delay=0.2, retries=0) as f:
            f.get(fixture_site.url("/news/42.html"))
            started = time.monotonic()
            f.get(fixture_site.url("/news/42.html"))
            assert time.monotonic() - started >= 0.19

    def test_only_http(self, fetcher):
        with pytest.raises(FetchError, match="不支持"):
            fetcher.get("file:///etc/passwd")
