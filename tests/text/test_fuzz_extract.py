"""Fuzzing the HTML extractor: arbitrary and near-valid pages raise only ExtractError, never hang."""

from hypothesis import given
from hypothesis import strategies as st

from dayuan.text.extract import ExtractError, extract, extract_any
from tests.fuzzing import FUZZ, any_bytes, any_text, bounded, news_text

TAGS = st.sampled_from(
    [
        "p",
        "div",
        "h1",
        "title",
        "article",
        "span",
        "script",
        "style",
        "meta",
        "a",
        "br",
        "table",
        "td",
        "time",
        "img",
        "html",
        "body",
        "head",
        "!--",
        "![CDATA[",
    ]
)
ATTRS = st.sampled_from(
    [
        "",
        ' class="content"',
        ' id="article"',
        ' property="og:title" content="标题"',
        ' name="publishdate" content="2022-10-22 10:00"',
        ' charset="gbk"',
        ' href="javascript:alert(1)"',
        ' datetime="2022-13-99"',
        ' src="//x"',
    ]
)


def element(tag, attrs, text, close):
    return f"<{tag}{attrs}>{text}" + (f"</{tag}>" if close else "")


NEAR_HTML = st.builds(
    lambda parts: "<html><head><title>标题</title></head><body>" + "".join(parts),
    st.lists(st.builds(element, TAGS, ATTRS, news_text, st.booleans()), max_size=25),
)


@FUZZ
@given(st.one_of(any_text, NEAR_HTML))
def test_extract_raises_only_extract_error(html):
    with bounded():
        try:
            extract(html, url="https://example.com/a/1.html")
        except ExtractError as error:
            assert str(error)


@FUZZ
@given(st.one_of(any_bytes, NEAR_HTML.map(lambda t: t.encode("gbk", "replace"))))
def test_extract_any_bytes_raises_only_extract_error(data):
    with bounded():
        try:
            extract_any(data)
        except ExtractError as error:
            assert str(error)
