"""Highlighted snippets: the reader's words wrapped in <mark>, everything else escaped.

Matching runs on a folded copy of the text (full-width → half-width, lower
case) with a map back to the original characters, so 'COVID' is marked for
'covid' and ５Ｇ for 5g, and the snippet shows the text as it was written.
"""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe

SNIPPET_CHARS = 120
MAX_SPANS = 200


def _fold(text):
    """The folded text, and for each folded character the index of its source character."""
    folded, origin = [], []
    for index, ch in enumerate(text):
        for out in unicodedata.normalize("NFKC", ch).lower():
            folded.append(out)
            origin.append(index)
    return "".join(folded), origin


def find_spans(text, needles):
    """Merged (start, end) spans of the original text where any needle occurs."""
    needles = sorted(
        {n for n in (unicodedata.normalize("NFKC", n).lower().strip() for n in needles) if n}, key=len, reverse=True
    )
    if not needles or not text:
        return []
    folded, origin = _fold(text)
    pattern = re.compile("|".join(re.escape(n) for n in needles))
    spans = []
    for match in pattern.finditer(folded):
        if len(spans) >= MAX_SPANS:
            break
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def needles_for(terms):
    """What to look for: each term as typed and, for words the text may split, its tokens."""
    needles = []
    for term in terms:
        needles.append(term.text)
        needles.extend(token for token in term.tokens if len(token) > 1)
    return needles


def highlight(text, needles):
    """The whole text, escaped, with matches marked."""
    return mark_safe(_render(text, find_spans(text, needles), 0, len(text)))


def _render(text, spans, start, end):
    out, pos = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[pos:s]))
        out.append("<mark>" + escape(text[s:e]) + "</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    return "".join(out)


def snippet(text, needles, length=SNIPPET_CHARS):
    """About ``length`` characters around the densest cluster of matches, marked and escaped."""
    text = " ".join((text or "").split())
    if not text:
        return mark_safe("")
    spans = find_spans(text, needles)
    if not spans:
        cut = text[:length]
        return mark_safe(escape(cut) + ("…" if len(text) > length else ""))
    # The window start that covers the most matches, starting a little before one.
    best_start, best_count = 0, -1
    for s, _ in spans:
        window_start = max(0, s - length // 4)
        count = sum(1 for a, b in spans if a >= window_start and b <= window_start + length)
        if count > best_count:
            best_start, best_count = window_start, count
    end = min(len(text), best_start + length)
    return mark_safe(
        ("…" if best_start > 0 else "") + _render(text, spans, best_start, end) + ("…" if end < len(text) else "")
    )
