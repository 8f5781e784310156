"""Third round of shapes seen on unseen sites: a page run together into one paragraph, a
block rendered twice, datelines with a site address, counters, bare labels, text after a
rule or comment, markup in a meta title, a software credit as the meta author."""

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from dayuan.text import chrome, dates
from dayuan.text.extract import extract

from .synthetic import PARAGRAPHS, page
from .test_extract_properties import FAST, SENTENCES, TITLE_WORDS

HEADLINE = "全市重点项目建设进展顺利"
META = "发布时间：2022-10-22 10:00"
NAV = "东区人民政府 首页 区情概况 信息公开 政务服务 互动交流 首页 > 动态信息 > 政务动态"
FOOTER = "扫一扫在手机打开当前页 关于我们 | 联系我们 | 网站地图 东区人民政府 主办"


def run_together(paragraphs, headline=HEADLINE, nav=NAV, meta="东区政府网 2022-10-22 10:00 打印本页 0"):
    return " ".join([nav, headline, meta, *paragraphs, FOOTER])


def test_a_page_run_together_loses_the_chrome_around_the_article():
    text = chrome.trim_run_together(run_together(PARAGRAPHS), HEADLINE)
    assert text == " ".join(PARAGRAPHS)


def test_a_paragraph_that_quotes_the_headline_after_a_sentence_is_left_whole():
    text = f"{PARAGRAPHS[0]} 会上通报了{HEADLINE}的情况 " + " ".join(PARAGRAPHS[1:])
    assert chrome.trim_run_together(text, HEADLINE) == text


def test_a_document_field_table_above_the_title_is_kept():
    table = "索 引 号： 11220000/2022-00426 发文机关： 东区人民政府 成文日期： 2022年01月27日"
    text = " ".join([table, HEADLINE, *PARAGRAPHS])
    assert chrome.trim_run_together(text, HEADLINE) == text


def test_a_block_rendered_twice_keeps_one_copy():
    table = "索 引 号： 11220000/2022-00426 分 类： 通告 发文机关： 东区人民政府 成文日期： 2022年01月27日"
    assert chrome.drop_repeat(f"{table} {table} {PARAGRAPHS[0]}") == f"{table} {PARAGRAPHS[0]}"
    # a short phrase said twice is prose, not a copy
    assert chrome.drop_repeat("好 好 学习") == "好 好 学习"


def test_a_breadcrumb_leading_the_first_block_is_dropped():
    assert chrome.drop_breadcrumb_head(f"首页 >> 信息公开 >> 通知公告 {PARAGRAPHS[0]}") == PARAGRAPHS[0]
    # one arrow inside a sentence is no breadcrumb
    assert chrome.drop_breadcrumb_head(f"温度 > 30 度时 {PARAGRAPHS[0]}") == f"温度 > 30 度时 {PARAGRAPHS[0]}"


def body_of(lead="", tail="", meta=META):
    html = page(title=f"{HEADLINE}_东区新闻网", headline=HEADLINE, meta=meta, lead=lead, tail=tail)
    return extract(html)


def test_a_dateline_led_by_the_site_address_is_not_body():
    article = body_of(lead="<p>http://news.example.cn 2005-04-25 08:24:06 来源: 东区日报 网友评论 0 条</p>")
    assert article.text.splitlines()[0] == PARAGRAPHS[0]


def test_reader_counters_and_bare_labels_are_not_body():
    lead = "<p>发表时间：</p><p>您是本文第 154 个阅览者</p>"
    tail = "<p>本文已被浏览 56 次</p>"
    assert body_of(lead=lead, tail=tail).text.splitlines() == PARAGRAPHS


def test_text_right_after_a_rule_or_comment_is_kept():
    html = f"""<html><head><title>{HEADLINE}</title></head><body><h3>{HEADLINE}</h3>
<table><tr><td><font><hr><!-- begin -->{PARAGRAPHS[0]}<br><br>{PARAGRAPHS[1]}<br><br>{PARAGRAPHS[2]}
<br><br>{PARAGRAPHS[3]}</font></td></tr></table></body></html>"""
    assert PARAGRAPHS[0] in extract(html).text


def test_markup_in_a_meta_title_is_not_in_the_headline():
    head = f'<meta name="ArticleTitle" content="{HEADLINE}&lt;div&gt;——副题&lt;/div&gt;">'
    html = page(title="东区新闻网", head=head, meta=META)
    assert "<" not in extract(html).title


def test_the_software_credit_and_the_publisher_are_not_the_author():
    credit = '<meta name="generator" content="Discuz! X3.4"><meta name="author" content="Discuz! Team">'
    html = page(title=HEADLINE, headline=HEADLINE, meta=META, head=credit)
    assert "Discuz" not in extract(html).author
    cited = (
        '<meta name="citation_publisher" content="东区出版社"><meta name="author" content="东区出版社">'
        '<meta name="citation_author" content="赵培">'
    )
    html = page(title=HEADLINE, headline=HEADLINE, meta=META, head=cited)
    assert extract(html).author == "赵培"


CHROME_WORDS = st.sampled_from(
    ["首页", "新闻中心", "政务公开", "登录", "注册", "网站地图", "|", ">", "打印本页", "关闭"]
)


@FAST
@given(
    st.lists(CHROME_WORDS, min_size=3, max_size=12),
    TITLE_WORDS,
    # (long enough to be a page's whole text: RUN_TOGETHER_MIN characters)
    st.lists(st.sampled_from(SENTENCES), min_size=10, max_size=16),
    st.lists(CHROME_WORDS, min_size=2, max_size=10),
)
def test_a_run_together_page_gives_its_article_and_no_chrome(nav, headline, paragraphs, footer):
    """Whatever menus stand before the headline and after the last sentence, the article
    of a page run together into one paragraph is its sentences, no more and no less."""
    footer = [*footer, "东区人民政府主办"]
    text = " ".join([*nav, headline, "2022-10-22 10:00", *paragraphs, *footer])
    assert chrome.trim_run_together(text, headline) == " ".join(paragraphs)


@FAST
@given(
    st.lists(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2099, 12, 31)), min_size=1, max_size=3),
    st.sampled_from(["meta", "text", "label", "posted", "issue"]),
)
def test_a_publish_time_is_never_before_1990_nor_in_the_future(moments, where):
    """Whatever dates a page shows and wherever, the publish time is None or between
    1990 and now."""
    stamps = [m.strftime("%Y-%m-%d %H:%M") for m in moments]
    head = "".join(f'<meta name="pubdate" content="{s}">' for s in stamps) if where == "meta" else ""
    meta = (
        " ".join(("发布时间：" if where == "label" else "") + s for s in stamps) if where in ("text", "label") else ""
    )
    footer = ""
    if where == "posted":
        footer = " ".join(
            f"本贴由 网友 于{m.year}年{m.month}月{m.day}日{m.hour}:{m.minute:02d}在〖 论坛 〗发表" for m in moments
        )
    if where == "issue":
        footer = " ".join(f"——《读书》{m.year}年{m.month}月号" for m in moments)
    html = page(title=HEADLINE, headline=HEADLINE, meta=meta, head=head, footer=footer)
    published = extract(html).published
    assert published is None or (
        datetime(1990, 1, 1, tzinfo=dates.SHANGHAI) <= published <= datetime.now(dates.SHANGHAI) + timedelta(days=1)
    )


@FAST
@given(TITLE_WORDS, st.sampled_from(["东区新闻网", "东区政府", "李明的博客", "东区在线"]))
def test_the_title_is_never_the_site_name_when_an_h1_holds_a_longer_headline(headline, site):
    html = page(title=site, headline=headline, meta=META)
    assert extract(html).title == headline


def test_a_first_sentence_that_starts_with_the_headline_keeps_its_start():
    headline = "东区推进数字乡村建设"
    first = f"{headline}，多个行政村实现光纤和移动网络全覆盖。"
    text = run_together([first, *PARAGRAPHS], headline=headline, meta="2022-10-22 10:00 评论数：0 作者：陈晨")
    assert chrome.trim_run_together(text, headline) == " ".join([first, *PARAGRAPHS])


def test_the_body_a_page_marks_for_machines_is_the_body_however_short():
    html = page(title=HEADLINE, headline=HEADLINE, meta=META, paragraphs=[])
    html = html.replace(
        '<div class="content">',
        '<div class="content"><div itemprop="articleBody"><p>东区今年新建三处口袋公园，全部对市民免费开放。</p><p>附近居民散步休闲更方便了，孩子们也有了玩耍的地方。</p></div>',
    )
    html = html.replace(
        '<div class="footer">', '<div class="footer">' + "<p>版权声明 本文仅代表作者观点，不代表本站立场。</p>" * 3
    )
    assert extract(html).text.splitlines() == [
        "东区今年新建三处口袋公园，全部对市民免费开放。",
        "附近居民散步休闲更方便了，孩子们也有了玩耍的地方。",
    ]


def test_short_lines_above_the_meta_line_are_the_page_head_not_body():
    lead = "<p>本地新闻 频道</p><p>东区新闻网 |发布: 2021-1-29 13:18|点击: 313|来自: 互联网</p>"
    assert body_of(lead=lead, meta="").text.splitlines() == PARAGRAPHS


def test_a_sentence_above_the_meta_line_stays():
    lead = "<p>本报讯，全市重点项目建设进展顺利。</p><p>发布: 2021-1-29 13:18|点击: 313</p>"
    assert body_of(lead=lead, meta="").text.splitlines()[0] == "本报讯，全市重点项目建设进展顺利。"


def test_a_page_run_together_ends_at_its_first_end_marker():
    from dayuan.text.body import _ends_article

    tail = "点赞 0 版权声明 本文仅代表作者观点，不代表本站立场。 相关文章 东区新建三处口袋公园 2026-11-24"
    text = " ".join([NAV, HEADLINE, "2022-10-22 10:00", *PARAGRAPHS, tail])
    assert chrome.trim_run_together(text, HEADLINE, ends=_ends_article) == " ".join(PARAGRAPHS)


def test_a_picture_alone_in_its_block_with_an_address_naming_no_file_is_kept():
    picture = "https://img.example.cn/a/640?wx_fmt=jpeg"
    html = page(title=HEADLINE, headline=HEADLINE, meta=META, paragraphs=[])
    paragraphs = "".join(f"<section><p>{p}</p></section>" for p in PARAGRAPHS)
    lazy = f'<section><img data-src="{picture}" src="data:image/gif;base64,AAAA"></section>'
    html = html.replace('<div class="content">', f'<div class="content">{paragraphs[:200]}{lazy}{paragraphs[200:]}')
    html = html.replace('<div class="header">', '<div class="header"><div><img src="/logo.gif"></div>')
    article = extract(html)
    assert article.images == [picture]
    assert f'<img src="{picture.replace("&", "&amp;")}"' in article.html


def test_a_sentence_that_mentions_an_account_stays_but_an_invitation_to_follow_ends_the_body():
    sentence = "活动持续到年底，市民可以关注图书馆公众号了解活动安排。"
    text = body_of(tail=f"<p>{sentence}</p><p>欢迎关注东区融媒公众号</p><p>东区新建三处口袋公园</p>").text
    assert text.splitlines()[-1] == sentence


def test_an_accounts_name_under_its_qr_code_ends_the_body_but_a_sentence_naming_it_stays():
    """凤凰资讯官方微信 as a line of its own is the caption of a QR code, not article text."""
    sentence = "记者从东区融媒官方微信获悉，活动持续到年底。"
    for caption in ("东区资讯官方微信", "东区融媒微信公众号"):
        tail = f'<p>{sentence}</p><p><img src="/qr.png"></p><p>{caption}</p><p>东区新建三处口袋公园</p>'
        text = body_of(tail=tail).text
        assert text.splitlines()[-1] == sentence and caption not in text
