"""The one Chinese tokenizer, used both to index articles and to parse queries.

Pure Python (no Django). Text is folded first (NFKC turns full-width letters,
digits and punctuation into half-width; then lower case), Han runs are cut by
rjieba in search mode with the HMM off (the same tokens as jieba, about 25
times faster here), and Latin words and numbers are kept whole: ``2.56``,
``covid-19`` and ``iphone15`` are single tokens (a compound also yields its
parts first, the way search mode yields the parts of a long Chinese word).

The user dictionary holds every region name of the gazetteer (static) and
site terms added at run time with :func:`add_words` (tag, channel and flag
names). Words added at run time change how later text is cut, so a query is
also cut with the static dictionary alone (``static=True``) and the search
layer matches either form: articles indexed before a tag existed stay
findable until ``dayuan reindex`` re-cuts them.

rjieba supports a user dictionary through ``Jieba.add_word``; jieba itself is
not needed here.
"""

import threading
import unicodedata

import rjieba

from . import gazetteer

# Separators that join Latin/digit pieces into one word: 2.56, covid-19, c++ .
_JOINERS = frozenset("._+-")
# Quotes NFKC leaves alone; the query parser treats them all as ".
_QUOTES = ("“", "”", "「", "」", "『", "』")

_lock = threading.Lock()
_segmenters = {}
_site_terms = set()


def normalize(text):
    """Full-width to half-width, compatibility forms folded, lower case."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    for quote in _QUOTES:
        if quote in text:
            text = text.replace(quote, '"')
    return text


def _new_segmenter():
    jieba = rjieba.Jieba()
    for name in sorted(gazetteer.names()):
        jieba.add_word(normalize(name), None, None)
    return jieba


def _segmenter(static):
    key = "static" if static else "full"
    jieba = _segmenters.get(key)
    if jieba is None:
        with _lock:
            jieba = _segmenters.get(key)
            if jieba is None:
                jieba = _new_segmenter()
                if not static:
                    for word in sorted(_site_terms):
                        jieba.add_word(word, None, None)
                _segmenters[key] = jieba
    return jieba


def add_words(words):
    """Add site terms (tag, channel, flag names) to the dictionary; returns how many were new."""
    new = []
    for word in words:
        word = normalize(word).strip()
        # Multi-word tags ("太忻 一体化") can't be one token: the parts are enough.
        if len(word) >= 2 and not any(ch.isspace() for ch in word) and word not in _site_terms:
            new.append(word)
    if not new:
        return 0
    with _lock:
        _site_terms.update(new)
        jieba = _segmenters.get("full")
        if jieba is not None:
            for word in new:
                jieba.add_word(word, None, None)
    return len(new)


def site_terms():
    return frozenset(_site_terms)


def tokenize(text, *, static=False):
    """The tokens of ``text`` in order, for the index or for a query.

    ``static=True`` cuts with the gazetteer dictionary only (no site terms).
    """
    text = normalize(text)
    if not text:
        return []
    # One call over the whole text: rjieba splits at punctuation itself, and
    # per-run calls cost six times as much in call overhead.
    raw = _segmenter(static).cut_for_search(text, False)
    tokens = []
    word = None  # the Latin/digit word being built (may contain joiners)
    pending = None  # word + a joiner, waiting for the next piece
    for tok in raw:
        if not tok.isascii():
            # Han words: the common case, kept as they are.
            if word is not None and not _JOINERS.isdisjoint(word):
                tokens.append(word)
            word = pending = None
            if tok.isalnum():
                tokens.append(tok)
            continue
        if tok.isalnum():
            if pending is not None:
                word = pending + tok
                pending = None
            elif word is not None and _JOINERS.isdisjoint(word):
                word = tok
            else:
                if word is not None and not _JOINERS.isdisjoint(word):
                    tokens.append(word)
                word = tok
            tokens.append(tok)
            continue
        if tok in _JOINERS and word is not None and pending is None:
            pending = word + tok
            continue
        if word is not None and not _JOINERS.isdisjoint(word):
            tokens.append(word)
        word = pending = None
        if tok.isalnum():
            tokens.append(tok)
    if word is not None and not _JOINERS.isdisjoint(word):
        tokens.append(word)
    return tokens


def is_cjk(ch):
    """Characters written without spaces between words: Han, kana, Hangul."""
    code = ord(ch)
    return (
        0x3400 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
        or 0x3040 <= code <= 0x30FF
        or 0xAC00 <= code <= 0xD7AF
    )


def _char_class(ch):
    if is_cjk(ch):
        return "cjk"
    if ch.isdigit():
        return "digit"
    return "letter" if ch.isalnum() else None


def grams(text):
    """The substring index's tokens: overlapping character pairs of CJK runs, whole Latin words and numbers.

    Any string of two or more CJK characters in ``text`` is a run of consecutive
    pairs here, whatever the segmenter makes of it, so matching the pairs of a
    query as a phrase finds it. A CJK run of one character is kept as it is.
    Latin letters and digits are split apart (iphone15 → iphone 15, 2.56 → 2 56),
    so every word or number in a compound is a token and the compound a phrase.
    """
    text = normalize(text)
    tokens = []
    run, kind = [], None
    for ch in text + " ":
        cls = _char_class(ch)
        if cls == kind and cls is not None:
            run.append(ch)
            continue
        if kind == "cjk":
            tokens.extend(run if len(run) == 1 else (a + b for a, b in zip(run, run[1:])))
        elif kind is not None:
            tokens.append("".join(run))
        run, kind = [ch], cls
    return tokens
