"""Fuzzing the text-page importer: parse_text_page never raises, `dayuan import`'s reader raises
only ImportFailed, whatever the bytes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayuan.text.textpage import parse_text_page
from tests.fuzzing import FUZZ, any_bytes, any_text, bounded, news_text

META = st.builds(
    lambda editor, date, region, extra: f"{editor} {region} {date} 0 {extra}",
    st.sampled_from(["网络编辑", "编辑：李文", "", "责任编辑 王五"]),
    st.sampled_from(
        [
            "2022-10-22 10:00:59",
            "2022年10月22日 10:00",
            "2022-13-45 99:99:99",
            "0000-00-00 00:00",
            "2022-10-22",
            "9999-12-31 23:59:59",
        ]
    ),
    st.sampled_from(["晋中", "忻州", "", "火星"]),
    news_text,
)
NEAR_PAGE = st.builds(
    lambda head, title, meta, paragraphs, tail: "\n".join([head, "", title, "", meta, "", *paragraphs, tail]),
    news_text,
    st.one_of(news_text, st.just("【重点关注】增强区域经济竞争力")),
    META,
    st.lists(st.one_of(news_text, st.builds(lambda t: "\u3000\u3000" + t, news_text)), max_size=8),
    st.sampled_from(["", "声明：本文为原创", "来源：山西日报", "发表评论", "相关阅读"]),
)


@FUZZ
@given(st.one_of(any_text, NEAR_PAGE))
def test_parse_text_page_never_raises(text):
    with bounded():
        page = parse_text_page(text)
    assert page is not None


@pytest.mark.django_db
@FUZZ
@given(
    data=st.one_of(
        any_bytes, NEAR_PAGE.map(lambda t: t.encode("utf-8")), NEAR_PAGE.map(lambda t: t.encode("gb18030", "replace"))
    )
)
def test_import_raises_only_import_failed(tmp_path_factory, data):
    from dayuan.news.importing import ImportFailed, import_text_page

    path = tmp_path_factory.mktemp("fuzz") / "page.txt"
    path.write_bytes(data)
    with bounded():
        try:
            import_text_page(path)
        except ImportFailed as error:
            assert str(error)
