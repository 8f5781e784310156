"""The query language: words, phrases, exclusions, OR, filters; hostile input never raises."""

import datetime

import pytest

from dayuan.search.query import MAX_QUERY_CHARS, parse


def texts(query):
    return [[term.text for term in group] for group in query.groups]


def test_words_are_anded_and_phrases_kept_whole():
    """Space-separated words are separate AND groups; a quoted phrase is one term."""
    query = parse('忻州 经济区 "雄忻高铁"')
    assert texts(query) == [["忻州"], ["经济区"], ["雄忻高铁"]]
    assert query.groups[2][0].phrase


def test_chinese_quotes_and_full_width_operators_work():
    """“中文引号”, full-width minus and colon mean the same as their ASCII forms."""
    query = parse("“雄忻高铁” －忻州 地区：太原")
    assert texts(query) == [["雄忻高铁"]]
    assert [t.text for t in query.excludes] == ["忻州"]
    assert query.filters == {"region": "太原"}


def test_or_joins_neighbouring_words():
    """OR (or 或) puts the words on both sides into one group."""
    assert texts(parse("太原 OR 忻州 高铁")) == [["太原", "忻州"], ["高铁"]]
    assert texts(parse("太原 或 忻州")) == [["太原", "忻州"]]
    assert texts(parse("OR 太原")) == [["太原"]]


def test_filters_and_dates():
    """region, channel, tag and a date range are filters, not words."""
    query = parse("太忻 region:xinzhou channel:gsyl tag:经济区 after:2022-01-01 before:2022年12月")
    assert texts(query) == [["太忻"]]
    assert query.filters == {
        "region": "xinzhou",
        "channel": "gsyl",
        "tag": "经济区",
        "after": datetime.date(2022, 1, 1),
        "before": datetime.date(2022, 12, 1),
    }


def test_bad_date_is_a_note_not_an_error():
    """An unreadable date is dropped with a Chinese message."""
    query = parse("after:明天")
    assert "after" not in query.filters
    assert "日期" in query.notes[0]


def test_words_are_cut_into_token_phrases():
    """A word is matched as the phrase of its tokens; unknown names become character phrases."""
    term = parse("朱晓东").groups[0][0]
    assert term.tokens == ("朱", "晓", "东")


@pytest.mark.parametrize(
    "raw",
    [
        "",
        " ",
        "x" * 10_000,
        "！？。，",
        "NEAR(太原 忻州",
        "*",
        '"',
        "'",
        "--",
        "'; DROP TABLE news_article; --",
        "太原 AND",
        "- -- ---",
        "region:",
        ":::",
        '"""',
        "\x00",
        "OR OR OR",
        "(((",
        "a:b:c",
        None,
        12,
    ],
)
def test_hostile_input_parses(raw):
    """Any input parses into something (possibly empty) without raising."""
    query = parse(raw)
    assert len(query.raw or "") >= 0
    for term in query.terms():
        assert all(token and '"' not in token and "'" not in token for token in term.tokens)


def test_long_query_is_cut_with_a_note():
    """Over-long input is truncated, and the reader is told."""
    query = parse("太原 " * 1000)
    assert query.notes and str(MAX_QUERY_CHARS) in query.notes[0]


def test_only_exclusions_is_explained():
    """-word alone can't be searched; the note says to add a word."""
    query = parse("-忻州")
    assert not query.has_text and query.notes
