"""Read an article out of a news page saved as text from a browser.

A browser's "save as text" keeps what a reader sees and nothing else: the site
chrome (site title, counters, navigation), the headline, the meta line, the body
and, after it, more chrome (statement block, comment form, related links,
footer). There are no tags to go by, so the page is read the way a person reads
it: the meta line is the short line with a publishing date-time in it, the
headline is the nearest substantial line above it, and the body runs from below
it to the first line that is plainly site chrome.

Pure Python (no Django), so the rules can be tested and tuned on their own.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from . import gazetteer

# --- characters ------------------------------------------------------------

# Invisible characters browsers leave in saved text; removed before anything else.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
# Punctuation that ends a sentence. A line ending in one of these (optionally
# followed by closing quotes or brackets) is a paragraph, never a sub-heading.
# A closing quote alone does not end a sentence: 建设“桥头堡”和“后花园” is a heading.
SENTENCE_END_RE = re.compile(r"[。！？；…!?;：:](?:[”’」』》）)\]】\"'])*$")
# Punctuation inside a token means the token is prose, not a meta field.
PROSE_PUNCT_RE = re.compile(r"[，。！？；、“”「」…,!?;]")
BRACKETED_RE = re.compile(r"^[（(【\[].*[）)】\]]$")

# --- the meta line ---------------------------------------------------------

DATE_TIME_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    r"(?:\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2})\s*秒?)?)?(?!\d)"
)
# Longest labels first, so 责任编辑 wins over 编辑.
LABELS = (
    "责任编辑 文章来源 发布时间 发布日期 发表时间 更新时间 浏览次数 阅读次数 点击次数 "
    "点击数 浏览量 阅读量 评论数 关键词 关键字 通讯员 来源 稿源 作者 记者 编辑 责编 "
    "时间 日期 浏览 阅读 点击 评论 标签 地区 字号"
).split()
LABEL_RE = re.compile(
    r"(?:^|(?<=[\s|｜丨/【\[（(]))[【\[（(]?(?P<label>" + "|".join(LABELS) + r")[】\]）)]?\s*[:：]\s*"
)
EDITOR_LABELS = {"责任编辑", "编辑", "责编"}
AUTHOR_LABELS = {"作者", "记者", "通讯员"}
SOURCE_LABELS = {"来源", "稿源", "文章来源"}
TAG_LABELS = {"标签", "关键词", "关键字"}
COMMENT_LABELS = {"评论", "评论数"}
# Labels whose value is the date-time (already read) or a counter Dayuan doesn't import.
SKIP_ONE_LABELS = {"浏览次数", "阅读次数", "点击次数", "点击数", "浏览量", "阅读量", "浏览", "阅读", "点击"}
SKIP_ALL_LABELS = {"字号"}
TAG_SPLIT_RE = re.compile(r"[\s,，、;；|｜]+")
# Counters shown without a colon: 阅读 (123), 浏览 56 次, 评论(3).
COUNTER_RE = re.compile(r"(?P<word>阅读量?|浏览量?|点击量?|人气|评论)\s*[（(]?\s*(?P<n>\d*)\s*[)）]?\s*次?(?=\s|$)")
NUMBER_RE = re.compile(r"[（(]?(?P<n>\d+)[)）]?")
DATE_MARK = "\x00"

# --- chrome ----------------------------------------------------------------

BREADCRUMB_RE = re.compile(r"[>›»]|当前位置|您的位置|你的位置|所在位置")
STATEMENT_HEADING_RE = re.compile(r"^(?:版权声明|免责声明|版权说明|声明)\s*[:：]?$")
ADDRESS_RE = re.compile(
    r"^(?:本文地址|本文链接|本文网址|文章地址|原文地址|原文链接)\s*[:：]?\s*(?P<url>https?://\S+)?", re.I
)
COMMENTS_HEADER_RE = re.compile(
    r"^(?:留言与评论|网友评论|发表评论|我要评论|相关评论|全部评论|最新评论|热门评论|评论|留言)"
    r"\s*(?:[(（][^)）]*[)）])?\s*[:：]?$"
)
COMMENT_COUNT_RE = re.compile(r"共有?\s*(?P<n>\d+)\s*条(?:评论|留言)")
STOP_RE = re.compile(
    r"^(?:(?:版权声明|免责声明)\s*[:：]"
    r"|转载请注明"
    r"|相关文章|相关阅读|相关新闻|相关推荐|延伸阅读|推荐阅读|上一篇|下一篇|上一条|下一条"
    r"|热门文章|热点推荐|猜你喜欢|精彩推荐|最新文章"
    r"|copyright|©|版权所有"
    r"|\d+$"
    r"|关于(?:我们|本站|本网|\S{0,20}(?:网|站))$)",
    re.I,
)
# Page widgets that may sit between the meta line and the body; skipped there.
WIDGET_RE = re.compile(r"^(?:\d+|分享到.*|【?字号.*|【?打印.*|【?关闭.*|扫一扫.*|返回顶部|\[打印\].*)$")
TAIL_LABEL_RE = re.compile(
    r"^[（(【\[]?\s*(?P<label>责任编辑|编辑|责编|审核|校对|监制|审校|来源|稿源|文章来源|转载自|转自)"
    r"\s*[:：]\s*(?P<value>.*?)\s*[）)】\]]?$"
)
URL_RE = re.compile(r"https?://[^\s<>\"'）)】]+", re.I)


@dataclass
class TextPage:
    """What `parse_text_page` found; empty strings and None where the page says nothing."""

    title: str = ""
    flag: str = ""
    editor: str = ""
    author: str = ""
    region_name: str = ""
    published: datetime | None = None  # naive, the page's local time
    comment_count: int | None = None
    tags: list[str] = field(default_factory=list)
    blocks: list[tuple[str, str]] = field(default_factory=list)  # ("p" | "h2", text)
    statement: str = ""  # "original", "authorized", "reprinted" or ""
    source_name: str = ""
    source_url: str = ""
    address_url: str = ""

    @property
    def paragraphs(self):
        return [text for kind, text in self.blocks if kind == "p"]

    @property
    def headings(self):
        return [text for kind, text in self.blocks if kind == "h2"]


@dataclass
class _Line:
    text: str  # stripped
    indent: str  # the leading whitespace, as typed


def parse_text_page(text):
    """Parse a page saved as text; never raises: what is missing is left empty."""
    lines = _split_lines(text)
    page = TextPage()
    meta = _find_meta(lines)
    if meta is None:
        return page
    start, _, end, date_match = meta

    title_index = _find_headline(lines, start)
    if title_index is not None:
        page.flag, page.title = _split_flag(lines[title_index].text)
    page.published = _to_datetime(date_match)

    meta_text = "  ".join(lines[i].text for i in range(start, end + 1) if lines[i].text)
    editor_guess = _read_meta(page, meta_text, date_match)

    body_end = _read_body(page, lines, end + 1)
    _read_tail(page, lines, body_end)
    page.editor = page.editor or editor_guess
    page.region_name = page.region_name or _place_in_source(page.source_name)
    return page


def _split_lines(text):
    text = text.translate(INVISIBLE).replace("\r\n", "\n").replace("\r", "\n")
    result = []
    for raw in text.split("\n"):
        stripped = raw.strip()
        result.append(_Line(stripped, raw[: len(raw) - len(raw.lstrip())] if stripped else ""))
    return result


# --- finding the meta line and the headline ----------------------------------


def _date_match(text):
    """The first valid date in a line short enough to be a meta line."""
    if len(text) > 160 or _ends_sentence(text):
        return None
    for match in DATE_TIME_RE.finditer(text):
        if _to_datetime(match):
            return match
    return None


def _to_datetime(match):
    parts = [int(match.group(key) or 0) for key in ("y", "m", "d", "H", "M", "S")]
    try:
        return datetime(*parts)
    except ValueError:
        return None


def _find_meta(lines):
    """(first meta line, date line, last meta line, date match) of the page's meta block.

    A page may show other dates in its chrome (today's date in the header); the meta
    line is the first date line that has a headline above it and a paragraph below.
    """
    best, best_score = None, -1
    for index, line in enumerate(lines):
        match = _date_match(line.text)
        if not match:
            continue
        start = _extend_meta(lines, index, -1)
        end = _extend_meta(lines, index, +1)
        following = _next_text(lines, end + 1)
        while following is not None and WIDGET_RE.match(lines[following].text):
            following = _next_text(lines, following + 1)
        score = (
            (_find_headline(lines, start) is not None) * 4
            + (following is not None and _looks_like_paragraph(lines[following].text)) * 2
            + bool(match.group("H"))
        )
        if score == 7:
            return (start, index, end, match)
        if score > best_score:
            best, best_score = (start, index, end, match), score
    return best


def _extend_meta(lines, index, step):
    """Grow the meta block over neighbouring meta-looking lines (a split meta line)."""
    edge = index
    for _ in range(3):
        neighbour = _next_text(lines, edge + step, step)
        if neighbour is None or not _is_meta_line(lines[neighbour].text, before=step < 0):
            break
        edge = neighbour
    return edge


def _next_text(lines, index, step=1):
    while 0 <= index < len(lines):
        if lines[index].text:
            return index
        index += step
    return None


def _is_meta_line(text, *, before):
    if len(text) > 100 or text.startswith("【") or DATE_TIME_RE.search(text) or _ends_sentence(text):
        return False
    if LABEL_RE.search(text):
        return True
    tokens = text.split()
    if not 2 <= len(tokens) <= 8 or any(len(token) > 8 or PROSE_PUNCT_RE.search(token) for token in tokens):
        return False
    # Above the date only a line naming a known place (editor and region) is meta;
    # otherwise it is the headline. Below it, a row of short words is the tag list.
    return not before or any(token in gazetteer.names() for token in tokens)


def _find_headline(lines, meta_start):
    index = meta_start - 1
    while index >= 0:
        text = lines[index].text
        if text and _is_substantial(text):
            return index
        index -= 1
    return None


def _is_substantial(text):
    core = _split_flag(text)[1]
    return len(core) >= 4 and not core.isdigit() and not BREADCRUMB_RE.search(text) and not STOP_RE.match(text)


def _split_flag(text):
    match = re.match(r"^【(?P<flag>[^】]{1,12})】\s*(?P<title>.+)$", text)
    if match:
        return match.group("flag").strip(), match.group("title").strip()
    return "", text.strip()


def _ends_sentence(text):
    return bool(SENTENCE_END_RE.search(text))


def _looks_like_paragraph(text):
    return len(text) >= 40 or _ends_sentence(text)


# --- reading the meta line ---------------------------------------------------


def _read_meta(page, meta_text, date_match):
    """Fill the page from the meta block; returns the editor as guessed from position.

    Labeled fields (来源：…) say what they are. Unlabeled ones are read by position,
    as on the seed page: editor and region before the date-time, then the comment
    count, then the tags.
    """
    # Stand the date-time in for a marker token, so tokens know which side they are on.
    date_text = date_match.group(0)
    meta_text = meta_text.replace(date_text, f" {DATE_MARK} ", 1)
    meta_text = COUNTER_RE.sub(lambda match: _read_counter(page, match), meta_text)
    meta_text = re.sub(r"[|｜丨]", " ", meta_text)
    labels = list(LABEL_RE.finditer(meta_text))
    tokens = meta_text[: labels[0].start() if labels else None].split()
    for position, label in enumerate(labels):
        end = labels[position + 1].start() if position + 1 < len(labels) else len(meta_text)
        tokens += _labeled_tokens(page, label.group("label"), meta_text[label.end() : end])

    side, seen_count = "before", False
    editor_guess = ""
    for token in tokens:
        if token == DATE_MARK:
            side = "after"
            continue
        if re.fullmatch(r"[\W_]+", token):
            continue
        number = NUMBER_RE.fullmatch(token)
        if side == "after" and number:
            if page.comment_count is None and not seen_count:
                page.comment_count = int(number.group("n"))
            seen_count = True
        elif side == "after" and seen_count:
            page.tags.append(token)
        elif token in gazetteer.names():
            page.region_name = page.region_name or token
        elif side == "before" and not editor_guess:
            editor_guess = token
        elif side == "before" and not page.region_name:
            page.region_name = token  # a place the gazetteer doesn't know: the importer asks
        elif side == "after":
            page.tags.append(token)
    return editor_guess


def _read_counter(page, match):
    if match.group("word") == "评论" and match.group("n") and page.comment_count is None:
        page.comment_count = int(match.group("n"))
    return " "


def _labeled_tokens(page, label, value):
    """Apply one labeled field; returns the tokens the label doesn't claim, in order."""
    words = value.split()
    if label in TAG_LABELS:
        for index, word in enumerate(words):
            if word == DATE_MARK:
                return words[index:]
            page.tags += [tag for tag in TAG_SPLIT_RE.split(word) if tag]
        return []
    if label in SKIP_ALL_LABELS:
        return [word for word in words if word == DATE_MARK]
    if not words or words[0] == DATE_MARK:
        return words
    first, rest = words[0], words[1:]
    if label in EDITOR_LABELS:
        page.editor = page.editor or first
    elif label in AUTHOR_LABELS:
        page.author = page.author or first
    elif label in SOURCE_LABELS:
        _set_source(page, first)
    elif label in COMMENT_LABELS and first.isdigit():
        page.comment_count = int(first)
    elif label == "地区":
        page.region_name = first
    elif label not in SKIP_ONE_LABELS:
        return words
    return rest


def _set_source(page, value):
    # A source line may go on with other fields: 来源：太原日报  作者：李明
    value = re.split(r"\s{2,}|\s(?=\S+[:：])", value.strip())[0]
    url = URL_RE.search(value)
    if url and not page.source_url:
        page.source_url = url.group(0)
        value = (value[: url.start()] + value[url.end() :]).strip(" :：()（）")
    if value and not page.source_name:
        page.source_name = value


def _place_in_source(source_name):
    """平遥县融媒体中心, 太原日报: a source named after a place says where the news is from."""
    for name in sorted(gazetteer.names(), key=len, reverse=True):
        if source_name.startswith(name):
            return name
    return ""


# --- the body and what follows it --------------------------------------------


def _is_stop(text):
    return bool(
        STATEMENT_HEADING_RE.match(text)
        or ADDRESS_RE.match(text)
        or COMMENTS_HEADER_RE.match(text)
        or STOP_RE.match(text)
        or TAIL_LABEL_RE.match(text)
    )


def _read_body(page, lines, start):
    """Collect the body's blocks; returns the index of the line that ended it."""
    body = []
    index = start
    while index < len(lines):
        line = lines[index]
        if line.text and not (not body and WIDGET_RE.match(line.text)):
            if _is_stop(line.text) or WIDGET_RE.match(line.text):
                break
            body.append(line)
        index += 1
    # Paragraph indentation only tells when the page indents its paragraphs.
    ended = [line for line in body if _ends_sentence(line.text)]
    indented_paragraphs = bool(ended) and sum(bool(line.indent) for line in ended) * 2 > len(ended)
    for line in body:
        page.blocks.append((_block_kind(line, indented_paragraphs), line.text))
    return index


def _block_kind(line, indented_paragraphs):
    text = line.text
    if (
        2 <= len(text) <= 40
        and not _ends_sentence(text)
        and not BRACKETED_RE.match(text)
        and not URL_RE.match(text)
        and not (indented_paragraphs and line.indent)
    ):
        return "h2"
    return "p"


def _read_tail(page, lines, start):
    """Editor, source, statement and address from the lines after the body."""
    statement_lines = []
    in_statement = False
    for line in lines[start:]:
        text = line.text
        if not text:
            in_statement = False
            continue
        address = ADDRESS_RE.match(text)
        if address:
            in_statement = False
            if address.group("url"):
                if text.startswith(("原文地址", "原文链接")):
                    page.source_url = page.source_url or address.group("url")
                else:
                    page.address_url = page.address_url or address.group("url")
            continue
        if STATEMENT_HEADING_RE.match(text):
            in_statement = True
            continue
        if in_statement and not _is_stop(text):
            statement_lines.append(text)
            continue
        in_statement = False
        label = TAIL_LABEL_RE.match(text)
        if label and label.group("value"):
            if label.group("label") in EDITOR_LABELS:
                page.editor = page.editor or label.group("value").split()[0]
            elif label.group("label") in {"来源", "稿源", "文章来源", "转载自", "转自"}:
                _set_source(page, label.group("value"))
            continue
        count = COMMENT_COUNT_RE.search(text)
        if count and page.comment_count is None and COMMENTS_HEADER_RE.match(text):
            page.comment_count = int(count.group("n"))
        if text.startswith("本文") and re.search("原创|授权|转载|转自", text):
            statement_lines.append(text)
    page.statement = _statement_kind(" ".join(statement_lines), page.source_name or page.source_url)


def _statement_kind(text, has_source):
    if "授权" in text:
        return "authorized"
    if re.search(r"(?<!非)原创", text):
        return "original"
    if re.search("转载|转自|来源", text) or has_source:
        return "reprinted"
    return ""
