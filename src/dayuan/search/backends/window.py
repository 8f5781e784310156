"""Ranking a window of recent matches in Python, for queries with a very common word.

bm25 first counts every row that contains each phrase of the query (for its
IDF), which for a word in most articles walks most of the index: at 1,000,000
articles that pass alone costs more than the whole answer may. When a query
word is that common, the backend instead takes the newest matches (a walk of
the index in id order that stops early) and scores them here: bm25's formula
over the short fields (title, tags, summary) with document frequencies counted
up to a cap, the body counted as one occurrence when the short fields don't
have the word. Pure Python: the backend supplies the rows and the counts.
"""

import math
from dataclasses import dataclass

K1 = 1.2
B = 0.75
SHORT_FIELDS = ("title", "tags", "summary")


@dataclass
class Row:
    """One candidate: its id and, per short field, the word tokens and the pair tokens."""

    article_id: int
    words: dict  # field → list of tokens
    grams: dict  # field → list of pair tokens


def count_phrase(tokens, phrase):
    """How often the token sequence ``phrase`` occurs in ``tokens``."""
    n = len(phrase)
    if not n or n > len(tokens):
        return 0
    first = phrase[0]
    if n == 1:  # most query words are one token: list.count does it in C
        return tokens.count(first)
    if first not in tokens:
        return 0
    return sum(
        1
        for i, token in enumerate(tokens[: len(tokens) - n + 1])
        if token == first and tuple(tokens[i : i + n]) == phrase
    )


def pair_fields(row, terms):
    """The short fields whose pair tokens can change this row's score (only these need reading).

    A field's pairs are counted for a term only when none of its word forms is in
    the field's words, and they can only match when every letter, digit and CJK
    character of the term's pairs is in those words: the words cover every such
    character of the field's text (punctuation is all the segmenter drops).
    """
    fields = set()
    for field in SHORT_FIELDS:
        words = row.words.get(field, [])
        characters = None
        for term in terms:
            if not term.grams or max(count_phrase(words, tuple(tokens)) for tokens in term.alternatives):
                continue
            if characters is None:
                characters = set("".join(words))
            if all(ch in characters for ch in "".join(term.grams) if ch.isalnum()):
                fields.add(field)
                break
    return fields


def idf(total, matches):
    """bm25's IDF with the match count as counted (a capped count gives a floor, which is all a common word needs)."""
    return max(math.log((total - matches + 0.5) / (matches + 0.5)), 1e-6)


def term_frequency(term, row, field):
    """Occurrences of the term in a field: its best word form, or its pairs at a fraction of the weight."""
    words = row.words.get(field, [])
    found = max(count_phrase(words, tuple(tokens)) for tokens in term.alternatives)
    if found or not term.grams:
        return found, 0
    return 0, count_phrase(row.grams.get(field, []), tuple(term.grams))


def score(row, terms, idfs, weights, gram_weight, average_length):
    """bm25 of one row over the short fields, each term's body counted once when the short fields lack it."""
    length = sum(len(row.words.get(field, [])) for field in SHORT_FIELDS)
    norm = K1 * (1 - B + B * length / average_length) if average_length else K1
    total = 0.0
    for term in terms:
        weighted = 0.0
        for field in SHORT_FIELDS:
            words, pairs = term_frequency(term, row, field)
            weighted += weights[field] * (words + gram_weight * pairs)
        if not weighted:
            weighted = weights["body"]
        total += idfs[term] * weighted * (K1 + 1) / (weighted + norm)
    return total


def rank(rows, terms, idfs, weights, gram_weight):
    """Ids best first; ties (and the window itself) favour the newer article."""
    lengths = [sum(len(row.words.get(f, [])) for f in SHORT_FIELDS) for row in rows]
    average = sum(lengths) / len(lengths) if lengths else 0
    scored = [(score(row, terms, idfs, weights, gram_weight, average), row.article_id) for row in rows]
    scored.sort(key=lambda item: (-item[0], -item[1]))
    return [article_id for _, article_id in scored]
