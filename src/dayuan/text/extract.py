"""Find the article in a news page: title, publish time, author/source line, body and images.

trafilatura finds the main content; the rules here are general ones for Chinese news
pages (no per-site rules): the headline is the heading that the <title> starts with,
the publish time is the first date shown after the headline, and the body loses its
原标题 / 来源 / 责任编辑 lines, promotion lines, and everything from the first
end-of-article marker on (related lists, comments, share bars, copyright footers).
"""

import copy
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from dayuan.text import dates
from dayuan.text.html import sanitize_html


# trafilatura logs every quirk of a page it reads (empty links, readability fallbacks)
# as warnings; for a collector reading thousands of pages they are noise.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


class ExtractError(ValueError):
    """The page cannot be read as an article (empty, not HTML, no body found)."""


@dataclass
class Extracted:
    title: str = ""
    published: datetime | None = None
    author: str = ""           # the author, or failing that the source line
    text: str = ""             # plain text, one paragraph a line
    html: str = ""             # sanitized HTML body
    images: list[str] = field(default_factory=list)
    source_name: str = ""      # 来源：…
    original_title: str = ""   # 原标题：… / 原题为《…》
    editor: str = ""           # 责任编辑：…
    url: str | None = None

    def as_dict(self):
        return {
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "author": self.author,
            "text": self.text,
            "html": self.html,
            "images": list(self.images),
            "source_name": self.source_name,
            "original_title": self.original_title,
            "editor": self.editor,
        }


WS = re.compile(r"\s+")
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
TITLE_SEPARATORS = re.compile(
    r"\s*(?:_|\||｜|--| - | — | – |(?<=[\u4e00-\u9fff！？”])[-—–](?=[\u4e00-\u9fff]))\s*")

# Lines holding metadata, removed from the body wherever they are.
ORIGINAL_TITLE = re.compile(r"^[（(]?\s*(?:本文)?原(?:标)?题(?:为|是)?\s*[:：]?\s*《?(?P<v>.+?)》?\s*[)）]?\s*$")
SOURCE_LINE = re.compile(r"^[【\[（(]?\s*(?:本文)?(?:文章)?来源\s*[:：|｜丨]\s*(?P<v>[^】\])）]{1,40})[】\])）]?$")
EDITOR_LINE = re.compile(r"^[【\[（(]?\s*(?:责任编辑|责编|编辑)\s*[:：|｜丨]\s*(?P<v>[^\]】)）]{1,30})")
AUTHOR_LINE = re.compile(r"^[（(]?\s*(?:作者|记者|文|撰文|采写)\s*[:：|｜丨/]\s*(?P<v>[^)）]{1,30})[)）]?$")

# Lines that end the article: whatever follows is related lists, comments or footers.
END_MARKERS = re.compile(
    r"^(?:[【\[]?\s*(?:责任编辑|责编)\s*[:：]"
    r"|关键词\s*>>|标签\s*[:：]"
    r"|免责声明|特别声明|版权声明|声明\s*[:：]"
    r"|网友评论|最热评论|最新评论|热门评论|查看更多评论|发表评论|我要评论|\d+\s*条评论|评论\s*[（(]\d"
    r"|分享到|分享至|Copyright|版权所有)",
    re.I,
)
# Headings of related lists and page widgets: they end the article only as a line of
# their own (相关阅读, 相关新闻>>), not as the start of a sentence (相关报道指出，……).
END_HEADINGS = re.compile(
    r"^[【\[]?\s*(?:(?:相关|延伸|推荐|热门|热点|扩展|猜你|更多|精彩)\s*[·•]?\s*"
    r"(?:阅读|推荐|新闻|文章|报道|搜索|喜欢|专题|链接|内容|排行|图片|视频)"
    r"|为您推荐|相关标签|举报|打开.{0,6}APP|上一篇|下一篇)",
    re.I,
)
END_HEADING_LENGTH = 20
SENTENCE_ENDS = ("。", "！", "？", "”", "…")
COMMENT_LINE = re.compile(r"\d+\s*(?:秒|分钟|小时|天)前\s*(?:·\s*)?回复")
FOOTER_LINE = re.compile(r"版权所有|All Rights Reserved|Copyright\s*©|ICP[备证]", re.I)

# Promotion lines: app downloads, QR codes, follow-us, click-here, tip-off numbers.
PROMO = re.compile(
    r"二维码|(?:下载|安装).{0,12}(?:客户端|APP)|【(?:点击|下载)[^】]{0,8}】|点击(?:进入|查看|投票|阅读)"
    r"|本文来自.{0,12}(?:更多|请下载|APP)|关注.{0,12}(?:公众号|官方微信|微信号|官方微博)"
    r"|报料[:：]?\s*\d|未经授权不得转载|我的收藏|您的浏览器(?:暂时)?(?:无法|不支持)播放",
    re.I,
)
# A promotion or source note in brackets at the end of the last paragraph.
TRAILING_NOTE = re.compile(r"\s*[（(【\[][^（()）]{0,40}(?:本文来自|更多.{0,10}请下载|来源[:：])[^（()）]{0,40}[)）】\]]\s*$")
BOLD_MARKS = {"#b", "#strong"}


def extract(html: str, url: str | None = None) -> Extracted:
    """The article in one decoded HTML page; raises ExtractError when there is none."""
    html = XML_DECLARATION.sub("", html or "")
    if not html.strip():
        raise ExtractError("页面为空")
    try:
        doc = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError(f"无法解析 HTML：{exc}") from exc
    url = url or page_base_url(doc)
    result = Extracted(url=url)
    result.title = find_title(doc)
    page_text = visible_text(doc)
    result.published = find_published(doc, page_text, result.title)
    meta_source = meta_content(doc, "source", "ContentSource", "og:site_name_source")
    meta_author = meta_content(doc, "author", "article:author", "Author")
    byline_author = (find_byline_near_title(page_text, result.title, "作者")
                     or author_element(doc, page_text, result.title))
    # trafilatura changes the tree it is given, so it gets the document last
    prepare_tree(doc)
    blocks, meta = clean_blocks(body_blocks(doc, url), result.title)
    if sum(len(b.text) for b in blocks) < TRAFILATURA_MIN_SIZE:
        # trafilatura found no main text of its (English-sized) minimum length and fell
        # back to the whole page: try again with a minimum sized for a short Chinese item
        doc = lxml.html.document_fromstring(html)
        prepare_tree(doc)
        short_blocks, short_meta = clean_blocks(body_blocks(doc, url, short=True), result.title)
        if sum(len(b.text) for b in short_blocks) >= MIN_EXTRACTED_SIZE:
            blocks, meta = short_blocks, short_meta
    result.original_title = meta.get("original_title", "")
    result.editor = meta.get("editor", "")
    result.source_name = real_name(
        meta.get("source") or find_byline_near_title(page_text, result.title, "来源") or meta_source)
    result.text = "\n".join(b.text for b in blocks if b.kind != "img" and b.text)
    result.author = (real_name(meta.get("author")) or real_name(byline_author)
                     or reporter_in_lead(result.text) or result.source_name or real_name(meta_author))
    result.images = [b.src for b in blocks if b.kind == "img"]
    result.html = sanitize_html("".join(b.to_html() for b in blocks))
    if not result.text:
        raise ExtractError("未找到正文")
    return result


# Values CMS templates print when nobody filled the field in.
PLACEHOLDER_NAMES = {"未知", "佚名", "匿名", "不详", "admin", "administrator", "管理员", "本站",
                     "本网", "小编", "编辑", "system", "root"}
REPORTER = re.compile(r"[（(]\s*(?:本报|本台|本网)?记者\s*[:：]?\s*(?P<v>[\u4e00-\u9fff·]{2,4}(?:[\s、，,]+[\u4e00-\u9fff·]{2,4}){0,3})\s*[)）]")


def real_name(value):
    """A byline value, or "" for a template placeholder (未知, admin, 本站…)."""
    value = norm(value).strip(" ·|｜")
    return "" if value.lower() in PLACEHOLDER_NAMES else value


def reporter_in_lead(text):
    """The reporter named in the dateline of the first paragraph: 新京报讯（记者 陆一夫）."""
    match = REPORTER.search(text[:120])
    return norm(match.group("v")) if match else ""


def author_element(doc, page_text, title):
    """Text of a short element whose class names the author, shown just under the headline
    (elements further down are commenters, editors or related-article bylines)."""
    position = page_text.find(title) if title else -1
    if position < 0:
        return ""
    window = page_text[position + len(title):position + len(title) + 200]
    for element in doc.xpath('//*[contains(@class, "author") or contains(@class, "byline")]'):
        text = norm(element.text_content())
        text = re.sub(r"^(?:作者|文|来源)\s*[:：]\s*", "", text)
        if not 2 <= len(text) <= 20 or text not in window:
            continue
        if re.search(r"[\d:：\[\]【】]|编辑|评论|发布", text):
            continue
        return text
    return ""


LAZY_IMAGE_ATTRIBUTES = ("data-original", "data-src", "data-lazy-src", "data-url", "data-echo",
                         "_src", "original", "file")
IMAGE_URL = re.compile(r"(?:^https?:|^//|^/|^\.\.?/|^[\w\-]+/)\S*$|\.(?:jpe?g|png|gif|webp|bmp)(?:[?#]|$)", re.I)


def prepare_tree(doc):
    """Undo page habits that hide the article's structure from trafilatura."""
    unwrap_layout_tables(doc)
    for image in doc.iter("img"):
        # lazy loading: the real picture waits in a data attribute behind a placeholder
        for attribute in LAZY_IMAGE_ATTRIBUTES:
            value = (image.get(attribute) or "").strip()
            if value and not value.startswith("data:") and IMAGE_URL.search(value):
                image.set("src", value)
                break
    for section in doc.iter("section"):
        # WeChat-style editors wrap every paragraph in <section>
        section.tag = "div"


def unwrap_layout_tables(doc):
    """Tables used for layout (a cell holding paragraphs) become plain blocks, so the
    article in them is read paragraph by paragraph and not as one table cell."""
    for table in doc.xpath("//table[.//td//p or .//td//div or .//td//img]"):
        for element in table.xpath("descendant-or-self::*[self::table or self::tbody or self::thead "
                                   "or self::tr or self::td or self::th]"):
            element.tag = "div"


def page_base_url(doc):
    """Where a saved page came from (<base>, canonical link, og:url), to resolve its images."""
    for value in (doc.xpath("//base/@href") + doc.xpath('//link[@rel="canonical"]/@href')
                  + doc.xpath('//meta[@property="og:url"]/@content')):
        value = value.strip()
        if value.startswith(("http://", "https://")):
            return value
    return None


# --- title --------------------------------------------------------------------------


def norm(text):
    return WS.sub(" ", text or "").strip()


def squeeze(text):
    return WS.sub("", text or "")


def meta_content(doc, *names):
    for name in names:
        for attr in ("property", "name", "itemprop"):
            values = doc.xpath(f'//meta[@{attr}="{name}"]/@content')
            for value in values:
                if value.strip():
                    return norm(value)
    return ""


def find_title(doc):
    """The headline: the longest heading or og:title that the page <title> contains;
    else the first <h1>, og:title, or the <title> up to its site-name separator."""
    page_title = norm(doc.findtext(".//title") or "")
    headings = []
    for heading in doc.xpath("//h1|//h2|//h3"):
        # PHPCMS-style headlines carry the meta line inside the <h1>: take its own text too
        headings += [norm(heading.text_content()), norm(heading.text)]
    og_title = meta_content(doc, "og:title", "twitter:title", "ArticleTitle")
    squeezed = squeeze(page_title)
    parts = [p for p in TITLE_SEPARATORS.split(page_title) if p]
    inside = [c for c in headings + [og_title] if len(squeeze(c)) >= 4 and squeeze(c) in squeezed]
    if inside:
        best = max(inside, key=lambda c: len(squeeze(c)))
        # a logo heading holding the site name matches the <title>'s tail, not its head
        if len(parts) > 1 and len(parts[0]) >= 6 and squeeze(best) not in squeeze(parts[0]) \
                and squeeze(parts[0]) not in squeeze(best):
            return parts[0]
        return best
    h1 = [norm(h.text) if len(h) and norm(h.text) else norm(h.text_content()) for h in doc.xpath("//h1")]
    h1 = [h for h in h1 if 4 <= len(squeeze(h)) <= 80]
    if h1:
        return h1[0]
    if og_title:
        return og_title
    if not parts:
        return ""
    return max(parts[:2], key=len) if len(parts) > 1 and len(parts[0]) < 6 else parts[0]


# --- date -----------------------------------------------------------------------------

META_DATE_NAMES = (
    "article:published_time", "og:release_date", "publishdate", "PubDate", "pubdate",
    "publish_time", "publishtime", "datePublished", "dateUpdate", "weibo: article:create_at",
    "article:modified_time", "og:updated_time",
)


def visible_text(doc):
    """The text a reader sees in <body>, one space between text nodes."""
    body = doc.find("body")
    if body is None:
        return ""
    body = copy.deepcopy(body)
    for element in body.xpath(".//script|.//style|.//noscript|.//textarea|.//template"):
        element.drop_tree()
    return norm(" ".join(body.itertext()))


def find_published(doc, page_text, title):
    """The date shown next to the headline; meta tags when the page shows none (or no year)."""
    meta_date = None
    for name in META_DATE_NAMES:
        meta_date = dates.parse_date(meta_content(doc, name))
        if meta_date:
            break
    if meta_date is None:
        for node in doc.xpath('//*[@itemprop="datePublished"]'):
            meta_date = dates.parse_date(node.get("content") or node.text_content())
            if meta_date:
                break
    position = page_text.find(title) if title else -1
    windows = []
    if position >= 0:
        start = position + len(title)
        windows.append(page_text[start:start + 600])
        windows.append(page_text[max(0, position - 300):position])
    for window in windows:
        found = dates.best_date(window)
        if found:
            value, has_time, labelled = found
            if meta_date and not has_time and (meta_date.date() == value.date() or not labelled):
                # a day alone: the meta tag has its time, or the day is one the text
                # mentions rather than the publish date
                return meta_date
            return value
        year = meta_date.year if meta_date else None
        short = dates.find_labelled_short(window, year)
        if short:
            return short
    if meta_date:
        return meta_date
    found = dates.first_date(page_text[:3000])
    return found


def find_byline_near_title(page_text, title, label):
    """The value of a 作者： or 来源： label in the meta line under the headline."""
    position = page_text.find(title) if title else -1
    if position < 0:
        return ""
    window = page_text[position + len(title):position + len(title) + 300]
    match = re.search(label + r"\s*[:：]\s*([^\s|｜:：]{2,20})", window)
    return match.group(1) if match else ""


# --- body -----------------------------------------------------------------------------


@dataclass
class Block:
    kind: str          # p, h2, h3, li, img
    text: str = ""
    src: str = ""
    alt: str = ""
    linked: bool = False   # the whole text is one link: a related-list entry, not prose

    def to_html(self):
        from html import escape

        if self.kind == "img":
            return f'<p><img src="{escape(self.src)}" alt="{escape(self.alt)}"></p>'
        return f"<{self.kind}>{escape(self.text)}</{self.kind}>"


# trafilatura's default minimum (250 characters) is tuned for English; Chinese says as
# much in about 40% of the characters, and a short local news item may be 50 of them.
MIN_EXTRACTED_SIZE = 40
TRAFILATURA_MIN_SIZE = 250


@lru_cache(maxsize=1)
def trafilatura_config():
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(MIN_EXTRACTED_SIZE))
    return config


def body_blocks(doc, url, short=False):
    """The main content as blocks, from trafilatura's XML tree (short=True: accept a
    main text as short as MIN_EXTRACTED_SIZE, for brief news items)."""
    import trafilatura

    options = {"config": trafilatura_config()} if short else {}
    try:
        document = trafilatura.bare_extraction(
            doc, url=url, include_images=True, include_links=True, include_formatting=True,
            include_comments=False, include_tables=True, with_metadata=False, **options,
        )
    except (ValueError, TypeError, etree.LxmlError) as exc:
        raise ExtractError(f"正文提取失败：{exc}") from exc
    body = getattr(document, "body", None) if document is not None else None
    if body is None:
        return []
    blocks = []
    for element in body:
        blocks.extend(_element_blocks(element, url))
        if norm(element.tail):
            blocks.append(Block("p", norm(element.tail)))
    return blocks


def _resolve(src, url):
    src = (src or "").strip()
    if not src or src.startswith("data:"):
        return ""
    if src.startswith("//"):
        scheme = url.split(":", 1)[0] if url and ":" in url else "https"
        return f"{scheme}:{src}"
    return urljoin(url, src) if url else src


CONTAINERS = {"div", "body", "section", "article", "main", "span", "font", "center"}


def _element_blocks(element, url):
    """Blocks for one element of trafilatura's XML (or, from its readability fallback, HTML)."""
    tag = element.tag
    if tag in ("graphic", "img"):
        src = _resolve(element.get("src"), url)
        return [Block("img", src=src, alt=element.get("alt") or "")] if src else []
    if tag in ("head", "h1", "h2", "h3", "h4", "h5", "h6"):
        rend = element.get("rend") or tag
        level = "h3" if rend in ("h3", "h4", "h5", "h6") else "h2"
        text = norm("".join(element.itertext()))
        return [Block(level, text)] if text else []
    if tag in ("list", "ul", "ol"):
        return [Block("li", norm("".join(item.itertext()))) for item in element.iter("item", "li")
                if norm("".join(item.itertext()))]
    if tag in CONTAINERS:
        blocks = [Block("p", norm(element.text))] if norm(element.text) else []
        for child in element:
            blocks.extend(_element_blocks(child, url))
            if norm(child.tail):
                blocks.append(Block("p", norm(child.tail)))
        return blocks
    if tag == "table":
        rows = []
        for row in element.iter("row"):
            cells = [norm("".join(cell.itertext())) for cell in row.iter("cell")]
            if any(cells):
                rows.append(Block("p", " ".join(c for c in cells if c)))
        return rows
    if tag in ("p", "quote", "code"):
        return _paragraph_blocks(element, url)
    return []


def _paragraph_blocks(element, url):
    """A paragraph split at its <lb/> line breaks, with its images pulled out."""
    blocks, line, link_chars, bold_chars = [], [], [0], [0]

    def flush():
        text = norm("".join(line))
        if text:
            block = Block("p", text)
            block.linked = link_chars[0] >= len(squeeze(text)) > 0
            if bold_chars[0] >= len(squeeze(text)) and len(text) <= 30 and text[-1] not in "。！？；：，”":
                block.kind = "h3"
            blocks.append(block)
        line.clear()
        link_chars[0] = bold_chars[0] = 0

    def walk(node):
        if node.tag == "graphic":
            flush()
            src = _resolve(node.get("src"), url)
            if src:
                blocks.append(Block("img", src=src, alt=node.get("alt") or ""))
        elif node.tag == "lb":
            flush()
        else:
            if node.text:
                line.append(node.text)
                if node.tag == "ref":
                    link_chars[0] += len(squeeze("".join(node.itertext())))
                if node.tag == "hi" and node.get("rend") in BOLD_MARKS:
                    bold_chars[0] += len(squeeze("".join(node.itertext())))
            for child in node:
                walk(child)
        if node is not element and node.tail:
            line.append(node.tail)

    walk(element)
    flush()
    return blocks


def clean_blocks(blocks, title):
    """Drop metadata and promotion lines; cut at the first end-of-article marker."""
    meta = {}
    total = sum(len(b.text) for b in blocks if b.kind != "img") or 1
    kept, seen, end = [], 0, len(blocks)
    for index, block in enumerate(blocks):
        text = block.text
        if block.kind == "img":
            kept.append(block)
            continue
        in_tail = seen >= 150 or seen > total * 0.4
        squeezed = squeeze(text)
        if squeeze(title) and squeezed == squeeze(title) and seen == 0:
            continue
        if _take_meta(text, meta):
            # 来源 / 责任编辑 / 原题为 lines after the body close it
            if in_tail and not ORIGINAL_TITLE.match(text) or (in_tail and "原题" in text):
                end = index
                break
            continue
        if (END_MARKERS.match(text) or COMMENT_LINE.search(text)
                or (len(text) <= END_HEADING_LENGTH and END_HEADINGS.match(text))
                or (len(text) <= 80 and FOOTER_LINE.search(text) and not text.endswith(SENTENCE_ENDS))):
            if in_tail:
                end = index
                break
            continue
        stripped = TRAILING_NOTE.sub("", text)
        if stripped != text and len(squeeze(stripped)) > 10:
            block.text = text = stripped
            squeezed = squeeze(text)
        if PROMO.search(text) and len(text) < 160:
            if in_tail:
                end = index
                break
            continue
        if block.linked and len(text) < 60:
            if in_tail:
                end = index
                break
            continue
        seen += len(text)
        kept.append(block)
    for block in blocks[end:end + 4]:
        # the editor or source line right after the end of the body
        if block.kind != "img":
            _take_meta(block.text, meta)
    while kept and kept[-1].kind in ("img", "h2", "h3"):
        # a trailing image or heading after the last paragraph is usually a logo or a list title
        if kept[-1].kind == "img" and len(kept) > 1 and kept[-2].kind == "p":
            break
        kept.pop()
    while kept and kept[0].kind in ("h2", "h3") and squeeze(kept[0].text) == squeeze(title):
        kept.pop(0)
    return kept, meta


def _take_meta(text, meta):
    """Record a 原标题 / 来源 / 责任编辑 / 作者 line in meta; True when the line was one."""
    if len(text) > 80:
        return False
    for key, pattern in (("original_title", ORIGINAL_TITLE), ("source", SOURCE_LINE),
                         ("editor", EDITOR_LINE), ("author", AUTHOR_LINE)):
        match = pattern.match(text)
        if match:
            if key == "original_title" and not re.match(r"^[（(]?\s*(?:本文)?原(?:标)?题", text):
                continue
            meta.setdefault(key, match.group("v").strip(" 》)）"))
            return True
    return False


# --- any page: HTML or a page saved as text ---------------------------------------------

HTML_TAG = re.compile(r"<\s*(?:!doctype|html|head|body|meta|title|div|p|article|span|a|br|table)\b", re.I)


def looks_like_html(text):
    return bool(HTML_TAG.search(text[:20000]))


def extract_text_page(text: str) -> Extracted:
    """A page saved as plain text from a browser, read by the text importer's parser."""
    from html import escape

    from dayuan.text.textpage import parse_text_page

    page = parse_text_page(text)
    if not page.title or not page.blocks:
        raise ExtractError("未能在文本页面中找到文章")
    published = page.published
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=dates.SHANGHAI)
    parts = [f"<{'h2' if kind == 'h2' else 'p'}>{escape(body)}</{'h2' if kind == 'h2' else 'p'}>"
             for kind, body in page.blocks]
    return Extracted(
        title=page.title, published=published,
        author=page.author or page.source_name or page.editor,
        text="\n".join(body for _, body in page.blocks),
        html=sanitize_html("".join(parts)), images=[],
        source_name=page.source_name, editor=page.editor, url=page.address_url or None,
    )


def extract_any(data: bytes | str, url: str | None = None,
                content_type: str | None = None) -> Extracted:
    """An HTML page or a text page, as bytes (decoded here) or str."""
    from dayuan.text.decode import decode_html

    text = decode_html(data, content_type) if isinstance(data, bytes) else data
    if not text.strip():
        raise ExtractError("页面为空")
    if "\x00" in text[:2000]:
        raise ExtractError("不是文本或 HTML 文件")
    if looks_like_html(text):
        return extract(text, url)
    return extract_text_page(text)
