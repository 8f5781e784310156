"""Chrome that unseen sites put inside the article's text is left out of the body."""

from dayuan.text import chrome
from dayuan.text.extract import extract

from .synthetic import PARAGRAPHS, page

META = "发布时间：2022-10-22 10:00 来源：东区新闻网"


def body_of(**parts):
    return extract(
        page(title="全市重点项目建设进展顺利_东区新闻网", headline="全市重点项目建设进展顺利", meta=META, **parts)
    ).text


def test_related_list_whose_entries_end_in_dates_is_cut():
    tail = (
        "<p>推进数字乡村建设取得新进展 2019-09-09 15:32</p>"
        "<p>全民健身运动会在体育中心开幕 2019-09-08 10:05</p>"
        "<p>社区食堂覆盖所有街道 2019-09-07</p>"
    )
    text = body_of(tail=tail)
    assert text.splitlines()[-1] == PARAGRAPHS[-1]
    assert "数字乡村" not in text and "2019-09" not in text


def test_widget_bars_are_cut():
    tail = "<p>新闻评论</p><p>加载更多</p><p>热帖</p><p>热词</p><p>炫图 视频</p><p>某地举办美食节 吸引游客</p>"
    text = body_of(tail=tail)
    assert text.splitlines()[-1] == PARAGRAPHS[-1]
    for word in ("新闻评论", "加载更多", "热帖", "热词", "炫图", "美食节"):
        assert word not in text


def test_recommendation_heading_ends_the_body():
    text = body_of(tail="<p>相关推荐</p><p>高铁新线下月开通运营</p><p>城区新增三座公园</p>")
    assert "相关推荐" not in text and "高铁新线" not in text and "公园" not in text


def test_see_also_line_ends_the_body():
    text = body_of(tail="<p>相关资讯请关注：重点项目建设专区</p><p>专区首页 往期回顾</p>")
    assert "相关资讯" not in text and "专区" not in text


def test_lead_ins_above_the_article_are_dropped():
    text = body_of(lead="<p>关注东区新闻网</p><p>图集</p><p>【新春走基层】</p>")
    assert text.splitlines()[0] == PARAGRAPHS[0]
    assert "关注" not in text and "图集" not in text and "走基层" not in text


def test_reporter_byline_under_the_headline_is_the_author_not_body():
    article = extract(
        page(
            title="全市重点项目建设进展顺利",
            headline="全市重点项目建设进展顺利",
            meta="2022-10-22 10:00",
            lead="<p>光明日报记者 王建宏 张文攀</p>",
        )
    )
    assert "王建宏" not in article.text
    assert article.author == "王建宏 张文攀"


def test_interview_questions_stay_in_the_body():
    questions = ["记者：你通过什么渠道最快地获取这些信息？", "李明：通过国家下发的有关文件和上网查阅资料。"]
    text = body_of(tail="".join(f"<p>{q}</p>" for q in questions))
    assert all(q in text for q in questions)


def test_sentences_that_mention_dates_or_related_news_are_kept():
    keep = ["相关报道指出，2019年9月9日项目正式开工，此后进展顺利。", "举报人“寻而不得”"]
    text = body_of(tail="".join(f"<p>{k}</p>" for k in keep) + "<p>" + PARAGRAPHS[0] + "</p>")
    assert all(k in text for k in keep)


def test_line_shapes():
    assert chrome.is_dated_entry("推进数字乡村建设 2019-09-09 15:32")
    assert chrome.is_dated_entry("城区新增三座公园 (09-07)")
    assert not chrome.is_dated_entry("2019年9月9日 项目开工")  # a timeline entry
    assert not chrome.is_dated_entry("他说：“时间定在2019-09-09。”")
    assert chrome.is_widget("新闻评论 / 加载更多")
    assert not chrome.is_widget("新闻评论员李明认为")
    assert chrome.is_nav_row("全国 北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江")
    assert chrome.is_meta_line("报纸网 |发布: 2021-1-29 13:18|点击: 313|来自: 互联网")
    assert not chrome.is_meta_line("来源：新华社")
    assert chrome.is_disclaimer_heading("振兴东北网版权与免责声明：")
    assert chrome.is_disclaimer_heading("免责声明")
    assert not chrome.is_disclaimer_heading("公司随后发表声明，称版权声明已失效。")
    thread = "旅行中谁忽悠了你？【版主】08-11 16:06 298字 [4321/87] 参与旅行社的都是弱势群体【梅骏】08-11 16:58 138字 [140/0] 故事【猫猫】08-11 17:03 0字"
    assert chrome.is_stamp_list(thread)
    assert not chrome.is_stamp_list("会议于2019年9月9日 15:32开始，9月10日 9:00结束。")


def test_a_site_disclaimer_after_the_article_is_cut():
    tail = "<p>东区新闻网版权与免责声明：</p><p>① 凡本网注明“来源：东区新闻网”的所有作品，版权均属于本网。</p>"
    text = body_of(tail=tail)
    assert text.splitlines()[-1] == PARAGRAPHS[-1]


def test_a_page_run_into_one_paragraph_is_not_a_body():
    from dayuan.text.body import Block, is_whole_page

    # (the rule is off by default, tuning.whole_page_share = 1.01; the grid tries 0.8)
    assert is_whole_page([Block("p", "首页 新闻 " + "正文" * 500 + " 版权所有")], page_chars=1010, share=0.8)
    assert not is_whole_page([Block("p", "正文" * 100)], page_chars=1010, share=0.8)
    assert not is_whole_page([Block("p", "段落" * 50)] * 6, page_chars=620, share=0.8)
    assert not is_whole_page([Block("p", "首页 新闻 " + "正文" * 500 + " 版权所有")], page_chars=1010)


def test_bracket_dated_list_and_dateline_shapes():
    assert chrome.is_dated_entry("[2005-08-21] 为什么总要面对呢，可有谁知道我已经身心疲惫？")
    assert chrome.is_dated_entry("【2019-09-09】推进数字乡村建设取得新进展")
    assert not chrome.is_dated_entry("[2005-08-21] 这是一句完整的话。")
    assert chrome.is_date_source_line("2003-7-24 钱江晚报")
    assert chrome.is_date_source_line("2005-02-06 13:26更新 来源：转载文章 发表评论")
    assert not chrome.is_date_source_line("2019年9月9日 项目开工")  # a timeline's first entry
    assert not chrome.is_date_source_line("2019年9月9日上午，全市重点项目集中开工。")
    assert chrome.byline_names("本报实习生 刘国栋 周炜") == "刘国栋 周炜"


def test_kicker_above_a_repeated_headline_and_the_dateline_are_not_body():
    lead = "<p>拆房屡出命案 管理形同虚设</p><p>全市重点项目建设进展顺利</p><p>本报记者 王燕平 方云凤</p><p>2003-7-24 东区晚报</p>"
    article = extract(
        page(title="全市重点项目建设进展顺利_东区新闻网", headline="全市重点项目建设进展顺利", meta=META, lead=lead)
    )
    assert article.text.splitlines()[0] == PARAGRAPHS[0]
    assert article.author == "王燕平 方云凤"


def test_a_kicker_is_not_dropped_when_the_headline_is_not_repeated():
    text = body_of(lead="<p>拆房屡出命案 管理形同虚设</p>")
    assert PARAGRAPHS[0] in text


def test_a_page_whose_body_would_be_a_menu_has_no_article():
    import pytest

    from dayuan.text.extract import ExtractError

    html = page(title="东区新闻网", paragraphs=[], tail="<p>首页</p>" * 4 + "<p>新闻中心</p>" * 8)
    with pytest.raises(ExtractError):
        extract(html)
