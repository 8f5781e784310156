"""A thin WSGI layer in front of Django that answers baked pages from memory.

For GET and HEAD without a query string, the URL's baked file is looked up
under the public root; it is held in memory and revalidated by one stat()
per request (mtime, size, inode), so a re-bake or a removal is seen at once
and no database or template is touched. Only the gzip twin is held (a fifth of
the page), so the pages of a whole site fit in the cache; the rare reader
without gzip gets it unpacked. It answers with ETag, Last-Modified
and Cache-Control, 304 to a matching If-None-Match / If-Modified-Since, and
the gzip twin when the client accepts it. An article page without a file yet
(or a list page, a feed, the home page) is rendered by the bulk renderer, as
its bake would render it, and stored as its file; every other page without a
file goes to Django, and a bakeable page it answers with 200 is queued for
baking, so the next reader gets the file.
"""

import functools
import gzip
import logging
import os
import struct
import zlib
from collections import OrderedDict
from email.utils import formatdate, parsedate_to_datetime
from threading import Lock

from django.conf import settings
from django.http.request import split_domain_port, validate_host

from dayuan.core import security

from . import conf, paths

log = logging.getLogger(__name__)

SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
]


def page_headers(content_type, cache_control, extra_headers):
    """What every page this layer answers carries, baked or rendered cold."""
    return [
        ("Content-Type", content_type),
        ("Cache-Control", cache_control),
        ("Vary", "Accept-Encoding"),
        *SECURITY_HEADERS,
        *extra_headers,
    ]


class Entry:
    """A baked file in memory, with its response headers built once: the gzip twin, or the
    body itself when the page is too small to be worth compressing."""

    __slots__ = ("key", "_body", "gz", "etag", "mtime", "size", "headers", "plain_headers", "gz_headers")

    def __init__(self, key, body, gz, content_type, mtime, cache_control, extra_headers=()):
        self.key = key
        self._body = body if gz is None else None
        self.gz = gz
        self.mtime = int(mtime)
        self.etag = f'"{key[0]:x}-{key[1]:x}"'
        self.size = len(gz if gz is not None else body)
        self.headers = [
            ("ETag", self.etag),
            ("Last-Modified", formatdate(self.mtime, usegmt=True)),
            *page_headers(content_type, cache_control, extra_headers),
        ]
        self.plain_headers = [*self.headers, ("Content-Length", str(len(body)))]
        self.gz_headers = (
            None if gz is None else [*self.headers, ("Content-Encoding", "gzip"), ("Content-Length", str(len(gz)))]
        )

    @property
    def body(self):
        return self._body if self.gz is None else gzip.decompress(self.gz)


class BakedPages:
    def __init__(self, app, root=None, max_age=None, cache_bytes=None):
        self.app = app
        self.root = str(root or conf.public_root())
        max_age = conf.get("DAYUAN_PUBLIC_MAX_AGE") if max_age is None else max_age
        self.cache_control = f"public, max-age={int(max_age)}"
        self.cache_bytes = conf.get("DAYUAN_SERVE_CACHE_BYTES") if cache_bytes is None else cache_bytes
        self.cache = OrderedDict()
        self.cached_bytes = 0
        self.lock = Lock()
        self.routes = {}  # PATH_INFO → file relative to the root, or None (not a file URL)
        self.extra_headers = tuple(security.extra_headers())  # CSP, and HSTS with DAYUAN_HTTPS
        self.hosts = {}  # Host header → allowed by ALLOWED_HOSTS

    def host_allowed(self, environ):
        """Files answer only the site's host names; any other Host goes to Django (400)."""
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        allowed = self.hosts.get(host)
        if allowed is None:
            domain, _ = split_domain_port(host)
            allowed = bool(domain) and validate_host(domain, settings.ALLOWED_HOSTS)
            if len(self.hosts) > 1000:
                self.hosts.clear()
            self.hosts[host] = allowed
        return allowed

    def route(self, path_info):
        try:
            return self.routes[path_info]
        except KeyError:
            pass
        try:
            relative = paths.relative_file(path_info.encode("latin-1").decode("utf-8"))
        except UnicodeError:
            relative = None
        if len(self.routes) > 100_000:
            self.routes.clear()
        self.routes[path_info] = relative
        return relative

    # -- the file cache ---------------------------------------------------

    def lookup(self, relative):
        filename = self.root + "/" + relative
        try:
            st = os.stat(filename)
        except OSError:  # missing, or a name the filesystem can't hold (ENAMETOOLONG): Django's 404
            self.forget(relative)
            return None
        key = (st.st_mtime_ns, st.st_size, st.st_ino)
        entry = self.cache.get(relative)
        if entry is not None and entry.key == key:
            return entry
        try:
            entry = self.load(relative, filename, key, st)
        except OSError:
            return None
        self.remember(relative, entry)
        return entry

    def load(self, relative, filename, key, st):
        with open(filename, "rb") as handle:
            body = handle.read()
        if len(body) != st.st_size:  # replaced between stat and read: take the new one next time
            key = (0, len(body), 0)
        gz = None
        try:
            twin = os.stat(filename + ".gz")
            if twin.st_mtime_ns >= st.st_mtime_ns - 1_000_000_000:
                with open(filename + ".gz", "rb") as handle:
                    candidate = handle.read()
                if is_gzip_of(candidate, body):
                    gz = candidate
        except OSError:
            pass
        if gz is None and len(body) > 1024:
            gz = gzip.compress(body, 6, mtime=0)
        return Entry(key, body, gz, paths.content_type(relative), st.st_mtime, self.cache_control, self.extra_headers)

    def remember(self, relative, entry):
        with self.lock:
            old = self.cache.pop(relative, None)
            if old is not None:
                self.cached_bytes -= old.size
            if entry.size > self.cache_bytes:
                return
            self.cache[relative] = entry
            self.cached_bytes += entry.size
            while self.cached_bytes > self.cache_bytes and self.cache:
                _, evicted = self.cache.popitem(last=False)
                self.cached_bytes -= evicted.size

    def forget(self, relative):
        if relative in self.cache:
            with self.lock:
                old = self.cache.pop(relative, None)
                if old is not None:
                    self.cached_bytes -= old.size

    # -- WSGI ---------------------------------------------------------------

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        # A reader with a pending message (after posting a form) gets the live page,
        # which shows the message and clears it.
        if (
            (method == "GET" or method == "HEAD")
            and not environ.get("QUERY_STRING")
            and "messages=" not in environ.get("HTTP_COOKIE", "")
            and self.host_allowed(environ)
        ):
            path_info = environ.get("PATH_INFO", "")
            relative = self.route(path_info)
            if relative is not None:
                entry = self.lookup(relative)
                if entry is not None:
                    return self.answer(entry, environ, start_response, method)
                return self.fall_through(path_info.encode("latin-1").decode("utf-8"), environ, start_response)
        return self.app(environ, start_response)

    def answer(self, entry, environ, start_response, method):
        if ("HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ) and not_modified(entry, environ):
            start_response("304 Not Modified", entry.headers)
            return [b""]
        if entry.gz is not None and "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
            start_response("200 OK", entry.gz_headers)
            return [b""] if method == "HEAD" else [entry.gz]
        start_response("200 OK", entry.plain_headers)
        return [b""] if method == "HEAD" else [entry.body]

    def answer_cold(self, url_path, body, gz, environ, start_response):
        """A page just rendered: the headers of its baked file but no validators (the file's
        mtime will be the ETag), its gzip twin for readers that accept it."""
        content_type = paths.content_type(paths.relative_file(url_path))
        headers = page_headers(content_type, self.cache_control, self.extra_headers)
        if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
            body = gz
            headers.append(("Content-Encoding", "gzip"))
        headers.append(("Content-Length", str(len(body))))
        start_response("200 OK", headers)
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def fall_through(self, url_path, environ, start_response):
        cold = render_cold(url_path)
        if cold is not None:
            return self.answer_cold(url_path, *cold, environ, start_response)
        status_seen = []

        def capture(status, headers, exc_info=None):
            status_seen.append(status)
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        if status_seen and status_seen[0].startswith("200") and environ["REQUEST_METHOD"] == "GET":
            queue_bake(url_path)
        return result


def render_cold(url_path):
    """A page of the bulk renderer (an article, a list page, a feed, the home page) that is not
    baked yet, rendered as the bake will render it (the reader's token and captcha come from
    live.js, as on a baked page; an article shows the related articles its last bake kept)
    and stored as its baked file: (page, gzip twin). None for other
    pages, for a page that is not there as addressed (404, 301, 410), and on any error: Django's
    handler answers those."""
    from django.core.signals import request_finished, request_started

    from dayuan.core import memo

    from . import baking, bulk

    if bulk.article_pk(url_path) is not None:
        render = functools.partial(bulk.render_articles, cold=True)
    elif bulk.is_direct(url_path) and paths.is_bakeable(url_path):
        render = bulk.render_views
    else:
        return None
    # Outside Django's handler, so its request signals are sent here: they close a database
    # connection that is too old or broken, as for any request.
    request_started.send(sender=BakedPages)
    try:
        version = memo.current_version()
        page = render([url_path], version=version)[url_path]
        if page.status != 200:
            return None
        gz = baking.gzip_bytes(page.body)  # one twin for the file and for the reader
        keep_cold_page(url_path, page.body, gz, version)
        return page.body, gz
    except Exception:
        log.exception("could not render %s for a reader; Django's view answers", url_path)
        return None
    finally:
        request_finished.send(sender=BakedPages)


def keep_cold_page(url_path, body, gz, version):
    """Store a page rendered for a reader as its baked file, so the worker need not render it
    again. A change committed while it rendered would leave the file stale, so the content
    version is read again after the write: if it moved, the worker re-bakes the page from
    committed data. A change that commits after that read re-bakes its pages after its
    commit, so after this write."""
    from dayuan.core import memo

    from . import baking

    try:
        baking.write_page(url_path, body, gz=gz)
        if memo.current_version() == version:
            return
    except Exception:
        log.exception("could not store %s rendered for a reader; the worker will bake it", url_path)
    queue_bake(url_path)


def is_gzip_of(gz, body):
    """Whether `gz` holds `body`, by the CRC-32 and length in its trailer: as sure as unpacking
    it (a stale twin left by a crash has another checksum) at a tenth of the cost."""
    if len(gz) < 18 or gz[:2] != b"\x1f\x8b":
        return False
    return struct.unpack("<II", gz[-8:]) == (zlib.crc32(body), len(body) & 0xFFFFFFFF)


def not_modified(entry, environ):
    match = environ.get("HTTP_IF_NONE_MATCH")
    if match is not None:
        return entry.etag in match or match.strip() == "*"
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since:
        try:
            return int(parsedate_to_datetime(since).timestamp()) >= entry.mtime
        except (TypeError, ValueError, OverflowError):
            return False
    return False


def queue_bake(url_path):
    """Ask the worker to bake a page Django just rendered (once: the task key is the path)."""
    try:
        if not paths.is_bakeable(url_path):
            return
        from dayuan.tasks.registry import enqueue

        enqueue("publish.bake_paths", [url_path], unique_key=f"publish:paths:{url_path}"[:200])
    except Exception:  # the reader already has the page; baking it is a bonus
        log.exception("could not queue baking %s", url_path)
