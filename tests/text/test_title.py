"""Headlines on pages whose <title> is the site's name or keywords, and site-name suffixes."""

from dayuan.text.extract import extract

from .synthetic import page

HEADLINE = "全市重点项目建设进展顺利"
META = "发布时间：2022-10-22 10:00"


def test_keyword_title_gives_way_to_the_dated_heading():
    html = page(title="新闻,资讯,本地新闻,生活,东区", headline=HEADLINE, headline_tag="h2", meta=META)
    assert extract(html).title == HEADLINE


def test_site_name_title_and_logo_heading_give_way_to_the_title_class_headline():
    html = page(
        title="东区新闻网", headline=HEADLINE, headline_tag="div", headline_attrs=' class="news-title"', meta=META
    )
    html = html.replace('<div class="header">', '<div class="header"><h1><a href="/">东区新闻网</a></h1>')
    assert extract(html).title == HEADLINE


def test_headline_nearest_the_meta_line_wins_over_a_blog_name_heading():
    html = page(title="", headline=HEADLINE, headline_tag="h2", meta=META)
    html = html.replace('<div class="header">', '<div class="header"><h1>李明的博客</h1>')
    assert extract(html).title == HEADLINE


def test_department_suffix_named_in_the_footer_is_cut():
    html = page(title=f"{HEADLINE} 东区办事处", meta=META, footer="版权所有：东区办事处 地址：东区人民路1号")
    assert extract(html).title == HEADLINE


def test_site_suffix_named_by_og_site_name_is_cut():
    html = page(
        title=f"{HEADLINE} 湖南省中医药大学第一附属医院",
        meta=META,
        head='<meta property="og:site_name" content="湖南省中医药大学第一附属医院">',
    )
    assert extract(html).title == HEADLINE


def test_a_title_whose_last_word_is_not_a_site_name_is_kept_whole():
    title = "市长调研 东区办事处"
    html = page(title=title, meta=META, footer="版权所有：东区新闻网")
    assert extract(html).title == title


def test_a_column_flag_before_the_headline_is_not_the_headline():
    html = page(title=f"【重点关注】{HEADLINE} - 东区新闻网", headline=f"【重点关注】{HEADLINE}", meta=META)
    assert extract(html).title == HEADLINE
    # a bracket that is the whole short title is kept
    html = page(title="【公告】", headline="【公告】", meta=META)
    assert extract(html).title != ""
