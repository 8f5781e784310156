"""Fourth round: shapes seen on pages of sites in neither dev corpus (GNE's own test pages,
read as a held-out check): a header that closes the page early, an article laid out inside
a list item, keyword and breadcrumb titles, minor headings as headlines, widgets and
counters around the text, and lists of recent articles that print each date alone."""

from html import escape

import lxml.etree

from dayuan.text import body
from dayuan.text.extract import extract

from .synthetic import PARAGRAPHS, page

HEADLINE = "全市重点项目建设进展顺利"
META = "发布时间：2022-10-22 10:00"


def body_lines(lead="", tail="", paragraphs=PARAGRAPHS):
    html = page(
        title=f"{HEADLINE}_东区新闻网", headline=HEADLINE, meta=META, lead=lead, tail=tail, paragraphs=paragraphs
    )
    return extract(html).text.splitlines()


def test_a_header_that_closes_the_page_early_still_leaves_the_article():
    """An included header with its own </body></html>: libxml2 put the rest of the page
    outside the body, where no content finder looked, and the header's links became the text."""
    html = page(title=HEADLINE, headline=HEADLINE, meta=META).replace(
        '<div class="header">', '<div class="header"><a href="/en/">EN</a> | <a href="/mail/">邮箱</a></body></html>'
    )
    assert extract(html).text.splitlines() == PARAGRAPHS


def test_an_article_laid_out_inside_a_list_item_keeps_its_paragraphs():
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in PARAGRAPHS)
    related = "".join(
        f'<li><a href="/n/{i}.html">东区新闻第{i}条标题在此</a>2022-10-2{i} 08:0{i}</li>' for i in range(6)
    )
    html = f"""<html><head><title>{HEADLINE}_东区新闻网</title></head><body>
<ul class="article"><li><h3>{HEADLINE}</h3>最后更新: 2022-10-22 10:00:48{paragraphs}</li></ul>
<ul class="related">{related}</ul></body></html>"""
    assert extract(html).text.splitlines() == PARAGRAPHS


def test_a_keyword_string_in_the_logo_heading_gives_way_to_the_dated_headline():
    keywords = "东区新闻_东区资讯_今日东区_东区头条_东区生活_东区快讯 - 东区新闻网，权威东区资讯网站"
    html = page(title=f"东区快讯--{HEADLINE}", meta=META).replace(
        '<div class="header">', f'<div class="header"><h1><a href="/">{keywords}</a></h1>'
    )
    html = html.replace('<div class="info">', f'<div class="title-text">{HEADLINE}</div><div class="info">')
    assert extract(html).title == HEADLINE


def test_a_minor_heading_with_the_meta_line_under_it_is_the_headline():
    html = page(title="新闻动态--东区地理学会官网", meta=META).replace(
        '<div class="header">', '<div class="crumbs"><h3>首页 - 新闻动态</h3></div><div class="header">'
    )
    html = html.replace('<div class="info">', f'<h5>{HEADLINE}</h5><div class="info">')
    html = html.replace('<div class="footer">', '<div class="footer"><h5>东区地理学会</h5>')
    assert extract(html).title == HEADLINE
    # a heading of any level that the <title> holds, without the site's name after it
    html = page(title=f"{HEADLINE}-EDN 电子技术设计", meta=META)
    html = html.replace('<div class="info">', f'<h4>{HEADLINE}</h4><div class="info">')
    assert extract(html).title == HEADLINE


def test_a_footer_heading_is_no_headline_for_a_page_without_a_title():
    html = page(title="", meta="").replace(
        '<div class="footer">', '<div class="footer"><h5>All rights reserved 联系版主</h5>'
    )
    assert "All rights reserved" not in extract(html).title


def test_widgets_counters_and_a_dateline_around_the_text_are_not_body():
    for lead in (
        "<p>2819</p><p>字号</p>",
        "<p>石佳/东区日报</p><p>2019-09-24 09:10</p><p>字号</p>",
        "<p>\ufeff</p><p>大 中 小</p>",
    ):
        assert body_lines(lead=lead) == PARAGRAPHS, lead
    for tail in (
        "<p>微信扫一扫</p>",
        "<p>返回东区网首页&gt;&gt;</p>",
        f"<p>{HEADLINE}</p><p>东区发改委</p>",
        "<p>本文仅代表作者个人观点。</p><p>请支持独立网站，转发请注明本文链接：https://news.example.cn/1.shtml</p>",
        "<p>- THE END -</p><p>东区新建三处口袋公园</p>",
        "<p>【纠错】【责任编辑:张三 】</p><p>东区新建三处口袋公园</p>",
    ):
        assert body_lines(tail=tail) == PARAGRAPHS, tail


def test_a_list_of_recent_articles_with_each_date_alone_ends_the_body():
    dates = "".join(f"<p>2019-0{m}-07</p>" for m in range(9, 4, -1))
    entries = "".join(f"<p>【东区观察】东区新闻第{i}条标题</p><p>2019-09-07</p>" for i in range(3))
    assert body_lines(tail=f"<p>作者最近文章</p>{dates}{entries}") == PARAGRAPHS


def test_a_date_alone_inside_the_text_heads_a_section_and_is_kept():
    paragraphs = [*PARAGRAPHS[:2], "2019年9月9日", *PARAGRAPHS[2:]]
    assert body_lines(paragraphs=paragraphs) == paragraphs


def test_a_list_item_holding_paragraphs_is_read_as_paragraphs():
    """What trafilatura gives for an article laid out inside a list item: one <item> holding
    the headline and the paragraphs. It was read as one line, and the whole article lost."""
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in PARAGRAPHS)
    xml = lxml.etree.fromstring(
        f'<list rend="ul"><item><head rend="h3">{HEADLINE}</head>最后更新: 2022-10-22{paragraphs}'
        "<list><item>附件一</item></list></item><item>东区新闻第1条标题</item></list>"
    )
    blocks = [(b.kind, b.text) for b in body._element_blocks(xml, None)]
    assert blocks == [
        ("h3", HEADLINE),
        ("p", "最后更新: 2022-10-22"),
        *[("p", p) for p in PARAGRAPHS],
        ("li", "附件一"),
        ("li", "东区新闻第1条标题"),
    ]


def test_the_articles_source_after_the_headline_in_the_title_is_not_the_headline():
    """<title>标题 东区办事处_中山网</title>, and 来源于：东区办事处 under the headline."""
    html = page(title=f"{HEADLINE} 东区办事处_中山网", meta="来源于：东区办事处 2019-03-06")
    assert extract(html).title == HEADLINE


def test_teasers_of_other_pages_and_reprint_notes_end_the_body():
    teaser = "东区文化频道与媒体团一同走访六大书院，深入挖掘书院文化中蕴含的丰富思想，为文化建设提供有益启示。 【详细】"
    assert body_lines(tail=f"<h2>推荐</h2><p>{teaser}</p><p>{teaser}</p>") == PARAGRAPHS
    assert body_lines(tail="<p>本文为东区网原创文章，未经允许不得转载，如需转载请联系本网。</p>") == PARAGRAPHS
