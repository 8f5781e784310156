"""Import a news page saved as text from a browser as an Article (`dayuan import`).

Everything is checked before anything is written; the writes then happen in one
transaction, so a failed import leaves the database as it was. Importing the
same page again updates the article it made the first time.
"""

from dataclasses import dataclass
from html import escape
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import connection, transaction

from dayuan.text import gazetteer
from dayuan.text.textpage import TextPage, parse_text_page

from .models import Article, Channel, Flag, Region, Tag

# Chinese news pages give times in Beijing time whatever the server's zone is.
PAGE_TIME_ZONE = ZoneInfo("Asia/Shanghai")
ENCODINGS = ("utf-8-sig", "gb18030")


class ImportFailed(ValueError):
    """An import that can't go ahead; the message is for the person running it."""


@dataclass
class ImportResult:
    article: Article
    created: bool
    page: TextPage

    @property
    def url(self):
        return self.article.get_absolute_url()


def import_text_page(path_or_text, *, article_id=None, channel_slug=None, region_slug=None, publish=False):
    """Create or update the article a text page shows; raises ImportFailed on bad input.

    `path_or_text` is a Path, a path as a string, or the page's text itself (a string
    with a line break in it).
    """
    article_id = _check_id(article_id)
    page = parse_text_page(_read(path_or_text))
    _check_page(page)
    channel = _channel(channel_slug, page)
    region = _region(region_slug, page)
    _check_fields(page)
    published_at = page.published.replace(tzinfo=PAGE_TIME_ZONE)
    existing = _existing(article_id, page.title, published_at)

    with transaction.atomic():
        article = existing or Article(pk=article_id)
        article.title = page.title
        article.flag = _flag(page.flag) if page.flag else None
        # The meta line shows the editor, or the author when there is no editor.
        article.editor = page.editor if page.editor or page.author else Article._meta.get_field("editor").default
        article.author = page.author
        article.channel = channel
        article.region = region
        article.body = blocks_to_html(page.blocks)
        article.published_at = published_at
        if publish:
            article.status = Article.Status.PUBLISHED
        elif existing is None:
            article.status = Article.Status.DRAFT
        # An existing article keeps its status: re-importing a page to correct its
        # text must not take a published article off the site.
        if page.statement:
            article.statement = page.statement
        article.source_name = page.source_name
        article.source_url = page.source_url
        _save(article, existing, article_id)
        _set_tags(article, page.tags)
    return ImportResult(article=article, created=existing is None, page=page)


def blocks_to_html(blocks):
    return "\n".join(f"<{kind}>{escape(text, quote=False)}</{kind}>" for kind, text in blocks)


# --- checks (no writes) -------------------------------------------------------


def _check_id(article_id):
    if article_id is None or article_id == "":
        return None
    try:
        value = int(str(article_id).strip())
    except ValueError:
        value = 0
    if value <= 0 or str(article_id).strip() != str(value):
        raise ImportFailed(f"文章编号必须是正整数：{article_id}")
    return value


def _read(path_or_text):
    if isinstance(path_or_text, str) and "\n" in path_or_text:
        return path_or_text
    path = Path(path_or_text)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"文件不存在：{path}") from None
    except IsADirectoryError:
        raise ImportFailed(f"这是一个目录，不是文本文件：{path}") from None
    except OSError as error:
        raise ImportFailed(f"无法读取文件：{path}（{error.strerror or error}）") from None
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed(f"文件不是 UTF-8 或 GB18030 编码的文本：{path}")


def _check_page(page):
    if page.published is None:
        raise ImportFailed("页面上没有找到发布时间（如 2022-10-22 10:00），无法确定标题和正文的位置")
    if not page.title:
        raise ImportFailed("页面上没有找到标题（发布时间那一行之前应有标题）")
    if not page.blocks:
        raise ImportFailed("页面上没有找到正文（发布时间那一行之后应有正文段落）")


def _channel(slug, page):
    if slug:
        channel = Channel.objects.filter(slug=slug.strip()).first()
        if channel is None:
            raise ImportFailed(f"未知栏目：{slug}")
        return channel
    # The page's own address (本文地址：…/<channel>/<region>/<id>.html) names its channel.
    segments = [part for part in page.address_url.split("/")[3:] if part]
    channel = Channel.objects.filter(slug=segments[0]).first() if len(segments) == 3 else None
    if channel is None:
        raise ImportFailed("页面上没有栏目信息，请用 --channel 指定栏目")
    return channel


def _region(slug, page):
    if slug:
        region = _region_for(gazetteer.lookup(slug)) or Region.objects.filter(slug=slug.strip()).first()
        if region is None:
            raise ImportFailed(f"未知地区：{slug}")
        return region
    if not page.region_name:
        raise ImportFailed("页面上没有找到地区，请用 --region 指定地区")
    region = _region_for(gazetteer.lookup(page.region_name))
    if region is None:
        raise ImportFailed(f"页面上的地区“{page.region_name}”不在地区表中，请用 --region 指定地区")
    return region


def _region_for(place):
    # A county rolls up fine: every county has its own row, under its city.
    return Region.objects.filter(code=place.code).first() if place else None


def _check_fields(page):
    limits = [
        ("标题", page.title, Article._meta.get_field("title").max_length),
        ("编辑", page.editor, Article._meta.get_field("editor").max_length),
        ("作者", page.author, Article._meta.get_field("author").max_length),
        ("来源", page.source_name, Article._meta.get_field("source_name").max_length),
        ("标题前缀", page.flag, Flag._meta.get_field("name").max_length),
        *[("标签", tag, Tag._meta.get_field("name").max_length) for tag in page.tags],
    ]
    for label, value, limit in limits:
        if len(value) > limit:
            raise ImportFailed(f"{label}过长（最多 {limit} 字）：{value[:limit]}…")


def _existing(article_id, title, published_at):
    same_page = Article.objects.filter(title=title, published_at=published_at).order_by("pk").first()
    if article_id is None:
        return same_page
    article = Article.objects.filter(pk=article_id).first()
    if article is None and same_page is not None:
        raise ImportFailed(
            f"这个页面已导入为文章 {same_page.pk}（标题和发布时间相同）；请用 --id {same_page.pk} 更新它，以免重复"
        )
    return article


def _validation_message(error):
    messages = []
    for field, errors in error.message_dict.items():
        name = Article._meta.get_field(field).verbose_name if field != "__all__" else ""
        messages += [f"{name}：{message}" if name else message for message in errors]
    return "；".join(messages)


# --- writes (inside the transaction) -------------------------------------------


def _save(article, existing, article_id):
    """Validate and save (inside the caller's transaction); a new explicit id moves the sequence."""
    try:
        article.full_clean(exclude=["tags", "flags"], validate_unique=False)
    except ValidationError as error:
        raise ImportFailed(_validation_message(error)) from None
    article.save()
    if existing is None and article_id is not None:
        _reset_id_sequence()


def _reset_id_sequence():
    """After an insert with an explicit id, move PostgreSQL's id sequence past it.

    Otherwise a later article created without an id would be given that id and fail.
    SQLite needs nothing (its next id is always max(id) + 1).
    """
    sql = connection.ops.sequence_reset_sql(no_style(), [Article])
    if sql:
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)


def _flag(name):
    flag = Flag.objects.filter(name=name).first()
    if flag is None:
        flag = Flag.objects.create(name=name, slug=_unique_flag_slug(name), show_in_title=True)
    return flag


def _unique_flag_slug(name):
    # Imported here: its phrase tables are ~50 MB in every process that loads this module
    # (every web and bake worker), and only a new flag's slug needs them.
    from pypinyin import Style, lazy_pinyin

    initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, strict=False)).lower()
    base = "".join(ch for ch in initials if ch.isascii() and ch.isalnum())[:24] or "flag"
    slug, number = base, 1
    while Flag.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _set_tags(article, names):
    names = list(dict.fromkeys(names))  # a tag listed twice is one tag
    if [tag.name for tag in article.ordered_tags] != names:
        article.set_tags(names)
