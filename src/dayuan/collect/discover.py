"""Find the article links of a source: feeds, sitemaps, list pages, URLs, files."""

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.etree
import lxml.html

from .fetch import FetchError

TEXT_SUFFIXES = {".html", ".htm", ".shtml", ".txt"}
# Links on a list page that look like article pages: a numeric id or a date in the path.
ARTICLE_PATH = re.compile(r"(\d{4}[-/]?\d{2}|/\d{3,}|[_-]\d{3,}|\d{5,})[^/]*$|\.s?html?$", re.I)
NOT_ARTICLE_PATH = re.compile(r"(/list[_-]|/index[_-]?\d*\.|/tags?/|/search|/login|/about|/contact|javascript:)", re.I)
MIN_ANCHOR_CHARS = 6
MAX_CHILD_SITEMAPS = 5


@dataclass
class Entry:
    url: str  # an http(s) URL, or a local path for file sources
    title: str = ""


def entries_from_feed(page):
    feed = feedparser.parse(page.content)
    if feed.bozo and not feed.entries:
        raise FetchError("订阅内容无法解析（不是 RSS/Atom）")
    return [Entry(urljoin(page.url, e.link), e.get("title", "")) for e in feed.entries if e.get("link")]


def _local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_sitemap(content):
    """(entries, child_sitemap_urls) from a sitemap, sitemap index or news sitemap."""
    try:
        root = lxml.etree.fromstring(
            content, parser=lxml.etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
        )
    except lxml.etree.XMLSyntaxError:
        root = None
    if root is None:
        raise FetchError("站点地图无法解析（不是 XML）")
    entries, children = [], []
    for node in root:
        kind = _local(node.tag)
        loc = next((c.text.strip() for c in node.iter() if _local(c.tag) == "loc" and c.text), "")
        if not loc:
            continue
        if kind == "sitemap":
            children.append(loc)
        elif kind == "url":
            title = next((c.text.strip() for c in node.iter() if _local(c.tag) == "title" and c.text), "")
            lastmod = next(
                (c.text.strip() for c in node.iter() if _local(c.tag) in ("publication_date", "lastmod") and c.text), ""
            )
            entries.append((lastmod, Entry(loc, title)))
    # Newest first when dates are given, so max_items keeps the latest stories.
    entries.sort(key=lambda pair: pair[0], reverse=True)
    return [entry for _, entry in entries], children


def entries_from_sitemap(page, fetcher):
    entries, children = parse_sitemap(page.content)
    for child in children[:MAX_CHILD_SITEMAPS]:
        try:
            more, _ = parse_sitemap(fetcher.get(child).content)
        except FetchError:
            continue
        entries.extend(more)
    return entries


def entries_from_list(page, link_pattern=""):
    """Article links on a channel page: same site, article-like path, a headline as anchor text."""
    doc = lxml.html.document_fromstring(page.text or "<html></html>")
    doc.make_links_absolute(page.url, resolve_base_href=True)
    host = urlsplit(page.url).hostname
    pattern = re.compile(link_pattern) if link_pattern else None
    seen, entries = set(), []
    for anchor in doc.iter("a"):
        href = (anchor.get("href") or "").split("#")[0]
        if not href.startswith(("http://", "https://")) or href in seen or href == page.url:
            continue
        text = re.sub(r"\s+", " ", anchor.text_content()).strip() or anchor.get("title", "")
        if pattern:
            if not pattern.search(href):
                continue
        elif (
            urlsplit(href).hostname != host
            or NOT_ARTICLE_PATH.search(href)
            or not ARTICLE_PATH.search(urlsplit(href).path)
            or len(text) < MIN_ANCHOR_CHARS
        ):
            continue
        seen.add(href)
        entries.append(Entry(href, text))
    return entries


def import_root():
    from django.conf import settings

    return Path(settings.DAYUAN_IMPORT_DIR).resolve()


def import_path(path):
    """The real path of a `file` source's file or folder; FetchError unless it lies under the
    import folder (DAYUAN_IMPORT_DIR) once "..", "~" and symlinks are resolved."""
    root = import_root()
    real = (root / Path(path).expanduser()).resolve()  # a relative path is taken inside the folder
    if not real.is_relative_to(root):
        raise FetchError(f"只能采集导入目录（{root}）中的文件：{path}")
    return real


def entries_from_path(path):
    path = import_path(path)
    if path.is_dir():
        return [
            Entry(str(p))
            for p in sorted(path.rglob("*"))
            if p.suffix.lower() in TEXT_SUFFIXES and p.resolve().is_relative_to(import_root())
        ]
    if path.exists():
        return [Entry(str(path))]
    raise FetchError(f"找不到本地文件或目录：{path}")
