"""Fourth round of shapes from sites outside the dev corpora: a short item beside a longer
column of teasers, WeChat's <section> paragraphs, and an old table layout whose menu and
sponsor lines trafilatura hands back after the article."""

import datetime
from html import escape

from hypothesis import given
from hypothesis import strategies as st

from dayuan.text.extract import extract

from .test_extract_properties import FAST, SENTENCES

HEADLINE = "晋中市举行春季义务植树活动"
WIDGET_HEADINGS = ["热点新闻", "相关阅读", "推荐阅读", "热门文章", "精彩推荐", "相关新闻"]
TEASER_HEADLINES = [
    "城际铁路开通运营 两地通勤时间缩短至二十分钟以内",
    "古城迎来旅游小高峰 游客接待量同比增长三成以上",
    "新一轮稳就业政策出台 高校毕业生补贴最高可达万元",
    "全市冬季供暖工作全面启动 各小区室温普遍达标",
    "农村公路建设提速 今年新改建里程再创新高",
]


def short_item_page(article, heading, teasers, editor):
    """A short article in the main column, then (after the editor line, when given) a
    side column whose teasers (headline link and one-sentence summary) outweigh it."""
    body = "".join(f"<p>{escape(s)}</p>" for s in article)
    items = "".join(
        f'<li><a href="/a/{i}.html">{escape(h)}</a><p>{escape(s)}</p></li>' for i, (h, s) in enumerate(teasers)
    )
    editor_line = f'<div class="editor">责任编辑：{editor}</div>' if editor else ""
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{HEADLINE}_晋中新闻网</title></head>
<body><div class="top"><a href="/">首页</a> <a href="/news/">新闻</a> <a href="/city/">城市</a></div>
<div class="main"><div class="left"><h1>{HEADLINE}</h1><div class="info">2024-03-12 10:25 来源：晋中日报</div>
<div class="con">{body}</div>{editor_line}</div>
<div class="right"><h3>{heading}</h3><ul>{items}</ul></div></div>
<div class="foot">版权所有 晋中新闻网</div></body></html>"""


@FAST
@given(
    # (two sentences at least: below tuning.short_end_min characters of article an end
    # marker is not trusted, since a line or two above an article may end like a sentence)
    st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=3, unique=True),
    st.sampled_from(WIDGET_HEADINGS),
    st.integers(min_value=2, max_value=5),
    st.sampled_from(["", "王芳"]),
)
def test_a_short_item_keeps_out_the_longer_teaser_column_beside_it(article, heading, teasers, editor):
    """However short the item and however long the teasers beside it, the body is the
    item's sentences and nothing of the teaser column."""
    others = [s for s in SENTENCES if s not in article]
    teaser_rows = list(zip(TEASER_HEADLINES[:teasers], others))
    result = extract(short_item_page(article, heading, teaser_rows, editor))
    assert result.text.split("\n") == article


def wechat_page(paragraphs, hidden):
    """A WeChat public-account article: every paragraph a <section> of styled <span>s,
    the body hidden until the page's script shows it, the time in a script variable."""
    style = ' style="visibility: hidden;"' if hidden else ""
    sections = [f'<section><span style="font-size: 15px;">{escape(p)}</span></section>' for p in paragraphs]
    image = '<p><img data-src="https://mmbiz.qpic.cn/mmbiz_jpg/abc/640?wx_fmt=jpeg"></p>'
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{HEADLINE}</title></head>
<body><div id="js_article"><h1 class="rich_media_title">{HEADLINE}</h1>
<div class="rich_media_meta_list"><span>太原发布</span> <a id="js_name">太原发布</a> <em id="publish_time"></em></div>
<div class="rich_media_content" id="js_content"{style}>{sections[0]}{image}{"".join(sections[1:])}
</div></div><div class="rich_media_tool"><a>阅读原文</a> 阅读 <span>10万+</span> 在看 <span>325</span></div>
<script>var ct = "1717040100"; var nickname = "太原发布";</script></body></html>"""


@FAST
# (two sentences at least: a one-sentence item is below any content finder's minimum and
# comes back as the whole page)
@given(st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=6, unique=True), st.booleans())
def test_wechat_section_paragraphs_are_the_body_paragraph_by_paragraph(paragraphs, hidden):
    """Each <section> of inline text is a paragraph of the body: no headline, account name
    or reading counter in it, the picture kept, the time from the script."""
    result = extract(wechat_page(paragraphs, hidden))
    assert result.text.split("\n") == paragraphs
    assert result.images == ["https://mmbiz.qpic.cn/mmbiz_jpg/abc/640?wx_fmt=jpeg"]
    assert result.published.isoformat() == "2024-05-30T11:35:00+08:00"


def table_layout_page(paragraphs, menu):
    """An old table layout: a menu row of bars, the article as <br>-separated lines in one
    cell, then related links, and the sponsor line in a table of its own."""
    lines = "<br><br>".join(f"　　{escape(p)}" for p in paragraphs)
    return f"""<html><head><meta charset="utf-8"><title>{HEADLINE}--大同新闻网</title></head>
<body><table width="1000"><tr><td>{" | ".join(menu)}</td></tr></table>
<table width="1000"><tr><td width="700"><table><tr><td class="title">{HEADLINE}</td></tr>
<tr><td>发布时间：2023-11-08 来源：大同日报 浏览次数：1253</td></tr>
<tr><td class="content">{lines}<br><br></td></tr>
<tr><td>上一篇：<a href="/a/9.html">{TEASER_HEADLINES[0]}</a></td></tr></table></td>
<td width="300"><b>图片新闻</b><br><a href="/p/1.html"><img src="/p/1.jpg"><br>云冈石窟迎来初雪</a></td></tr></table>
<table><tr><td>主办：中共大同市委宣传部 承办：大同新闻网 联系电话：0352-1234567</td></tr></table></body></html>"""


MENU_ITEMS = st.lists(
    st.sampled_from(["网站首页", "本地新闻", "山西新闻", "国内新闻", "视频", "专题", "图片"]), min_size=3
)


@FAST
@given(st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=6, unique=True), MENU_ITEMS)
def test_an_old_table_layout_gives_its_lines_and_no_menu_or_sponsor(paragraphs, menu):
    """The article's lines, whatever the menu row above it; the menu and the 主办/承办
    line never end up after the body."""
    result = extract(table_layout_page(paragraphs, menu))
    assert result.text.split("\n") == paragraphs


def test_a_dateline_names_its_people_without_their_roles():
    """本报讯（记者 张三 通讯员 李四）: the author is the two people, not 通讯员."""
    article = [f"本报讯（记者 张三 通讯员 李四）{SENTENCES[0]}", *SENTENCES[1:4], "（完）"]
    body = "".join(f"<p>{escape(p)}</p>" for p in article)
    html = f"""<html><head><meta charset="utf-8"><title>{HEADLINE} - 社会 - 上党晚报网</title></head>
<body><div class="article-title">{HEADLINE}</div><div class="info">2024年03月12日 10:25 上党晚报</div>
<div class="article-body">{body}</div><div class="pages"><a>上一页</a> <a>1</a> <a>2</a> <a>下一页</a></div>
<div>【纠错】 【责任编辑：赵六】</div><h4>相关新闻</h4><ul><li><a href="/a/1.html">{TEASER_HEADLINES[1]}</a></li></ul>
</body></html>"""
    result = extract(html)
    assert result.author == "张三 李四"
    assert result.text.split("\n") == article


ADDRESS_SHAPES = [
    "http://www.example.cn/news/{y}/{m}{d}/5561234.html",
    "http://www.example.gov.cn/zwgk/tzgg/{y}{m}/t{y}{m}{d}_5561234.html",
    "https://example.com/{y}-{m}-{d}/article_88.html",
    "https://example.com/a/{y}{m}{d}/123.shtml",
]


def dated_address_page(address, stamp):
    """A page whose only date with a year is in its address; near the headline, a
    year-less stamp (or nothing)."""
    return f"""<html><head><meta charset="utf-8"><title>忻州新闻网</title><link rel="canonical" href="{address}"></head>
<body><h1 class="logo">忻州新闻网</h1><h2 class="biaoti">{HEADLINE}</h2><div>忻州日报 | {stamp} | 阅读 326</div>
<div>{"".join(f"<p>{s}</p>" for s in SENTENCES[:3])}</div><div>Copyright © 2008-2023 忻州新闻网</div></body></html>"""


@FAST
@given(
    st.dates(min_value=datetime.date(1995, 1, 1), max_value=datetime.date.today() - datetime.timedelta(days=2)),
    st.sampled_from(ADDRESS_SHAPES),
    st.times(),
    st.booleans(),
)
def test_a_page_dated_only_by_its_address_gets_that_day(day, shape, moment, with_stamp):
    """The day a CMS files the page under is its publish day; a year-less stamp of that
    day near the headline gives the time, one of another day is not trusted with it."""
    address = shape.format(y=f"{day.year:04d}", m=f"{day.month:02d}", d=f"{day.day:02d}")
    stamp = f"{day.month:02d}-{day.day:02d} {moment.hour:02d}:{moment.minute:02d}" if with_stamp else "阅读全文"
    published = extract(dated_address_page(address, stamp)).published
    expected = (moment.hour, moment.minute) if with_stamp else (0, 0)
    assert (published.date(), (published.hour, published.minute)) == (day, expected)


def test_a_number_that_only_contains_a_date_is_not_one():
    """An article number such as 120240312 or 2024031288 names no day."""
    for address in ("http://example.cn/a/120240312.html", "http://example.cn/a/2024031288.html"):
        assert extract(dated_address_page(address, "阅读全文")).published is None


def test_a_stamp_of_another_day_does_not_give_the_address_day_its_time():
    published = extract(dated_address_page("http://example.cn/news/2024/0312/55.html", "01-05 08:30")).published
    assert published.isoformat() == "2024-03-12T00:00:00+08:00"


def test_todays_date_in_the_header_bar_does_not_outweigh_the_address_day():
    html = dated_address_page("http://example.cn/news/2024/0312/55.html", "阅读全文").replace(
        '<h1 class="logo">', '<div class="bar">2024年11月20日 星期三</div><h1 class="logo">'
    )
    assert extract(html).published.isoformat() == "2024-03-12T00:00:00+08:00"


def div_paragraph_page(paragraphs, ranking):
    """Each paragraph a <div> indented with &nbsp;, no <p> anywhere; a see-also line after
    it and a ranking column beside it."""
    lines = "".join(f"<div>&nbsp;&nbsp;&nbsp;&nbsp;{escape(p)}</div>" for p in paragraphs)
    items = "".join(f'<li><a href="/{i}">{escape(t)}</a></li>' for i, t in enumerate(ranking))
    return f"""<html><head><meta charset="utf-8"><title>{HEADLINE}-朔州新闻网</title></head><body>
<div class="top"><a href="/">首页</a> <a href="/a">朔州</a> <a href="/b">国内</a> <a href="/c">国际</a></div>
<div class="l"><div class="bt">{HEADLINE}</div><div class="sj">2024-05-06 08:00:00 来源：朔州日报</div>
<div class="nr">{lines}<div>&nbsp;</div><div>相关链接：<a href="/x">{TEASER_HEADLINES[2]}</a></div></div></div>
<div class="r"><div class="h">排行榜</div><ul>{items}</ul></div>
<div class="f">朔州新闻网 版权所有 未经授权禁止复制</div></body></html>"""


@FAST
@given(
    st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=8, unique=True),
    st.lists(st.sampled_from(TEASER_HEADLINES), min_size=0, max_size=5),
)
def test_div_paragraphs_are_the_body_paragraph_by_paragraph(paragraphs, ranking):
    """A page that never uses <p> gives its paragraphs' text, without the menu, the
    headline, the see-also line or the ranking beside it, and (from three paragraphs on,
    when the text is long enough for trafilatura to see an article) one a line."""
    text = extract(div_paragraph_page(paragraphs, ranking)).text
    assert "".join(text.split()) == "".join(paragraphs)
    if len(paragraphs) >= 3:
        assert text.split("\n") == paragraphs
