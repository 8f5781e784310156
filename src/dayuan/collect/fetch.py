"""Polite HTTP fetching for the collector.

One ``Fetcher`` per run: an httpx client with timeouts, retries with
exponential backoff on timeouts, connection errors and 429/5xx, one request
at a time per host with a delay between them (robots.txt's Crawl-delay wins
when longer), robots.txt through protego, conditional GET, a size cap read
from the stream (a 20 MB page never sits in memory), and redirects up to a
limit. Connections go only to public addresses (dayuan.core.netguard: checked after DNS,
on every redirect, pinned against rebinding). Every failure is a ``FetchError`` with a Chinese reason that ends up
in the item's record.
"""

import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from protego import Protego

from dayuan.core.netguard import BlockedAddress, guarded_client
from dayuan.text.decode import declared_charsets, decode  # noqa: F401  (one decoder for every page)

RETRY_STATUSES = {429, 500, 502, 503, 504}


def conf(name):
    return getattr(settings, name)  # defaults live in dayuan.core.conf


class FetchError(Exception):
    """A page that could not be fetched; ``reason`` is shown to the admin user."""

    def __init__(self, reason, status=None):
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass
class Page:
    url: str  # the final URL, after redirects
    status: int
    content: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False
    _decoded: tuple = field(default=None, repr=False)

    @property
    def text(self):
        return self._decode()[0]

    @property
    def encoding(self):
        return self._decode()[1]

    def _decode(self):
        if self._decoded is None:
            self._decoded = decode(self.content, self.content_type)
        return self._decoded


# ---------------------------------------------------------------------------
# The fetcher.


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class Fetcher:
    """Fetch pages politely; use one per run (``with Fetcher() as f: f.get(url)``)."""

    def __init__(
        self,
        *,
        timeout=None,
        retries=None,
        backoff=None,
        delay=None,
        max_bytes=None,
        max_redirects=None,
        user_agent=None,
        robots=True,
    ):
        self.timeout = conf("COLLECT_TIMEOUT") if timeout is None else timeout
        self.retries = conf("COLLECT_RETRIES") if retries is None else retries
        self.backoff = conf("COLLECT_BACKOFF") if backoff is None else backoff
        self.delay = conf("COLLECT_HOST_DELAY") if delay is None else delay
        self.max_bytes = conf("COLLECT_MAX_BYTES") if max_bytes is None else max_bytes
        self.user_agent = user_agent or conf("COLLECT_USER_AGENT")
        self.check_robots = robots
        self.client = guarded_client(  # never the site's own network (netguard)
            timeout=httpx.Timeout(self.timeout),
            follow_redirects=True,
            max_redirects=conf("COLLECT_MAX_REDIRECTS") if max_redirects is None else max_redirects,
            headers={"User-Agent": self.user_agent, "Accept-Language": "zh-CN,zh;q=0.9"},
        )
        self._host_locks = defaultdict(threading.Lock)
        self._last_request = {}
        self._robots = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.client.close()

    # robots.txt ---------------------------------------------------------

    def robots(self, url):
        """The parsed robots.txt of url's origin (None: no rules, fetch freely)."""
        key = origin(url)
        if key not in self._robots:
            rules = None
            try:
                page = self._request(f"{key}/robots.txt", max_bytes=512 * 1024, retries=0)
                if page.status == 200:
                    rules = Protego.parse(page.text)
            except FetchError:
                pass  # unreachable robots.txt: treat as no rules, like most crawlers
            self._robots[key] = rules
        return self._robots[key]

    def allowed(self, url):
        if not self.check_robots or urlsplit(url).scheme not in ("http", "https"):
            return True
        rules = self.robots(url)
        return rules is None or rules.can_fetch(url, self.user_agent)

    def host_delay(self, url):
        rules = self._robots.get(origin(url))
        crawl_delay = rules.crawl_delay(self.user_agent) if rules is not None else None
        if crawl_delay:
            return max(self.delay, min(float(crawl_delay), conf("COLLECT_MAX_CRAWL_DELAY")))
        return self.delay

    # fetching -----------------------------------------------------------

    def get(self, url, *, etag="", last_modified="", max_bytes=None):
        """Fetch url (robots.txt permitting); a 304 gives ``Page(not_modified=True)``.

        Raises FetchError for robots exclusion, HTTP errors, timeouts, too many
        redirects and pages over the size cap.
        """
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(f"不支持的网址：{url}")
        if not self.allowed(url):
            raise FetchError("robots.txt 禁止采集该页面")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        page = self._request(url, headers=headers, max_bytes=max_bytes)
        if page.status == 304:
            page.not_modified = True
            return page
        if page.status >= 400:
            raise FetchError(f"HTTP {page.status} 错误", status=page.status)
        return page

    def _request(self, url, headers=None, max_bytes=None, retries=None):
        retries = self.retries if retries is None else retries
        attempt = 0
        while True:
            try:
                page = self._once(url, headers or {}, max_bytes or self.max_bytes)
            except httpx.TooManyRedirects:
                raise FetchError("重定向次数过多（可能是重定向循环）") from None
            except httpx.TimeoutException:
                error = FetchError(f"请求超时（超过 {self.timeout:g} 秒）")
            except httpx.InvalidURL:
                raise FetchError(f"网址无效：{url}") from None
            except BlockedAddress as blocked:
                raise FetchError(blocked.reason) from None
            except httpx.HTTPError as exc:
                error = FetchError(f"网络错误：{type(exc).__name__}")
            else:
                if page.status not in RETRY_STATUSES or attempt >= retries:
                    return page
                error = None
            if attempt >= retries:
                raise error
            time.sleep(self.backoff * (2**attempt))
            attempt += 1

    def _once(self, url, headers, max_bytes):
        host = urlsplit(url).netloc.lower()
        with self._host_locks[host]:  # one request at a time per host
            wait = self._last_request.get(host, 0) + self.host_delay(url) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                return self._stream(url, headers, max_bytes)
            finally:
                self._last_request[host] = time.monotonic()

    def _stream(self, url, headers, max_bytes):
        with self.client.stream("GET", url, headers=headers) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(_too_big(max_bytes), status=response.status_code)
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(_too_big(max_bytes), status=response.status_code)
                chunks.append(chunk)
            return Page(
                url=str(response.url),
                status=response.status_code,
                content=b"".join(chunks),
                content_type=response.headers.get("Content-Type", ""),
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
            )


def _too_big(max_bytes):
    return f"页面超过大小上限（{max_bytes / 1024 / 1024:g} MB）"
