"""The sensitive-word matcher: normalisation against evasions, actions, masking, file parsing."""

import pytest

from dayuan.engage.wordfilter import WordFilter, normalize, parse_word_lines

WORDS = [("赌博网站", "block"), ("代开发票", "review"), ("傻瓜", "mask"), ("SB", "mask")]


@pytest.fixture(scope="module")
def wf():
    return WordFilter(WORDS)


@pytest.mark.parametrize(
    "text",
    [
        "赌博网站",
        "赌 博 网 站",
        "赌.博-网_站",
        "赌\u3000博　网站",
        "賭博網站",
        "赌*博#网@站",
        "赌\u200b博网站",
    ],
)
def test_evasions_are_caught(wf, text):
    """Spaces, punctuation, full-width spaces, zero-width and traditional characters don't hide a word."""
    assert wf.check(f"推荐{text}给大家").action == "block"


def test_full_width_and_case(wf):
    assert wf.check("你真是个ＳＢ").text == "你真是个＊＊"
    assert wf.check("you are s b").text == "you are ＊ ＊"
    assert normalize("ＡＢＣ１２３")[0] == "abc123"


def test_most_severe_action_wins_and_words_are_listed(wf):
    result = wf.check("傻瓜才去代开发票")
    assert result.action == "review" and result.words == ["傻瓜", "代开发票"]
    assert result.text == "＊＊才去代开发票"


def test_clean_text_passes_untouched(wf):
    result = wf.check("太忻一体化经济区建设，忻州代表热议。")
    assert (result.action, result.words, result.text) == ("", [], "太忻一体化经济区建设，忻州代表热议。")
    assert WordFilter([]).check("任何内容").action == ""


def test_mask_keeps_inserted_separators(wf):
    assert wf.check("傻-瓜！").text == "＊-＊！"


def test_parse_word_lines():
    entries, errors = parse_word_lines(
        ["# comment", "", "\ufeff赌博网站,block", "代开发票\t审核", "傻瓜 mask", "坏词,what", "...", "普通词"], "review"
    )
    assert entries == {"赌博网站": "block", "代开发票": "review", "傻瓜": "mask", "普通词": "review"}
    assert [n for n, _ in errors] == [6, 7]
    assert "无法识别的处理方式" in errors[0][1]
