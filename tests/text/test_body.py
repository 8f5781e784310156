"""Body cleaning: metadata lines become fields, promotions go, the article ends at the first end marker."""

import lxml.html

from dayuan.text.body import Block, clean_blocks, prepare_tree

LONG = "忻州市今年秋粮喜获丰收，全市粮食总产量预计超过二十亿斤，创历史新高，农民增收明显，种粮积极性高涨。" * 2


def texts(blocks):
    return [b.text for b in blocks]


def test_metadata_lines_become_fields():
    blocks, meta = clean_blocks(
        [
            Block("p", "（原标题：忻州秋粮丰收）"),
            Block("p", LONG),
            Block("p", LONG),
            Block("p", "来源：忻州日报"),
            Block("p", "责任编辑：李华"),
        ],
        "忻州秋粮喜获丰收",
    )
    assert texts(blocks) == [LONG, LONG]
    assert meta == {"original_title": "忻州秋粮丰收", "source": "忻州日报", "editor": "李华"}


def test_everything_after_an_end_marker_is_dropped():
    blocks, _ = clean_blocks(
        [
            Block("p", LONG),
            Block("p", LONG),
            Block("h3", "相关阅读"),
            Block("p", "定襄县玉米收获进度过半"),
            Block("p", "网友评论仅供其表达个人看法"),
        ],
        "",
    )
    assert texts(blocks) == [LONG, LONG]


def test_comment_lines_end_the_article():
    blocks, _ = clean_blocks(
        [
            Block("p", LONG),
            Block("p", LONG),
            Block("p", "夜空中最低调的星12小时前回复1375"),
            Block("p", "这篇写得真好"),
        ],
        "",
    )
    assert texts(blocks) == [LONG, LONG]


def test_promotion_lines_before_the_body_are_dropped_and_the_body_kept():
    blocks, _ = clean_blocks(
        [
            Block("p", "“2018十大经济年度人物评选”火热进行中！【点击投票】"),
            Block("p", LONG),
            Block("p", "安装新浪财经客户端第一时间接收最全面的市场资讯→【下载地址】"),
            Block("p", LONG),
        ],
        "",
    )
    assert texts(blocks) == [LONG, LONG]


def test_a_promotion_note_at_the_end_of_the_last_paragraph_is_cut_off():
    last = "因此加入新的症状，对疾控至关重要。"
    blocks, _ = clean_blocks(
        [Block("p", LONG), Block("p", last + "(本文来自澎湃新闻，更多原创资讯请下载“澎湃新闻”APP)")], ""
    )
    assert texts(blocks)[-1] == last


def test_link_only_lines_after_the_body_are_a_related_list():
    blocks, _ = clean_blocks(
        [Block("p", LONG), Block("p", LONG), Block("p", "棉衣已备好坐等冷空气来降温", linked=True)], ""
    )
    assert texts(blocks) == [LONG, LONG]


def test_the_headline_repeated_at_the_top_is_dropped():
    blocks, _ = clean_blocks([Block("h2", "忻州秋粮喜获丰收"), Block("p", LONG)], "忻州秋粮喜获丰收")
    assert texts(blocks) == [LONG]


def test_prepare_tree_unwraps_layout_tables_and_lazy_images():
    doc = lxml.html.document_fromstring(
        "<html><body><table><tr><td><p>一段</p><img src='/x.gif' data-original='/real.jpg'></td></tr></table>"
        "<table><tr><td>数据</td><td>1</td></tr></table><section>段落</section></body></html>"
    )
    prepare_tree(doc)
    assert len(doc.xpath("//table")) == 1  # a data table stays a table
    assert doc.xpath("//img/@src") == ["/real.jpg"]
    assert not doc.xpath("//section")
