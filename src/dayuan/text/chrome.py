"""Lines of page chrome that content finders keep inside the article's text.

General shapes seen on Chinese news pages (no site's names): a related-article list
whose entries end in their dates (标题 2019-09-09 15:32), widget bars (新闻评论 / 加载更多 /
热帖 / 热词 / 炫图 视频), "相关资讯请关注：X专区", lead-ins above the article (关注XX网,
图集, a 【栏目】 flag, a breadcrumb), navigation rows of short words, and the meta line
(发布：… | 点击：… | 来自：…) when it slips into the body.
"""

import re

# A line that ends with a date: an entry of a related-article list (a timeline's entries
# start with theirs).
DATED_LINE = re.compile(
    r"\S.{3,}?[\s(（\[【]\s*(?:(?:19|20)\d{2}\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[)）\]】]?$"
)
# ... or starts with its date in brackets ([2005-08-21] 标题), as blog and forum lists do
# (a timeline's entries start with a bare date, and are kept).
BRACKET_DATED_LINE = re.compile(
    r"^[\[【(（]\s*(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[\]】)）]\s*\S"
)
DATED_LINE_MAX = 80
ANY_DATE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
# The dateline under a headline: a date and a short source name or meta labels
# (2003-7-24 钱江晚报, 2005-02-06 13:26更新 来源：转载文章 发表评论); a timeline's first
# entry (2019年9月9日 项目开工) names no source and is kept.
DATE_SOURCE_LINE = re.compile(
    r"^(?:https?://\S+\s+|(?P<label>[^。，！？；,\d]{1,16})\s+)?(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?(?P<rest>[^。，！？；,]{0,24})$"
)
DATELINE_WORD = re.compile(r"来源|更新|发布|编辑|作者|稿源|评论|报$|网$|社$|台$|刊$")
DATE_LABEL = re.compile(r"(?:更新|发布|发表|时间|日期)\s*[:：]?$")
SENTENCE_PUNCTUATION = re.compile(r"[。！？；]")
LIST_SENTENCE = re.compile(r"[。；]")

# Widget bars and list headings: a short line made only of these words.
WIDGET_WORD = (
    r"(?:新闻评论|网友评论|评论|加载更多|查看更多|更多|热帖|热词|炫图|视频|图片|图集|热门|排行|排行榜"
    r"|推荐|专题|热点|热榜|举报|收藏|打印|关闭|返回顶部|纠错|分享|点赞|相关推荐|猜你喜欢"
    # (the font-size switch, a QR prompt, a link home: 字号 大 中 小, 微信扫一扫, 返回XX网首页>>)
    r"|字号|大|中|小|默认|微信扫一扫|扫一扫|返回\S{0,8}首页)"
)
WIDGET_LINE = re.compile(
    rf"^[【\[]?\s*{WIDGET_WORD}(?:\s*[】\]]?\s*[/|｜·•、>》»]*\s*[【\[]?\s*{WIDGET_WORD})*"
    r"\s*[】\]]?\s*[:：>》»]*$"
)
# "相关资讯请关注：X专区", "更多内容请关注…": a pointer to elsewhere that closes an article.
SEE_ALSO = re.compile(
    r"^[【\[（(]?\s*(?:(?:相关|更多)(?:资讯|新闻|报道|内容|信息|阅读|精彩)\s*(?:请)?(?:关注|点击|访问|登录|见)"
    # 相关链接：<a headline>, 延伸阅读：…
    r"|(?:相关|延伸|扩展|推荐)(?:链接|阅读|新闻|报道|文章)\s*[】\]]?\s*[:：])"
)
NOTICE = re.compile(r"^[【\[]?\s*(?:反侵权公告|侵权声明|版权说明|转载声明)")
# The heading of a site's disclaimer box: "XX网版权与免责声明：", "免责声明", "法律声明".
DISCLAIMER_HEADING = re.compile(r"^.{0,20}?(?:版权|免责|法律|转载)(?:与|和|及|、)?(?:免责)?声明\s*[:：]?\s*$")
DISCLAIMER_HEADING_MAX = 30

# A document's field table run into one line above it (索 引 号：… 发文机关：… 成文日期：…
# 标 题：…): several short labels with their values and no sentence.
FIELD_LABEL = re.compile(r"(?:^|\s)[\u4e00-\u9fff](?:\s?[\u4e00-\u9fff]){1,5}\s*[:：]")
FIELD_TABLE_MIN = 3
NAV_LABEL = re.compile(r"上一篇|下一篇|上一条|下一条|位置|分享到|标签")
# A label with nothing after it (发表时间：) or a reader counter (您是本文第 154 个阅览者,
# 本文已被浏览 56 次): page furniture, never the article's text.
BARE_LABEL = re.compile(r"^[\u4e00-\u9fff]{2,6}\s*[:：]$")
COUNTER = re.compile(r"第\s*\d+\s*[个位名]\s*(?:阅览|浏览|访问|读)者|(?:浏览|阅读|点击|访问)\S{0,3}\s*\d+\s*次")
COUNTER_LINE_MAX = 30

# A time stamp with its clock time (2019-09-09 15:32, 08-23 10:08, 9月9日 15:32): a line
# holding several of them is a list of posts or headlines run together, not prose.
STAMP = re.compile(r"(?<!\d)(?:(?:19|20)\d{2}\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*\d{1,2}:\d{2}(?!\d)")
STAMP_LIST_MIN = 3

# Above the article: 关注XX网 / 关注我们, 图集, a 【新春走基层】 flag, a breadcrumb.
LEAD_IN = re.compile(
    r"^(?:关注[^，。,]{0,10}(?:网|号|我们|微信|微博)?|(?:高清)?图集|组图|[【\[][^】\]]{1,12}[】\]]"
    r"|[^。，,]{0,40}(?:>|›|»|＞)\s*|(?:当前|您的)?位置\s*[:：].*)$"
)
LEAD_IN_MAX = 40

# A navigation row: many short words separated by spaces, no sentence in it.
NAV_WORD = re.compile(r"^[^\s，。,.!?！？：:；;]{1,4}$")
NAV_ROW_MIN_WORDS = 8
# ... or a few short items between bars: 网站首页 | 本地新闻 | 山西新闻 | 国内新闻
MENU_SEPARATOR = re.compile(r"\s*[|｜丨]\s*")
MENU_ITEM = re.compile(r"^[^\s，。,.!?！？；;]{1,8}$")
MENU_ROW_MIN_ITEMS = 3

# The page's meta line: two or more of these labels in one short line.
META_LABEL = re.compile(
    r"(?:发布|发表|时间|日期|点击|浏览|阅读|来自|来源|作者|编辑|字号|人气)\s*(?:数|次数|量)?\s*[:：]"
)
META_LINE_MAX = 90

# The byline under a headline: 光明日报记者 王建宏 张文攀, 记者：李明 通讯员：王芳
BYLINE = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,8}(?:记者|通讯员|实习生)\s*[:：]?\s*[\u4e00-\u9fff·]{2,4}"
    r"(?:[\s、，,]+(?:(?:记者|通讯员|实习生)\s*[:：]?\s*)?[\u4e00-\u9fff·]{2,4}){0,4})$"
)


def is_field_table(text):
    """Several labelled fields, a date among them, and no sentence: a document's own
    metadata (索引号：… 成文日期：2022年01月27日 …), not a site's chrome (上一篇：… 当前位置：…)."""
    fields = [label for label in FIELD_LABEL.findall(text) if not NAV_LABEL.search(label)]
    return len(fields) >= FIELD_TABLE_MIN and not LIST_SENTENCE.search(text) and bool(ANY_DATE.search(text))


def is_furniture(text):
    """A bare label or a reader counter."""
    return bool(BARE_LABEL.match(text)) or (len(text) <= COUNTER_LINE_MAX and bool(COUNTER.search(text)))


def is_widget(text):
    return len(text) <= 24 and bool(WIDGET_LINE.match(text))


def is_see_also(text):
    return len(text) <= 60 and bool(SEE_ALSO.match(text) or NOTICE.match(text))


def is_disclaimer_heading(text):
    return len(text) <= DISCLAIMER_HEADING_MAX and bool(DISCLAIMER_HEADING.match(text))


def is_stamp_list(text, minimum=STAMP_LIST_MIN):
    """A line with several time-stamped entries run together (a thread or headline list)."""
    return len(STAMP.findall(text)) >= minimum


def is_lead_in(text):
    return len(text) <= LEAD_IN_MAX and not SENTENCE_PUNCTUATION.search(text) and bool(LEAD_IN.match(text))


def is_nav_row(text):
    words = text.split()
    return len(words) >= NAV_ROW_MIN_WORDS and all(NAV_WORD.match(w) for w in words)


def is_menu_row(text):
    items = MENU_SEPARATOR.split(text.strip(" |｜丨"))
    return len(items) >= MENU_ROW_MIN_ITEMS and all(MENU_ITEM.match(item) for item in items)


def is_meta_line(text):
    return len(text) <= META_LINE_MAX and len(META_LABEL.findall(text)) >= 2


def byline_names(text):
    """The names in a reporter byline line, or ""."""
    if len(text) > 40 or not BYLINE.match(text):
        return ""
    return re.sub(r"^[\u4e00-\u9fff]{0,8}?(?:记者|通讯员|实习生)\s*[:：]?\s*", "", text).strip()


# A date (and time) standing alone, or a bare number (a comment or reader count) above the text.
BARE_DATE = re.compile(
    r"^(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?$"
)
BARE_NUMBER = re.compile(r"^\d{1,7}$")


def is_bare_date(text):
    return bool(BARE_DATE.match(text))


def is_bare_number(text):
    return bool(BARE_NUMBER.match(text))


def is_dated_entry(text):
    return len(text) <= DATED_LINE_MAX and (
        (not SENTENCE_PUNCTUATION.search(text) and bool(DATED_LINE.search(text)))
        # (a bracketed date is evidence enough for a listed title ending in ？ or ！)
        or (not LIST_SENTENCE.search(text) and bool(BRACKET_DATED_LINE.match(text)))
    )


def is_date_source_line(text):
    match = DATE_SOURCE_LINE.match(text)
    # (最后更新: 2019-09-07 09:27:48 names its date in the label before it)
    return bool(match) and bool(DATELINE_WORD.search(match["rest"].strip()) or DATE_LABEL.search(match["label"] or ""))


def dated_run_start(texts, start, run_min):
    """Index of the first line of a run of at least run_min dated list entries at or after
    start (texts[i] is None for images, which neither break nor extend a run), or None."""
    run_begin, run_length = None, 0
    for index in range(start, len(texts)):
        text = texts[index]
        if text is None:
            continue
        if is_dated_entry(text):
            if run_length == 0:
                run_begin = index
            run_length += 1
            if run_length >= run_min:
                return run_begin
        else:
            run_length = 0
    return None


# A page run together into one paragraph (no block structure the content finder could
# use): the site's menus, the headline, its meta line, the article, then the footer.
# The article starts after the last copy of the headline that only chrome precedes
# (no sentence before it) and the short meta tokens after it (a date, 打印本页, 楼主);
# it ends at its last sentence when only chrome follows.
RUN_TOGETHER_MIN = 300
RUN_PROSE = re.compile(r"[。，]")
META_TOKENS_MAX = 12
META_TOKEN_PROSE = re.compile(r"[。，！？；“”]")
META_TOKEN_MAX = 20
LAST_SENTENCE = re.compile(r"[。！？…][”’」』）)]*")
CHROME_TAIL_MIN = 10
CHROME_TAIL_MAX = 800
RUN_PREFIX_MIN = 2


def _headline_copy(text, positions, squeezed, squeezed_title):
    """Where (in squeezed) the last copy of the headline before the first sentence
    stands as a line of its own, not as the start of a sentence; -1 when none does."""
    prose = RUN_PROSE.search(squeezed)
    limit = prose.start() if prose else len(squeezed)
    at = squeezed.rfind(squeezed_title, 0, limit)
    while at >= 0:
        end = positions[at + len(squeezed_title) - 1] + 1
        if end == len(text) or text[end].isspace():
            return at
        at = squeezed.rfind(squeezed_title, 0, at + len(squeezed_title) - 1)
    return -1


def trim_run_together(text, title, last=True, ends=None, minimum=RUN_TOGETHER_MIN):
    """text without the chrome before its headline and (last: the body's last block)
    after its last sentence, when it is a page run together; else text unchanged.
    ends(token) says whether a space-separated piece of it is an end-of-article marker
    (版权声明, 相关文章, 点赞): the article stops at the first one after some text."""
    squeezed_title = "".join(title.split()) if title else ""
    if len(text) < minimum or len(squeezed_title) < 6:
        return text
    positions = [i for i, c in enumerate(text) if not c.isspace()]
    squeezed = "".join(text[i] for i in positions)
    at = _headline_copy(text, positions, squeezed, squeezed_title)
    # (a document's field table above its title is the document's, and kept)
    if at < RUN_PREFIX_MIN or is_field_table(text[: positions[at]]):
        return text
    rest = text[positions[at + len(squeezed_title) - 1] + 1 :].strip()
    tokens = rest.split(" ")
    for index, token in enumerate(tokens[: META_TOKENS_MAX + 1]):
        if META_TOKEN_PROSE.search(token) or len(token) > META_TOKEN_MAX:
            rest = " ".join(tokens[index:])
            break
    if ends is not None:
        rest = _cut_at_end_marker(rest, ends)
    if last:
        ends = list(LAST_SENTENCE.finditer(rest))
        tail = rest[ends[-1].end() :] if ends else ""
        if CHROME_TAIL_MIN <= len(tail.strip()) <= CHROME_TAIL_MAX and not RUN_PROSE.search(tail):
            rest = rest[: ends[-1].end()]
    return rest or text


END_MARKER_AFTER = 20


def _cut_at_end_marker(text, ends):
    seen = 0
    tokens = text.split(" ")
    for index, token in enumerate(tokens):
        if seen >= END_MARKER_AFTER and ends(token):
            return " ".join(tokens[:index])
        seen += len(token)
    return text


# The same stretch twice in a row: a page that renders a block twice (one copy for
# small screens, one for large) run into one paragraph.
REPEAT_MIN_CHARS = 40
REPEAT_SCAN_TOKENS = 300


def drop_repeat(text):
    """text without the second copy of a stretch of tokens repeated right after itself."""
    tokens = text.split(" ")
    scan = min(len(tokens), REPEAT_SCAN_TOKENS)
    for i in range(scan):
        for j in range(i + 1, scan):
            length = j - i
            if tokens[j] != tokens[i] or tokens[i:j] != tokens[j : j + length]:
                continue
            if len("".join(tokens[i:j])) >= REPEAT_MIN_CHARS:
                return " ".join(tokens[:j] + tokens[j + length :])
    return text


# A breadcrumb leading the article's first block (首页 >> 信息公开 >> 通知公告 正文…): its
# crumbs, up to the one after the last separator, are not the article.
BREADCRUMB_HEAD = re.compile(r"^[^。，,]{0,80}(?:>>|>|›|»|＞)\s*[^\s>›»＞]+\s+(?=\S)")
BREADCRUMB_SEPARATOR = re.compile(r">>|>|›|»|＞")


def drop_breadcrumb_head(text):
    match = BREADCRUMB_HEAD.match(text)
    if not match or len(BREADCRUMB_SEPARATOR.findall(match.group())) < 2:
        return text
    return text[match.end() :]
