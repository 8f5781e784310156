"""`dayuan import PATH`: a page saved as HTML or as text, told apart by content.

An HTML page is read by the same extractor as `dayuan extract` (title, time, author,
body, tags, region); a page saved as text goes to the text importer. Bad input is
refused before anything is written, with one line in Chinese: an empty file, a binary
file, or a page with no article in it (a site's home page, a list of links).
"""

from pathlib import Path

from django.db import transaction

from dayuan.text import dates
from dayuan.text.body import is_prose
from dayuan.text.decode import decode_html
from dayuan.text.extract import ExtractError, extract, looks_like_html
from dayuan.text.keywords import extract_tags
from dayuan.text.regions import classify_regions

from . import importing
from .importing import ImportFailed, ImportResult
from .models import Article, Region, Tag

MAX_BYTES = 20 * 1024 * 1024
SNIFF_BYTES = 8192
# Of the body, this many characters must be prose (lines with a sentence end) and at
# least this share of it: a home page or a list page is headlines, not sentences.
ARTICLE_MIN_PROSE = 80
ARTICLE_MIN_PROSE_SHARE = 0.5


def import_page(path, *, article_id=None, channel_slug=None, region_slug=None, publish=False):
    """Import the file at path, HTML or text; raises ImportFailed, writing nothing, on bad input."""
    data = _read_bytes(Path(path))
    if not looks_like_html(decode_html(data[: SNIFF_BYTES * 4])):
        return importing.import_text_page(
            path, article_id=article_id, channel_slug=channel_slug, region_slug=region_slug, publish=publish
        )
    return import_html(
        decode_html(data), article_id=article_id, channel_slug=channel_slug, region_slug=region_slug, publish=publish
    )


def import_html(html, *, article_id=None, channel_slug=None, region_slug=None, publish=False):
    article_id = importing._check_id(article_id)
    try:
        found = extract(html)
    except ExtractError as error:
        raise ImportFailed(f"页面中没有找到文章：{error}") from None
    check_article(found)
    if not channel_slug:
        raise ImportFailed("网页上没有栏目信息，请用 --channel 指定栏目")
    channel = importing._channel(channel_slug, None)
    region = _region(region_slug, found)
    if publish and found.published is None:
        raise ImportFailed("网页上没有找到发布时间，无法按页面时间发布；去掉 --publish 可存为草稿")
    published_at = found.published.astimezone(dates.SHANGHAI) if found.published else None
    tags = extract_tags(found.title, found.text, k=5)
    _check_lengths(found, tags)
    existing = importing._existing(article_id, found.title, published_at)
    with transaction.atomic():
        article = existing or Article(pk=article_id)
        article.title = found.title
        article.author = found.author[: Article._meta.get_field("author").max_length]
        article.channel, article.region = channel, region
        article.body = found.html
        article.published_at = published_at
        article.source_name = found.source_name
        article.source_url = found.url or ""
        if publish:
            article.status = Article.Status.PUBLISHED
        elif existing is None:
            article.status = Article.Status.DRAFT
        importing._save(article, existing, article_id)
        importing._set_tags(article, tags)
    return ImportResult(article=article, created=existing is None, page=found)


def check_article(found):
    """Refuse what is not one article: no headline, or a body of headlines, not prose."""
    lines = [line for line in found.text.splitlines() if line.strip()]
    prose = sum(len(line) for line in lines if is_prose(line))
    total = sum(len(line) for line in lines) or 1
    if not found.title or prose < ARTICLE_MIN_PROSE or prose < total * ARTICLE_MIN_PROSE_SHARE:
        raise ImportFailed("页面中没有找到文章正文（可能是网站首页或列表页），未导入")


def _read_bytes(path):
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ImportFailed(f"文件过大（超过 20 MB）：{path}")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"文件不存在：{path}") from None
    except IsADirectoryError:
        raise ImportFailed(f"这是一个目录，不是网页或文本文件：{path}") from None
    except OSError as error:
        raise ImportFailed(f"无法读取文件：{path}（{error.strerror or error}）") from None
    if not data.strip():
        raise ImportFailed(f"文件是空的：{path}")
    if _binary(data[:SNIFF_BYTES]):
        raise ImportFailed(f"不是网页或文本文件（是二进制文件）：{path}")
    return data


def _binary(head):
    """NUL bytes or many control characters: an image, an archive, a program."""
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return controls > len(head) * 0.05


def _region(slug, found):
    if slug:
        return importing._region(slug, None)
    for score in classify_regions(found.title, found.text):
        region = Region.objects.filter(code=score.code).first()
        if region is not None:
            return region
    raise ImportFailed("网页上没有找到本站地区表中的地区，请用 --region 指定地区")


def _check_lengths(found, tags):
    limits = [
        ("标题", found.title, Article._meta.get_field("title").max_length),
        ("来源", found.source_name, Article._meta.get_field("source_name").max_length),
        ("原文链接", found.url or "", Article._meta.get_field("source_url").max_length),
        *[("标签", tag, Tag._meta.get_field("name").max_length) for tag in tags],
    ]
    for label, value, limit in limits:
        if len(value) > limit:
            raise ImportFailed(f"{label}过长（最多 {limit} 字）：{value[:limit]}…")
