"""The one tokenizer: folding, search-mode cuts, user dictionary, whole Latin words and numbers."""

from dayuan.text import tokenize as tk


def test_full_width_and_case_fold_to_the_same_tokens():
    """Full-width letters and digits and upper case give the same tokens as plain ones."""
    assert tk.tokenize("５Ｇ网络 ＣＯＶＩＤ") == tk.tokenize("5g网络 covid")


def test_region_names_from_the_gazetteer_are_words():
    """Every region name is in the dictionary, so 忻州 is one token, not two characters."""
    tokens = tk.tokenize("忻州市委书记")
    assert "忻州" in tokens
    assert "忻" not in tokens


def test_search_mode_yields_the_parts_of_long_words():
    """A long word also yields its dictionary sub-words, so a shorter query finds it."""
    tokens = tk.tokenize("太忻一体化经济区")
    assert {"一体", "一体化", "经济", "经济区"} <= set(tokens)


def test_numbers_and_latin_words_stay_whole():
    """Decimals, hyphenated words and version numbers are tokens of their own, after their parts."""
    tokens = tk.tokenize("2.56万亩 COVID-19 Python3.11")
    assert tokens == ["2", "56", "2.56", "万亩", "covid", "19", "covid-19", "python3", "11", "python3.11"]


def test_punctuation_and_spaces_are_not_tokens():
    """Only words come out: punctuation, quotes and spaces are dropped."""
    assert tk.tokenize("“，。！？ ——（）") == []
    assert tk.tokenize("") == [] and tk.tokenize(None) == []


def test_site_terms_join_the_dictionary_but_not_the_static_cut():
    """An added tag name becomes one token; the static cut still splits it like before."""
    before = tk.tokenize("扶贫车间", static=True)
    tk.add_words(["扶贫车间"])
    assert tk.tokenize("扶贫车间") == ["扶贫", "车间", "扶贫车间"] or "扶贫车间" in tk.tokenize("扶贫车间")
    assert tk.tokenize("扶贫车间", static=True) == before
    assert "扶贫车间" in tk.site_terms()


def test_add_words_ignores_blank_and_single_characters():
    """Single characters and phrases with spaces never become dictionary words."""
    assert tk.add_words(["", "a", "两 个"]) == 0
