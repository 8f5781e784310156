"""The article body in a news page: trafilatura's tree as blocks, cleaned of page chrome.

trafilatura finds the main content. The rules here are general ones for Chinese news
pages (no per-site rules): the page is first prepared (layout tables unwrapped, lazy
images given their real address, WeChat <section> paragraphs made blocks); then the
body loses its 原标题 / 来源 / 责任编辑 lines (kept as fields), its promotion lines, and
everything from the first end-of-article marker on (related lists, comments, share
bars, copyright footers).
"""

import difflib
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from html import escape
from urllib.parse import urljoin

import lxml.etree
import lxml.html

from dayuan.text import chrome
from dayuan.text.tuning import DEFAULT

WS = re.compile(r"\s+")

# Lines holding metadata, removed from the body wherever they are.
ORIGINAL_TITLE = re.compile(r"^[（(]?\s*(?:本文)?原(?:标)?题(?:为|是)?\s*[:：]?\s*《?(?P<v>.+?)》?\s*[)）]?\s*$")
SOURCE_LINE = re.compile(r"^[【\[（(]?\s*(?:本文)?(?:文章)?来源\s*[:：|｜丨]\s*(?P<v>[^】\])）]{1,40})[】\])）]?$")
EDITOR_LINE = re.compile(r"^[【\[（(]?\s*(?:责任编辑|责编|编辑)\s*[:：|｜丨]\s*(?P<v>[^\]】)）]{1,30})")
# (a value with sentence punctuation is a question in an interview: 记者：你怎么看？)
AUTHOR_LINE = re.compile(
    r"^[（(]?\s*(?:作者|记者|文|撰文|采写)\s*[:：|｜丨/]\s*(?P<v>[^)）。，,？！?!；;]{1,30})[)）]?$"
)

# Lines that end the article: whatever follows is related lists, comments or footers.
END_MARKERS = re.compile(
    # (after any bracketed widget words before them: 【纠错】【责任编辑:张三】)
    r"^(?:[【\[]\s*(?:纠错|打印|关闭|分享|收藏)\s*[】\]]\s*)*"
    r"(?:[【\[]?\s*(?:责任编辑|责编)\s*[:：]"
    r"|-*\s*THE\s+END\s*-*$"
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
    r"|为您推荐|相关标签|打开.{0,6}APP|上一篇|下一篇"
    # (作者最近文章, 本站最新资讯: the heading of a list of the site's other pages)
    r"|(?:作者|本站|本网|栏目)?(?:最近|最新)(?:文章|新闻|资讯|发布|更新)$)",
    re.I,
)
END_HEADING_LENGTH = 20
SENTENCE_ENDS = ("。", "！", "？", "”", "…")
SENTENCE_PUNCTUATION = re.compile(r"[。！？；，,]")
COMMENT_LINE = re.compile(r"\d+\s*(?:秒|分钟|小时|天)前\s*(?:·\s*)?回复")
FOOTER_LINE = re.compile(
    r"版权所有|All Rights Reserved|Copyright\s*©|ICP[备证]|公网安备|网站标识码|(?:主办|承办|技术支持)(?:单位)?\s*[:：]",
    re.I,
)

# Promotion lines: app downloads, QR codes, follow-us, click-here, tip-off numbers.
PROMO = re.compile(
    r"二维码|(?:下载|安装).{0,12}(?:客户端|APP)|【(?:点击|下载)[^】]{0,8}】|点击(?:进入|查看|投票|阅读)"
    r"|本文来自.{0,12}(?:更多|请下载|APP)"
    # (an invitation to follow, at the start of a line or clause; 市民可以关注图书馆公众号了解安排
    # is a sentence of the article)
    r"|(?:^|[，。！,!\s])(?:欢迎|请|敬请|长按\S{0,4}|扫码|扫描\S{0,4}|更多\S{0,6}?请)?关注.{0,12}(?:公众号|官方微信|微信号|官方微博)"
    r"|报料[:：]?\s*\d|未经(?:授权|允许|许可)不得转载|我的收藏|您的浏览器(?:暂时)?(?:无法|不支持)播放"
    # (a reprint note or the opinion disclaimer under a column)
    r"|(?:转载|转发)请注明|本文仅代表作者"
    # (an account's name as a line of its own: the caption of a QR code, XX资讯官方微信)
    r"|^\S{0,12}(?:官方微信|微信公众号|官方微博|官方抖音)$",
    re.I,
)
# A promotion or source note in brackets at the end of the last paragraph.
TRAILING_NOTE = re.compile(
    r"\s*[（(【\[][^（()）]{0,40}(?:本文来自|更多.{0,10}请下载|来源[:：])[^（()）]{0,40}[)）】\]]\s*$"
)
# A teaser of another page: a paragraph that ends in its link (…… 【详细】, [全文]).
TEASER = re.compile(r"[【\[]\s*(?:详细|详情|全文|阅读全文)\s*[】\]]$")
BOLD_MARKS = {"#b", "#strong"}


# A byte-order mark or zero-width space left in the text by an editor: invisible, not text.
INVISIBLE = re.compile("[\ufeff\u200b-\u200d\u2060]")


def norm(text):
    return WS.sub(" ", INVISIBLE.sub("", text or "")).strip()


def squeeze(text):
    return WS.sub("", text or "")


LAZY_IMAGE_ATTRIBUTES = (
    "data-original",
    "data-src",
    "data-lazy-src",
    "data-url",
    "data-echo",
    "_src",
    "original",
    "file",
)
IMAGE_URL = re.compile(r"(?:^https?:|^//|^/|^\.\.?/|^[\w\-]+/)\S*$|\.(?:jpe?g|png|gif|webp|bmp)(?:[?#]|$)", re.I)


IMAGE_FILE = re.compile(r"\.(?:avif|bmp|gif|hei[cf]|jpe?g|png|webp)(?:\b|$)", re.I)
IMAGE_MARK = "#image.jpg"
LONE_IMAGE_PARENTS = {"div", "td", "center"}
# (alone: its block has no text, such as a caption, that trafilatura keeps with it; and
# among the article's paragraphs: a paragraph of text beside it or beside its block; a
# logo or a spacer in a page's header stands among links)
AMONG_PARAGRAPHS = lxml.etree.XPath(
    "not(normalize-space(..)) and boolean(../p[string-length(normalize-space()) >= 20] or ../../*/p[string-length(normalize-space()) >= 20]"
    " or ../../p[string-length(normalize-space()) >= 20])"
)


TEXT_ELEMENTS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li"}
SENTENCE_END = re.compile("[。！？]")
# (a <section> holding any of these is a container, not a paragraph)
BLOCK_CHILD = lxml.etree.XPath(
    "boolean(.//*[self::p or self::div or self::section or self::table or self::ul or self::ol"
    " or self::h1 or self::h2 or self::h3 or self::h4 or self::blockquote or self::pre])"
)


def div_paragraphs(doc):
    """Editors that never write <p> give each paragraph a <div> of its own: a <div> of
    inline markup only that holds a sentence becomes a paragraph. (Only for a page whose
    text otherwise comes back run into one block: on other pages such a <div> may be a
    caption or a field of a table that reads better as it is.)"""
    for division in doc.iter("div"):
        if not BLOCK_CHILD(division) and SENTENCE_END.search(division.text_content()):
            division.tag = "p"


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
        src = (image.get("src") or "").strip()
        if src and not src.startswith("data:") and not IMAGE_FILE.search(src):
            # an address that names no image file (…/640?wx_fmt=jpeg, an image service):
            # trafilatura keeps only addresses that do; a fragment, which no server
            # sees, names one, and is taken off again in _resolve
            image.set("src", src + IMAGE_MARK)
    for section in doc.iter("section"):
        # WeChat-style editors wrap every paragraph in <section>: one holding only
        # inline markup is a paragraph, one holding blocks a container
        section.tag = "div" if BLOCK_CHILD(section) else "p"
    for image in list(doc.iter("img")):
        parent = image.getparent()
        if parent is not None and parent.tag in LONE_IMAGE_PARENTS and AMONG_PARAGRAPHS(image):
            # a picture standing alone in a block (not in a paragraph): trafilatura drops it
            paragraph, tail = image.makeelement("p", {}), image.tail
            image.tail = None
            image.addprevious(paragraph)
            paragraph.append(image)
            paragraph.tail = tail
    for rule in list(doc.iter("hr", lxml.etree.Comment)):
        # old pages start the text right after a rule or a comment (<hr><!-- begin -->text…);
        # trafilatura drops these with the text that follows them, so the text gets a
        # paragraph of its own; inside a paragraph or a heading, where the text is already
        # the paragraph's, the comment just goes (keeping the text in its place)
        parent = rule.getparent()
        if parent is not None and parent.tag in TEXT_ELEMENTS and not isinstance(rule.tag, str):
            rule.drop_tree()
        elif rule.tail and rule.tail.strip() and parent is not None:
            paragraph = rule.makeelement("p", {})
            paragraph.text, rule.tail = rule.tail, None
            rule.addnext(paragraph)


def unwrap_layout_tables(doc):
    """Tables used for layout (a cell holding paragraphs) become plain blocks, so the
    article in them is read paragraph by paragraph and not as one table cell."""
    for table in doc.xpath("//table[.//td//p or .//td//div or .//td//img]"):
        for element in table.xpath(
            "descendant-or-self::*[self::table or self::tbody or self::thead or self::tr or self::td or self::th]"
        ):
            element.tag = "div"


@dataclass
class Block:
    kind: str  # p, h2, h3, li, img
    text: str = ""
    src: str = ""
    alt: str = ""
    linked: bool = False  # the whole text is one link: a related-list entry, not prose
    row: bool = False  # a table row (a table's dated rows are data, not a related list)

    def to_html(self):
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


def body_blocks(doc, url, short=False, fast=True):
    """The main content as blocks, from trafilatura's XML tree (short=True: accept a
    main text as short as MIN_EXTRACTED_SIZE, for brief news items; fast=False: let
    trafilatura compare its result with readability's and jusText's)."""
    import trafilatura

    options = {"config": trafilatura_config()} if short else {}
    document = trafilatura.bare_extraction(
        doc,
        url=url,
        fast=fast,
        include_images=True,
        include_links=True,
        include_formatting=True,
        include_comments=False,
        include_tables=True,
        with_metadata=False,
        **options,
    )
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
    src = (src or "").strip().removesuffix(IMAGE_MARK)
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
        blocks = []
        for item in element.iter("item", "li"):
            if _inside_block_item(item, element):
                continue  # read with the item that holds it
            if ITEM_WITH_BLOCKS(item):
                # a page laid out as a list, the article inside one item: its paragraphs
                # are paragraphs, not one line
                blocks += _container_blocks(item, url)
            elif norm("".join(item.itertext())):
                blocks.append(Block("li", norm("".join(item.itertext()))))
        return blocks
    if tag in CONTAINERS:
        return _container_blocks(element, url)
    if tag == "table":
        rows = []
        for row in element.iter("row"):
            cells = [norm("".join(cell.itertext())) for cell in row.iter("cell")]
            if any(cells):
                rows.append(Block("p", " ".join(c for c in cells if c), row=True))
        return rows
    if tag in ("p", "quote", "code"):
        return _paragraph_blocks(element, url)
    return []


ITEM_WITH_BLOCKS = lxml.etree.XPath("boolean(p or head or quote or table)")


def _inside_block_item(item, list_element):
    """item stands inside an item (below list_element) that holds paragraphs."""
    for ancestor in item.iterancestors():
        if ancestor is list_element:
            return False
        if ancestor.tag in ("item", "li") and ITEM_WITH_BLOCKS(ancestor):
            return True
    return False


def _container_blocks(element, url):
    blocks = [Block("p", norm(element.text))] if norm(element.text) else []
    for child in element:
        blocks.extend(_element_blocks(child, url))
        if norm(child.tail):
            blocks.append(Block("p", norm(child.tail)))
    return blocks


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


def clean_blocks(blocks, title, tuning=DEFAULT):
    """Drop metadata, promotion and chrome lines; cut at the first end-of-article marker."""
    meta = {}
    texts = [b for b in blocks if b.kind != "img"]
    if texts:
        first = chrome.trim_run_together(
            chrome.drop_repeat(texts[0].text),
            title,
            last=len(texts) == 1,
            ends=_ends_article,
            minimum=tuning.run_together_min,
        )
        texts[0].text = chrome.drop_breadcrumb_head(first)
    # the share is of the prose: a long related list after a short item must not hold the tail off
    total = prose_chars(blocks) or sum(len(b.text) for b in blocks if b.kind != "img") or 1
    # (a date alone on its line is one entry's date in a list that prints it under each title)
    dated = [
        b.kind != "img" and not b.row and (chrome.is_dated_entry(b.text) or chrome.is_bare_date(b.text)) for b in blocks
    ]
    kept, seen, end = [], 0, len(blocks)
    start = _headline_at(blocks, title)
    for index, block in enumerate(blocks):
        if index <= start:
            continue
        if block.kind == "img":
            kept.append(block)
            continue
        in_tail = seen >= tuning.tail_after_chars or seen > total * tuning.tail_after_share
        if seen and _dated_run_at(blocks, dated, index, tuning.dated_run_min):
            end = index
            break
        verdict = _line_verdict(block, title, meta, seen, tuning)
        if verdict == "meta" and _page_head(kept):
            # the short lines kept above the meta line were the page's head (a column
            # name, a site's slogan), not the article's first lines
            kept, seen = [], 0
        if verdict == "end" and (in_tail or _closes_short_item(block.text, kept, seen, tuning)):
            end = index
            break
        if verdict != "keep":
            continue
        seen += len(block.text)
        kept.append(block)
    for block in blocks[end : end + 4]:
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


# The body repeats the headline within its first lines: what stands above it is the
# kicker (引题) or the site's flags, short lines that are not the article.
HEADLINE_WITHIN = 4
KICKER_MAX = 40


def _closes_short_item(text, kept, seen, tuning):
    """A line that only ever closes an article (责任编辑, 热点新闻…), after a short item that
    has ended a sentence: the item is over, whatever length of teasers follows it (a
    promotion line is not enough: those stand between an article's paragraphs too)."""
    return seen >= tuning.short_end_min and kept[-1].text.endswith(SENTENCE_ENDS) and _ends_article(text)


def _headline_at(blocks, title):
    """Index of the headline when the body repeats it below a few short lines, else -1."""
    if not title:
        return -1
    texts = [(i, b) for i, b in enumerate(blocks) if b.kind != "img"][:HEADLINE_WITHIN]
    for position, (index, block) in enumerate(texts):
        if squeeze(block.text) == squeeze(title):
            above = [b.text for _, b in texts[:position]]
            if above and all(len(t) <= KICKER_MAX and not t.endswith(SENTENCE_ENDS[:3]) for t in above):
                return index
            return -1
    return -1


# Lines above a meta line that are the page's head: a few, short, no sentence among them.
PAGE_HEAD_LINES = 3
PAGE_HEAD_LINE_MAX = 20


def _page_head(kept):
    texts = [b.text for b in kept if b.kind != "img"]
    return 0 < len(texts) <= PAGE_HEAD_LINES and all(
        len(t) <= PAGE_HEAD_LINE_MAX and not SENTENCE_PUNCTUATION.search(t) for t in texts
    )


def _dated_run_at(blocks, dated, index, run_min):
    """True when a run of run_min dated list entries (images aside) starts at index."""
    count = 0
    for position in range(index, len(blocks)):
        if blocks[position].kind == "img":
            continue
        if not dated[position]:
            return False
        count += 1
        if count >= run_min:
            return True
    return False


def _line_verdict(block, title, meta, seen, tuning):
    """ "keep", "drop" (a stray line of chrome or metadata), "meta" (the meta line: dropped)
    or "end" (the article is over when this comes after enough body; dropped when it
    comes before)."""
    text = block.text
    if seen == 0 and (squeeze(text) == squeeze(title) or chrome.is_lead_in(text) or chrome.is_date_source_line(text)):
        return "drop"
    if seen == 0 and chrome.is_bare_number(text):
        return "drop"
    if chrome.is_bare_date(text) and (seen == 0 or ":" in text):
        # a date alone under the headline, a time stamp alone anywhere: the page's meta line
        # (a date alone inside the text may head a section of it, and is kept)
        return "meta"
    if seen and squeeze(text) == squeeze(title):
        # the headline again after the text: a related list's entry or the page's footer
        return "end"
    if seen == 0 and chrome.byline_names(text):
        meta.setdefault("author", chrome.byline_names(text))
        return "drop"
    if _take_meta(text, meta):
        # 来源 / 责任编辑 / 原题为 lines after the body close it
        return "end" if not ORIGINAL_TITLE.match(text) or "原题" in text else "drop"
    if chrome.is_meta_line(text):
        return "meta"
    if seen == 0 and chrome.is_nav_row(text):
        # (a row of short words inside the article may be a list of names: kept)
        return "drop"
    if chrome.is_menu_row(text):
        # (after the article: the site's menu or footer links, where the page ends)
        return "end" if seen else "drop"
    if (
        _ends_article(text)
        or COMMENT_LINE.search(text)
        or chrome.is_stamp_list(text, tuning.stamp_list_min)
        or (len(text) <= 80 and FOOTER_LINE.search(text) and not text.endswith(SENTENCE_ENDS))
    ):
        return "end"
    if chrome.is_furniture(text):
        return "drop"
    stripped = TRAILING_NOTE.sub("", text)
    if stripped != text and len(squeeze(stripped)) > 10:
        block.text = text = stripped
    if PROMO.search(text) and len(text) < 160:
        return "end"
    if TEASER.search(text):
        return "end"
    if block.linked and len(text) < tuning.linked_line_max:
        return "end"
    return "keep"


def _ends_article(text):
    """A line (or a piece of a page run together) that closes the article wherever it is."""
    return bool(
        END_MARKERS.match(text)
        or (len(text) <= END_HEADING_LENGTH and END_HEADINGS.match(text))
        or chrome.is_widget(text)
        or chrome.is_see_also(text)
        or chrome.is_disclaimer_heading(text)
    )


def _take_meta(text, meta):
    """Record a 原标题 / 来源 / 责任编辑 / 作者 line in meta; True when the line was one."""
    if len(text) > 80:
        return False
    for key, pattern in (
        ("original_title", ORIGINAL_TITLE),
        ("source", SOURCE_LINE),
        ("editor", EDITOR_LINE),
        ("author", AUTHOR_LINE),
    ):
        match = pattern.match(text)
        if match:
            if key == "original_title" and not re.match(r"^[（(]?\s*(?:本文)?原(?:标)?题", text):
                continue
            meta.setdefault(key, match.group("v").strip(" 》)）"))
            return True
    return False


def find_body(html, doc, url, title, tuning=DEFAULT, page_chars=0):
    """(blocks, meta) for the article in a page; doc is html parsed, and is changed;
    page_chars is the length of the page's visible text (0: unknown)."""
    prepare_tree(doc)
    marked = marked_body(doc)
    if marked is not None:
        blocks, meta = clean_blocks(body_blocks(marked, url, short=True), title, tuning)
        if sum(len(b.text) for b in blocks) >= tuning.min_body_chars:
            return blocks, meta
    blocks, meta, run_together = _body(html, doc, url, title, tuning, fast=True)
    whole_page = is_whole_page(blocks, page_chars, tuning.whole_page_share)
    if whole_page or run_together or not reads_as_prose(blocks):
        # a list of headlines rather than an article (trafilatura's own extractor took a
        # related list), or the whole page run into one paragraph (it found no article
        # and fell back to the page's text): let it compare with its fallback extractors
        # (slower, so only here)
        found, found_meta, found_run_together = _body(html, _fresh(html), url, title, tuning, fast=False)
        if (
            (whole_page and not is_whole_page(found, page_chars, tuning.whole_page_share) and reads_as_prose(found))
            or (run_together and not found_run_together and reads_as_prose(found))
            or prose_chars(found) > prose_chars(blocks)
        ):
            blocks, meta, run_together = found, found_meta, found_run_together
    if run_together or _one_paragraph(blocks):
        # still the page run together, or its text in one paragraph: read each <div> of
        # a sentence as a paragraph, and take that when it splits the same text
        found, found_meta, found_run_together = _body(
            html, _fresh(html, divs=True), url, title, tuning, fast=True, divs=True
        )
        if not found_run_together and reads_as_prose(found) and (run_together or _same_text_split(found, blocks)):
            blocks, meta = found, found_meta
    if is_word_list(blocks):
        return [], meta
    return blocks, meta


ARTICLE_BODY = lxml.etree.XPath('//*[@itemprop="articleBody"]')


def marked_body(doc):
    """The article as the page marks it for machines (schema.org itemprop=articleBody, one
    element), as a document of its own; else None. A short item (a few lines) is below
    any content finder's threshold and comes back as the whole page; the mark does not
    depend on length."""
    found = ARTICLE_BODY(doc)
    if len(found) != 1:
        return None
    return lxml.html.document_fromstring(
        "<html><body><article>" + lxml.html.tostring(found[0], encoding="unicode") + "</article></body></html>"
    )


# A body of nothing but short labels (首页 / 新闻中心 / 关注东区新闻网 / 版权所有 东区新闻网),
# not one sentence and no picture, is the page's menus and footer.
MENU_LINE_MAX = 12


def is_word_list(blocks):
    texts = [b.text for b in blocks if b.kind != "img"]
    return (
        bool(texts)
        and len(texts) == len(blocks)
        and all(len(t) <= MENU_LINE_MAX and not is_prose(t) and not SENTENCE_PUNCTUATION.search(t) for t in texts)
    )


# A body whose text is nearly all of the page's text (tuning.whole_page_share), in a
# few paragraphs, is the page's navigation, article and footer run together.
WHOLE_PAGE_MAX_BLOCKS = 3


def is_whole_page(blocks, page_chars, share=DEFAULT.whole_page_share):
    texts = [b.text for b in blocks if b.kind != "img"]
    if not page_chars or not texts or len(texts) > WHOLE_PAGE_MAX_BLOCKS:
        return False
    return sum(len(t) for t in texts) >= share * page_chars


def _body(html, doc, url, title, tuning, fast, divs=False):
    """(blocks, meta, run_together): run_together when what is returned came from the whole
    page run into one block."""
    raw = body_blocks(doc, url, fast=fast)
    blocks, meta = clean_blocks(raw, title, tuning)
    run_together = _one_block_with_headline(raw, title)
    if sum(len(b.text) for b in blocks) < TRAFILATURA_MIN_SIZE or run_together:
        # trafilatura found no main text of its (English-sized) minimum length and fell
        # back to the whole page (which may itself pass that length: one block, headline
        # and all): try again with a minimum sized for a short Chinese item
        short_raw = body_blocks(_fresh(html, divs), url, short=True, fast=fast)
        short_blocks, short_meta = clean_blocks(short_raw, title, tuning)
        if sum(len(b.text) for b in short_blocks) >= tuning.min_body_chars and not _one_block_with_headline(
            short_raw, title
        ):
            blocks, meta, run_together = short_blocks, short_meta, False
    if run_together:
        # the whole page in one block, headline and all: trim it to its article however
        # short (the length rule is for a block that may be an article quoting its headline)
        blocks, meta = clean_blocks(raw, title, replace(tuning, run_together_min=0))
    return blocks, meta, run_together


# A single block with this many sentences is several paragraphs run together.
ONE_PARAGRAPH_SENTENCES = 3
SAME_TEXT = 0.95


def _one_paragraph(blocks):
    texts = [b.text for b in blocks if b.kind != "img"]
    return len(texts) == 1 and len(SENTENCE_END.findall(texts[0])) >= ONE_PARAGRAPH_SENTENCES


def _same_text_split(found, blocks):
    """found holds (nearly) the text of blocks, in more paragraphs."""
    ours = squeeze("".join(b.text for b in found if b.kind != "img"))
    theirs = squeeze("".join(b.text for b in blocks if b.kind != "img"))
    more = len([b for b in found if b.kind != "img"]) > len([b for b in blocks if b.kind != "img"])
    return more and difflib.SequenceMatcher(None, ours, theirs).quick_ratio() >= SAME_TEXT


def _one_block_with_headline(blocks, title):
    """The whole page's text as one block: the headline inside it with text before it
    (but not a document's field table: 索引号 … 成文日期 … above its title is the document's)."""
    texts = [b.text for b in blocks if b.kind != "img"]
    headline = squeeze(title)
    if len(texts) != 1 or len(headline) < 6:
        return False
    text = texts[0]
    at = squeeze(text).find(headline)
    if at <= 0:
        return False
    positions = [i for i, c in enumerate(text) if not c.isspace()]
    return not chrome.is_field_table(text[: positions[at]])


def _fresh(html, divs=False):
    doc = lxml.html.document_fromstring(html)
    prepare_tree(doc)
    if divs:
        div_paragraphs(doc)
    return doc


# A line of prose, not a headline: it ends like a sentence, or it is long and has clauses.
SENTENCE_END_CHARS = ("。", "！", "？", "”", "」", "…", ".", "!", "?")
PROSE_LINE_CHARS = 40
PROSE_SHARE = 0.5


def is_prose(line):
    line = line.strip()
    return line.endswith(SENTENCE_END_CHARS) or (len(line) >= PROSE_LINE_CHARS and any(c in line for c in "，。,；"))


def prose_chars(blocks):
    return sum(len(b.text) for b in blocks if b.kind != "img" and is_prose(b.text))


def reads_as_prose(blocks):
    """At least half of the text is prose (a page of headlines is not)."""
    total = sum(len(b.text) for b in blocks if b.kind != "img")
    return total > 0 and prose_chars(blocks) >= total * PROSE_SHARE
