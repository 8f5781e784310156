"""试采: what a source would collect from one page, shown to the operator and never saved.

The same fetcher, discovery and extraction as a run (collect.services.Collector), stopped
before anything is stored: no run, no item, no article, no fingerprint, no image download.
"""

from dataclasses import dataclass, field

from django.utils.html import strip_tags

from dayuan.text import dedupe

from . import discover, textapi
from .fetch import Fetcher, FetchError
from .models import Source
from .services import Collector, Skip, choose_channel, choose_region, known_url, site_idf

LISTED = 20  # entries shown from the source's feed, sitemap or list page
TEXT_CHARS = 1500


@dataclass
class Preview:
    entries: list = field(default_factory=list)  # [discover.Entry] the source lists now
    url: str = ""  # the page read
    error: str = ""  # why nothing could be read, in Chinese
    title: str = ""
    published: object = None
    author: str = ""
    text: str = ""
    text_length: int = 0
    images: list = field(default_factory=list)
    channel: object = None
    region: object = None
    tags: list = field(default_factory=list)
    duplicate_of: object = None  # an article already collected from this address


def entries(source, fetcher):
    kind = Source.Kind
    if source.kind == kind.FILE:
        return discover.entries_from_path(source.url)
    if source.kind == kind.URL:
        return [discover.Entry(source.url)]
    page = fetcher.get(source.url)  # no ETag: a preview always reads the page
    if source.kind == kind.FEED:
        return discover.entries_from_feed(page)
    if source.kind == kind.SITEMAP:
        return discover.entries_from_sitemap(page, fetcher)
    return discover.entries_from_list(page, source.link_pattern)


def preview(source, url=""):
    """Read the source's list and one page (`url`, or the first entry); returns a Preview."""
    result = Preview()
    with Fetcher() as fetcher:
        try:
            result.entries = entries(source, fetcher)[: max(LISTED, source.max_items or 0)]
            entry = next((e for e in result.entries if e.url == url), None) if url else None
            entry = entry or (discover.Entry(url) if url else (result.entries[0] if result.entries else None))
            if entry is None:
                result.error = "来源里没有找到文章链接（检查网址、类型和链接规则）。"
                return result
            result.url = entry.url
            result.duplicate_of = known_url(dedupe.canonical_url(entry.url))
            collector = Collector(source, fetcher=fetcher)  # only its read and headline: they store nothing
            final, extracted, _status = collector.read(entry)
        except FetchError as error:
            result.error = f"无法读取：{error.reason}"
            return result
        except (Skip, textapi.ExtractError) as error:
            result.error = f"未识别到文章正文：{error}"
            return result
        except (OSError, ValueError) as error:  # a file source's path: missing, outside the import folder
            result.error = f"无法读取：{error}"
            return result
    title = collector.headline(entry, extracted)
    text = extracted.text or strip_tags(extracted.html or "")
    result.title, result.published, result.author = title, extracted.published, extracted.author
    result.text, result.text_length, result.images = text[:TEXT_CHARS], len(text), list(extracted.images)
    result.channel, result.region = choose_channel(source, title, text), choose_region(source, title, text)
    result.tags = [str(getattr(t, "word", t)) for t in textapi.extract_tags(title, text, k=5, idf=site_idf())][:5]
    return result
