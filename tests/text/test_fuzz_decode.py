"""Fuzzing the charset decoder: any bytes and any Content-Type header give text, never an error."""

from hypothesis import given
from hypothesis import strategies as st

from dayuan.text.decode import declared_charsets, decode, decode_html
from tests.fuzzing import FUZZ, any_bytes, any_text, bounded, news_text

CHARSETS = st.sampled_from(
    [
        "utf-8",
        "gbk",
        "gb2312",
        "gb18030",
        "big5",
        "big5-hkscs",
        "latin-1",
        "utf-16",
        "x-unknown",
        "",
        "utf-8\x00",
        "gbk;q=1",
        "ｕｔｆ-8",
        "../../etc",
        "uu",  # codecs that are not text encodings (atheris found uu)
        "base64",
        "zlib",
    ]
)
CONTENT_TYPES = st.one_of(st.none(), any_text, st.builds(lambda c: f"text/html; charset={c}", CHARSETS))


def near_page(text, declared, actual, cut):
    html = (
        f'<html><head><meta charset="{declared}"><meta http-equiv="Content-Type" '
        f'content="text/html; charset={declared}"></head><body>{text}</body></html>'
    )
    data = html.encode(actual, "replace")
    return data[: len(data) - cut] if cut else data


NEAR = st.builds(
    near_page, news_text, CHARSETS, st.sampled_from(["utf-8", "gbk", "big5", "gb18030", "utf-16"]), st.integers(0, 3)
)


@FUZZ
@given(st.one_of(any_bytes, NEAR), CONTENT_TYPES)
def test_decode_always_gives_text(data, content_type):
    with bounded():
        text, codec = decode(data, content_type)
        assert isinstance(text, str) and codec
        assert isinstance(decode_html(data, content_type), str)
        declared_charsets(data, content_type)
