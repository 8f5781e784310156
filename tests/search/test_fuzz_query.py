"""Fuzzing the search query parser: whatever a reader types parses, never raises, never hangs."""

from hypothesis import given
from hypothesis import strategies as st

from dayuan.search.query import FILTER_NAMES, OR_WORDS, parse
from tests.fuzzing import FUZZ, any_text, bounded, news_text

PIECES = st.one_of(
    news_text.map(lambda t: t[:20]),
    st.builds(
        lambda k, v: f"{k}:{v}",
        st.sampled_from(sorted(FILTER_NAMES)),
        st.sampled_from(["忻州", "2022-01-01", "2022年13月", "", '"', "9999-99-99", "gsyl", "-"]),
    ),
    st.sampled_from(sorted(OR_WORDS) + ['"', '""', "-", "--", ":", '-"', "*", "(", ")", "NEAR", "AND", "^"]),
    st.builds(lambda t: f'"{t}"', news_text.map(lambda t: t[:15])),
)
NEAR_QUERY = st.lists(PIECES, max_size=30).map(" ".join)


@FUZZ
@given(st.one_of(any_text, NEAR_QUERY, st.binary(max_size=50)))
def test_parse_never_raises(raw):
    with bounded():
        query = parse(raw)
    assert query is not None and all(isinstance(note, str) for note in query.notes)
