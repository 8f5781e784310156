"""Fuzzing the sensitive-word filter: any comment text is checked without error or hang, and a
listed word hidden among noise is still found."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayuan.engage import wordfilter
from tests.fuzzing import FUZZ, any_text, bounded, news_text


@pytest.fixture
def words(db):
    from dayuan.engage.models import SensitiveWord

    SensitiveWord.objects.bulk_create(
        [
            SensitiveWord(word="违禁词", action="block"),
            SensitiveWord(word="赌博", action="review"),
            SensitiveWord(word="fuck", action="mask"),
        ]
    )
    wordfilter.invalidate()
    yield
    wordfilter.invalidate()


@FUZZ
@given(st.one_of(any_text, news_text, st.builds(lambda a, b: a + "违禁词" + b, news_text, news_text)))
def test_check_never_raises(words, text):
    with bounded():
        result = wordfilter.check(text)
    assert isinstance(result.text, str)
    if "违禁词" in text:
        assert result.blocked


@FUZZ
@given(st.lists(st.one_of(any_text, news_text), max_size=20), st.sampled_from(["review", "block", "mask", "x"]))
def test_word_list_parsing_never_raises(lines, action):
    with bounded():
        try:
            wordfilter.parse_word_lines(lines, default_action=action)
        except ValueError as error:
            assert str(error)
