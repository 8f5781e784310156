from datetime import datetime
from pathlib import Path

import pytest

from dayuan.text.textpage import parse_text_page

from .seedbody import expected_seed_blocks

PAGES = Path(__file__).resolve().parent / "pages"


def parse_file(name):
    return parse_text_page((PAGES / name).read_text(encoding="utf-8"))


def page_with_meta(meta, body="  这是正文的第一段，内容足够长，读起来像一个完整的段落。\n"):
    return f"某某新闻网\n\n0\n\n【要闻】测试标题：全省春耕生产全面展开\n\n{meta}\n\n{body}\n版权声明\n本站原创\n"


# --- the seed page -------------------------------------------------------------


@pytest.fixture
def seed(seed_page):
    return parse_text_page(seed_page.read_text(encoding="utf-8"))


def test_seed_headline_and_flag(seed):
    """The headline is read with its 【flag】 split off."""
    assert seed.title == "增强区域经济竞争力 集聚高质量发展新动能"
    assert seed.flag == "重点关注"


def test_seed_meta_line(seed):
    """Editor, region, time to the second, comment count and tags come from the meta line."""
    assert seed.editor == "网络编辑"
    assert seed.author == ""
    assert seed.region_name == "晋中"
    assert seed.published == datetime(2022, 10, 22, 10, 0, 59)
    assert seed.comment_count == 0
    assert seed.tags == ["经济区", "忻州", "代表"]


def test_seed_body_blocks(seed, seed_page):
    """16 paragraphs and 3 sub-headings, in the page's order, text intact, chrome left out."""
    assert seed.blocks == expected_seed_blocks(seed_page)
    assert (len(seed.paragraphs), len(seed.headings)) == (16, 3)
    text = " ".join(text for _, text in seed.blocks)
    for chrome in (
        "大院网-山西大院资讯网",
        "版权声明",
        "本文地址",
        "留言与评论",
        "验证码",
        "关于山西大院新闻网",
        "Copyright",
    ):
        assert chrome not in text


def test_seed_statement_and_address(seed):
    """The statement block says the author authorised it; the address line gives the URL."""
    assert seed.statement == "authorized"
    assert seed.address_url == "http://www.shanxidayuan.com/gsyl/jinzhong/4597.html"
    assert (seed.source_name, seed.source_url) == ("", "")


# --- pages shaped differently ----------------------------------------------------


def test_county_page_with_labels():
    """来源/作者/发布时间 labels, a 责任编辑 line after the body, a date in the header chrome."""
    page = parse_file("county_news.txt")
    assert page.title == "平遥古城“五一”假期迎来客流高峰"
    assert page.flag == ""
    assert page.published == datetime(2023, 5, 4, 8, 30)
    assert (page.author, page.editor) == ("王芳", "赵六")
    assert page.source_name == "平遥县融媒体中心"
    assert page.region_name == "平遥县"  # from the source's name: a county of 晋中
    assert page.statement == "reprinted"
    assert page.tags == []
    assert page.comment_count is None
    assert [kind for kind, _ in page.blocks] == ["p", "p", "h2", "p", "p"]
    assert page.headings == ["文旅融合带火夜经济"]
    # full-width indentation is stripped; the trailing chrome is not body
    assert all(not text.startswith("\u3000") for text in page.paragraphs)
    assert not any("责任编辑" in text or "相关阅读" in text for _, text in page.blocks)


def test_page_without_flag_or_tags():
    """A slash date, labels after it, no indentation: short unpunctuated lines are sub-headings."""
    page = parse_file("no_flag_no_tags.txt")
    assert (page.title, page.flag, page.tags) == ("太原市发放第二批数字消费券", "", [])
    assert page.published == datetime(2023, 3, 15, 14, 20)
    assert (page.source_name, page.editor, page.region_name) == ("太原日报", "刘洋", "太原")
    assert [kind for kind, _ in page.blocks] == ["p", "p", "h2", "p", "p"]
    assert page.headings == ["领取方式"]
    assert not any("上一篇" in text for _, text in page.blocks)


def test_meta_line_split_over_two_lines():
    """Reporter and county on one line, the time, comment count and tags on the next."""
    page = parse_file("split_meta.txt")
    assert (page.flag, page.title) == ("今日聚焦", "长子县启动秋粮收购 首日收购玉米逾千吨")
    assert (page.author, page.editor) == ("李强", "")
    assert page.region_name == "长子县"
    assert page.published == datetime(2023, 10, 8, 16, 45, 12)
    assert page.comment_count == 3
    assert page.tags == ["秋粮", "收购", "长子县"]
    assert page.headings == ["一、政策性收购有序展开", "二、仓容保障到位"]
    assert len(page.paragraphs) == 4
    assert page.statement == "original"
    assert page.address_url == "https://www.example.cn/gsyl/zhangzi/123.html"


# --- single rules ----------------------------------------------------------------


@pytest.mark.parametrize(
    "meta, expected",
    [
        ("网络编辑 太原 2022-10-22 10:00:59 0 春耕", datetime(2022, 10, 22, 10, 0, 59)),
        ("网络编辑 太原 2022-10-22 10:00", datetime(2022, 10, 22, 10, 0)),
        ("时间：2022/10/22  来源：山西日报", datetime(2022, 10, 22)),
        ("发布时间：2022年10月22日 10:00  作者：张三", datetime(2022, 10, 22, 10, 0)),
        ("2022年1月5日10时30分 编辑：李四", datetime(2022, 1, 5, 10, 30)),
        ("2022.3.8 09:15:00", datetime(2022, 3, 8, 9, 15)),
    ],
)
def test_date_formats(meta, expected):
    """The meta line is found by its date-time in any of the usual formats."""
    page = parse_text_page(page_with_meta(meta))
    assert page.published == expected
    assert (page.flag, page.title) == ("要闻", "测试标题：全省春耕生产全面展开")
    assert page.paragraphs == ["这是正文的第一段，内容足够长，读起来像一个完整的段落。"]


def test_labels_fill_fields():
    """Labeled fields go where their labels say, whatever their order."""
    page = parse_text_page(
        page_with_meta(
            "作者：张三  责任编辑：李四  发布时间：2023-01-02 03:04  评论：12  关键词：春耕，农业、粮食  地区：阳泉"
        )
    )
    assert (page.author, page.editor, page.comment_count) == ("张三", "李四", 12)
    assert page.tags == ["春耕", "农业", "粮食"]
    assert page.region_name == "阳泉"


def test_unknown_place_is_reported_as_found():
    """A place name the gazetteer doesn't know is kept as found, for the importer to judge."""
    page = parse_text_page(page_with_meta("网络编辑 北京 2023-01-02 03:04 0 科技"))
    assert (page.editor, page.region_name, page.tags) == ("网络编辑", "北京", ["科技"])


def test_sub_heading_rules():
    """Short lines without closing punctuation are sub-headings; sentences and indented lines are not."""
    body = "\n".join(
        [
            "  第一段正文，说明了事情的来龙去脉，内容较长。",
            "打造“桥头堡”和“后花园”",
            "  这是一句很短的话。",
            "他说：“我们一定做好。”",
            "  缩进的短行",
            "（完）",
        ]
    )
    page = parse_text_page(page_with_meta("2023-01-02 03:04", body=body))
    assert page.blocks == [
        ("p", "第一段正文，说明了事情的来龙去脉，内容较长。"),
        ("h2", "打造“桥头堡”和“后花园”"),
        ("p", "这是一句很短的话。"),
        ("p", "他说：“我们一定做好。”"),
        ("p", "缩进的短行"),
        ("p", "（完）"),
    ]


def test_windows_line_ends_and_invisible_characters():
    """CRLF line ends, a BOM and zero-width spaces don't change the result."""
    text = "\ufeff" + page_with_meta("2023-01-02 03:04").replace("\n", "\r\n").replace("测试", "测\u200b试")
    page = parse_text_page(text)
    assert page.title == "测试标题：全省春耕生产全面展开"
    assert len(page.paragraphs) == 1


def test_page_without_date_gives_empty_result():
    """Without a date-time there is no meta line to go by: nothing is guessed."""
    page = parse_text_page("某某网\n\n一个标题\n\n  一段正文，没有任何时间信息。\n")
    assert (page.title, page.published, page.blocks) == ("", None, [])


@pytest.mark.parametrize(
    "meta, fields",
    [
        (
            "发布时间：2023-05-04 08:30:00 | 来源：山西晚报 | 作者：张三 | 点击：次",
            {"author": "张三", "source_name": "山西晚报", "tags": [], "editor": ""},
        ),
        ("编辑：王五 2023-05-04 08:30 阅读 (123) 评论(4)", {"editor": "王五", "comment_count": 4, "tags": []}),
        (
            "来源：http://www.example.cn/a/1.html  2023年05月04日",
            {"source_url": "http://www.example.cn/a/1.html", "source_name": ""},
        ),
        ("晋城 网络编辑 2023-05-04 08:30 浏览：5", {"editor": "网络编辑", "region_name": "晋城", "tags": []}),
    ],
)
def test_separators_and_counters_are_not_fields(meta, fields):
    """Separators (|) and view counters with or without a colon don't end up as tags or names."""
    page = parse_text_page(page_with_meta(meta))
    assert {name: getattr(page, name) for name in fields} == fields


def test_region_on_meta_line_beats_source_name():
    """A region named on the meta line wins over the place a source is named after."""
    page = parse_text_page(page_with_meta("来源：山西日报 网络编辑 晋中 2023-01-02 03:04"))
    assert (page.source_name, page.editor, page.region_name) == ("山西日报", "网络编辑", "晋中")
