"""Polite HTTP fetching for the collector.

One ``Fetcher`` per run: an httpx client with timeouts, retries with
exponential backoff on timeouts, connection errors and 429/5xx, one request
at a time per host with a delay between them (robots.txt's Crawl-delay wins
when longer), robots.txt through protego, conditional GET, a size cap read
from the stream (a 20 MB page never sits in memory), and redirects up to a
limit. Every failure is a ``FetchError`` with a Chinese reason that ends up
in the item's record.
"""

import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from protego import Protego

DEFAULTS = {
    "COLLECT_USER_AGENT": "DayuanBot/0.1 (news collector)",
    "COLLECT_TIMEOUT": 15.0,         # seconds, per request (connect, read, write, pool)
    "COLLECT_RETRIES": 2,            # extra attempts after the first
    "COLLECT_BACKOFF": 1.0,          # seconds; doubled on each retry
    "COLLECT_HOST_DELAY": 1.0,       # seconds between two requests to one host
    "COLLECT_MAX_CRAWL_DELAY": 10.0, # cap on robots.txt's Crawl-delay
    "COLLECT_MAX_BYTES": 5 * 1024 * 1024,
    "COLLECT_MAX_REDIRECTS": 5,
}
RETRY_STATUSES = {429, 500, 502, 503, 504}


def conf(name):
    return getattr(settings, name, DEFAULTS[name])


class FetchError(Exception):
    """A page that could not be fetched; ``reason`` is shown to the admin user."""

    def __init__(self, reason, status=None):
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass
class Page:
    url: str                     # the final URL, after redirects
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
# Decoding: header, meta and detection when they disagree or lie.

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_\-]+)""", re.I)
# The GB family is read as GB18030, its superset: a GBK page with one rare
# character would otherwise fail as "GB2312". Big5 likewise as Big5-HKSCS.
_SUPERSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "cp936": "gb18030", "euc-cn": "gb18030", "hz-gb-2312": "gb18030",
    "big5": "big5hkscs", "x-big5": "big5hkscs", "cp950": "big5hkscs",
    "iso-8859-1": "cp1252", "latin1": "cp1252", "ascii": "utf-8", "us-ascii": "utf-8",
    "utf8": "utf-8",
}
# The most frequent Chinese characters (simplified and traditional). Text
# decoded with the wrong codec is made of rare characters, so the share of
# these tells a right decoding from a wrong one that happens not to fail.
_COMMON = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点"
    "从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原"
    "又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革"
    "位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强"
    "放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交"
    "受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八"
    "离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布"
    "复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精"
    "值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照"
    "参红细引听该铁价严龙飞們個這說國來時會對發經進還過學後開動點與關應長問現實機體當從兩種樣對頭將義產"
    "業於為無與們電話務區歲總書農頭網際"
)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _normalize_charset(name):
    name = (name or "").strip().lower().replace("_", "-")
    name = _SUPERSETS.get(name, name)
    try:
        import codecs

        return codecs.lookup(name).name
    except LookupError:
        return None


def header_charset(content_type):
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type or "", re.I)
    return match.group(1) if match else None


def declared_charsets(content, content_type=None):
    """The charsets a page claims: the HTTP header, then meta / XML declaration."""
    head = content[:4096]
    found = [header_charset(content_type)]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        match = pattern.search(head)
        if match:
            found.append(match.group(1).decode("ascii", "ignore"))
    return [c for c in dict.fromkeys(_normalize_charset(c) for c in found if c) if c]


def _plausibility(text):
    cjk = _CJK.findall(text)
    if not cjk:
        return 0.5  # nothing to judge by
    return sum(ch in _COMMON for ch in cjk) / len(cjk)


def decode(content, content_type=None):
    """Bytes to text, returning (text, codec).

    Candidates: a BOM; UTF-8 when the bytes are valid UTF-8 (GBK text almost
    never is); every declared charset; then GB18030 and Big5-HKSCS. Each that
    decodes strictly is scored by the share of common Chinese characters, and
    the best wins, declared charsets winning ties. So a page whose header says
    GBK and whose meta says UTF-8 (or the reverse) decodes right, and so does a
    page that declares nothing. Nothing decodes strictly: charset-normalizer's
    guess, else GB18030 with replacement characters.
    """
    if not content:
        return "", "utf-8"
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if content.startswith(bom):
            return content[len(bom):].decode(codec, "replace"), codec
    declared = declared_charsets(content, content_type)
    order = list(dict.fromkeys(["utf-8", *declared, "gb18030", "big5hkscs"]))
    best = None
    for rank, codec in enumerate(order):
        try:
            text = content.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if codec == "utf-8" and not text.isascii():
            return text, codec
        score = _plausibility(text) + (0.02 if codec in declared else 0) - rank * 0.001
        if best is None or score > best[0]:
            best = (score, text, codec)
    if best is not None:
        return best[1], best[2]
    from charset_normalizer import from_bytes

    guess = from_bytes(content[:200_000]).best()
    if guess is not None and guess.encoding:
        codec = _normalize_charset(guess.encoding) or guess.encoding
        return content.decode(codec, "replace"), codec
    return content.decode("gb18030", "replace"), "gb18030"


# ---------------------------------------------------------------------------
# The fetcher.

def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class Fetcher:
    """Fetch pages politely; use one per run (``with Fetcher() as f: f.get(url)``)."""

    def __init__(self, *, timeout=None, retries=None, backoff=None, delay=None,
                 max_bytes=None, max_redirects=None, user_agent=None, robots=True):
        self.timeout = conf("COLLECT_TIMEOUT") if timeout is None else timeout
        self.retries = conf("COLLECT_RETRIES") if retries is None else retries
        self.backoff = conf("COLLECT_BACKOFF") if backoff is None else backoff
        self.delay = conf("COLLECT_HOST_DELAY") if delay is None else delay
        self.max_bytes = conf("COLLECT_MAX_BYTES") if max_bytes is None else max_bytes
        self.user_agent = user_agent or conf("COLLECT_USER_AGENT")
        self.check_robots = robots
        self.client = httpx.Client(
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
            except httpx.HTTPError as exc:
                error = FetchError(f"网络错误：{type(exc).__name__}")
            else:
                if page.status not in RETRY_STATUSES or attempt >= retries:
                    return page
                error = None
            if attempt >= retries:
                raise error
            time.sleep(self.backoff * (2 ** attempt))
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
            if declared.isdigit() and int(declared) > max_bytes:
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
