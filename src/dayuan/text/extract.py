"""Find the article in a news page: title, publish time, author/source line, body and images.

General rules for Chinese news pages (no per-site rules): the headline is found by
dayuan.text.title, the publish time by dayuan.text.published, the body by
dayuan.text.body (its chrome lines by dayuan.text.chrome); the author is a 作者 line or
label, the reporter in the dateline, or the 来源 source. Pages saved as text (like the
seed) go to the text importer's parser, and bytes are decoded by dayuan.text.decode.
"""

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime

import lxml.html
from lxml import etree

from dayuan.text import dates
from dayuan.text.body import find_body, norm
from dayuan.text.html import sanitize_html
from dayuan.text.published import find_published, meta_content
from dayuan.text.title import find_title
from dayuan.text.tuning import DEFAULT, Tuning

# trafilatura logs every quirk of a page it reads (empty links, readability fallbacks)
# as warnings; for a collector reading thousands of pages they are noise.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


class ExtractError(ValueError):
    """The page cannot be read as an article (empty, not HTML, no body found)."""


@dataclass
class Extracted:
    title: str = ""
    published: datetime | None = None
    author: str = ""  # the author, or failing that the source line
    text: str = ""  # plain text, one paragraph a line
    html: str = ""  # sanitized HTML body
    images: list[str] = field(default_factory=list)
    source_name: str = ""  # 来源：…
    original_title: str = ""  # 原标题：… / 原题为《…》
    editor: str = ""  # 责任编辑：…
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


XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A page put together from includes may close <body> or <html> in its header; libxml2 then
# leaves everything after it outside the document's body, where no content finder looks.
# Parsers close both at the end of the page anyway.
END_OF_PAGE_TAG = re.compile(r"</\s*(?:body|html)\s*>", re.I)


def extract(html: str, url: str | None = None, tuning: Tuning = DEFAULT) -> Extracted:
    """The article in one decoded HTML page; raises ExtractError when there is none."""
    # Control characters carry no text and make lxml refuse the strings it builds (fuzzing found it).
    html = END_OF_PAGE_TAG.sub("", XML_INVALID.sub("", XML_DECLARATION.sub("", html or "")))
    if not html.strip():
        raise ExtractError("页面为空")
    try:
        doc = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError(f"无法解析 HTML：{exc}") from exc
    url = url or page_base_url(doc)
    result = Extracted(url=url)
    page_text = visible_text(doc)
    result.title = find_title(doc, page_text)
    result.published = find_published(doc, page_text, result.title, tuning, url=url)
    meta_source = meta_content(doc, "source", "ContentSource", "og:site_name_source")
    meta_author = page_author_meta(doc)
    byline_author = find_byline_near_title(page_text, result.title, "作者") or author_element(
        doc, page_text, result.title
    )
    try:
        # trafilatura changes the tree it is given, so it gets the document last
        blocks, meta = find_body(html, doc, url, result.title, tuning, page_chars=len(page_text))
    except (ValueError, TypeError, etree.LxmlError) as exc:
        raise ExtractError(f"正文提取失败：{exc}") from exc
    result.original_title = meta.get("original_title", "")
    result.editor = meta.get("editor", "")
    result.source_name = real_name(
        meta.get("source") or find_byline_near_title(page_text, result.title, "来源") or meta_source
    )
    result.text = "\n".join(b.text for b in blocks if b.kind != "img" and b.text)
    result.author = (
        real_name(meta.get("author"))
        or real_name(byline_author)
        or reporter_in_lead(result.text)
        or result.source_name
        or real_name(meta_author)
    )
    result.images = [b.src for b in blocks if b.kind == "img"]
    result.html = sanitize_html("".join(b.to_html() for b in blocks))
    if not result.text:
        raise ExtractError("未找到正文")
    return result


# Values CMS templates print when nobody filled the field in.
PLACEHOLDER_NAMES = {
    "未知",
    "佚名",
    "匿名",
    "不详",
    "admin",
    "administrator",
    "管理员",
    "本站",
    "本网",
    "小编",
    "编辑",
    "system",
    "root",
}
REPORTER = re.compile(
    r"[（(]\s*(?:本报|本台|本网)?记者\s*[:：]?\s*(?P<v>[\u4e00-\u9fff·]{2,4}(?:[\s、，,]+[\u4e00-\u9fff·]{2,4}){0,3})\s*[)）]"
)


ROLE_WORD = re.compile(r"(?:通讯员|实习生|见习记者|记者|摄影)")


def real_name(value):
    """A byline value, or "" for a template placeholder (未知, admin, 本站…)."""
    value = norm(value).strip(" ·|｜")
    return "" if value.lower() in PLACEHOLDER_NAMES else value


def page_author_meta(doc):
    """The author a page's <meta> names: a paper's citation author first; a plain author
    meta that is the software's credit (Discuz! Team, beside generator Discuz! X3.4) or
    the publisher's name is no one's byline."""
    cited = meta_content(doc, "citation_author", "citation_authors", "dc.creator", "DC.creator")
    if cited:
        return cited
    value = meta_content(doc, "author", "article:author", "Author")
    generator = meta_content(doc, "generator", "Generator").split()
    publisher = meta_content(doc, "citation_publisher", "dc.publisher", "DC.publisher", "publisher")
    if not value or value == publisher or (generator and value.split()[0] == generator[0]):
        return ""
    return value


def reporter_in_lead(text):
    """The reporter named in the dateline of the first paragraph: 新京报讯（记者 陆一夫）."""
    match = REPORTER.search(text[:120])
    # (记者 张三 通讯员 李四: the people, not their roles)
    return norm(ROLE_WORD.sub(" ", match.group("v"))) if match else ""


def author_element(doc, page_text, title):
    """Text of a short element whose class names the author, shown just under the headline
    (elements further down are commenters, editors or related-article bylines)."""
    position = page_text.find(title) if title else -1
    if position < 0:
        return ""
    window = page_text[position + len(title) : position + len(title) + 200]
    for element in doc.xpath('//*[contains(@class, "author") or contains(@class, "byline")]'):
        text = norm(element.text_content())
        text = re.sub(r"^(?:作者|文|来源)\s*[:：]\s*", "", text)
        if not 2 <= len(text) <= 20 or text not in window:
            continue
        if re.search(r"[\d:：\[\]【】]|编辑|评论|发布", text):
            continue
        return text
    return ""


def page_base_url(doc):
    """Where a saved page came from (<base>, canonical link, og:url), to resolve its images."""
    for value in (
        doc.xpath("//base/@href")
        + doc.xpath('//link[@rel="canonical"]/@href')
        + doc.xpath('//meta[@property="og:url"]/@content')
    ):
        value = value.strip()
        if value.startswith(("http://", "https://")):
            return value
    return None


# --- title --------------------------------------------------------------------------


VISIBLE_TEXT = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::textarea or ancestor::template)]",
    smart_strings=False,
)


def visible_text(doc):
    """The text a reader sees in <body>, one space between text nodes."""
    body = doc.find("body")
    if body is None:
        return ""
    return norm(" ".join(VISIBLE_TEXT(body)))


# --- byline -------------------------------------------------------------------------


def find_byline_near_title(page_text, title, label):
    """The value of a 作者： or 来源： label in the meta line under the headline."""
    position = page_text.find(title) if title else -1
    if position < 0:
        return ""
    window = page_text[position + len(title) : position + len(title) + 300]
    match = re.search(label + r"\s*[:：]\s*([^\s|｜:：]{2,20})", window)
    return match.group(1) if match else ""


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
    parts = [
        f"<{'h2' if kind == 'h2' else 'p'}>{escape(body)}</{'h2' if kind == 'h2' else 'p'}>"
        for kind, body in page.blocks
    ]
    return Extracted(
        title=page.title,
        published=published,
        author=page.author or page.source_name or page.editor,
        text="\n".join(body for _, body in page.blocks),
        html=sanitize_html("".join(parts)),
        images=[],
        source_name=page.source_name,
        editor=page.editor,
        url=page.address_url or None,
    )


def extract_any(
    data: bytes | str, url: str | None = None, content_type: str | None = None, tuning: Tuning = DEFAULT
) -> Extracted:
    """An HTML page or a text page, as bytes (decoded here) or str."""
    from dayuan.text.decode import decode_html

    text = decode_html(data, content_type) if isinstance(data, bytes) else data
    if not text.strip():
        raise ExtractError("页面为空")
    if "\x00" in text[:2000]:
        raise ExtractError("不是文本或 HTML 文件")
    if looks_like_html(text):
        return extract(text, url, tuning)
    return extract_text_page(text)
