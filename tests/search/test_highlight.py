"""Snippets: matches marked, everything else escaped, original spelling kept."""

from dayuan.search.highlight import highlight, snippet


def test_marks_folded_matches_in_original_spelling():
    """Full-width and upper-case text is marked for a plain lower-case needle."""
    assert (
        str(highlight("推进５Ｇ网络和COVID防控", ["5g", "covid"]))
        == "推进<mark>５Ｇ</mark>网络和<mark>COVID</mark>防控"
    )


def test_escapes_everything_but_marks():
    """HTML in the text comes out escaped, inside and outside the marks."""
    out = str(highlight("<b>太原</b> & <i>忻州</i>", ["太原"]))
    assert out == "&lt;b&gt;<mark>太原</mark>&lt;/b&gt; &amp; &lt;i&gt;忻州&lt;/i&gt;"


def test_snippet_centres_on_matches():
    """A long text is cut around the matches, with ellipses where it was cut."""
    text = "无关内容。" * 60 + "太忻一体化经济区建设" + "其他内容。" * 60
    out = str(snippet(text, ["太忻"]))
    assert "<mark>太忻</mark>" in out and out.startswith("…") and out.endswith("…")
    assert len(out) < 200


def test_snippet_without_match_is_the_start():
    """No match: the beginning of the text, escaped."""
    assert str(snippet("<甲>乙丙", ["丁"])) == "&lt;甲&gt;乙丙"
