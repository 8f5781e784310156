"""The query language, parsed into plain data the backends compile.

    太忻 一体化            words: all must match (AND)
    "雄忻高铁"             an exact phrase
    -忻州                  leave out articles with this word (or -"phrase")
    太原 OR 忻州           either word (或 works too)
    region:忻州 channel:gsyl tag:经济区 after:2022-01-01 before:2022-12-31
                           filters (地区: 栏目: 标签: 之后: 之前: work too)

Every word is cut with the one tokenizer into tokens, and a word is matched
as the phrase of its tokens, so "太忻" finds 太忻一体化 whether or not 太忻 is
in the dictionary. A word also matches as the phrase of its character pairs
(tokenize.grams) in the substring index, so 乡村建设 finds 数字乡村建设
however the segmenter cut either. When no article has every word, the search
service asks again for any of the query's words (``relaxed``) and says so. Nothing the user types reaches FTS syntax unquoted: the
backends only ever see token lists. Bad input never raises; problems are
collected as Chinese messages in ``ParsedQuery.notes``.
"""

import datetime
import re
from dataclasses import dataclass, field

from dayuan.text.tokenize import grams, normalize, tokenize

MAX_QUERY_CHARS = 200
MAX_TERMS = 12

FILTER_NAMES = {
    "region": "region",
    "地区": "region",
    "channel": "channel",
    "栏目": "channel",
    "tag": "tag",
    "标签": "tag",
    "after": "after",
    "since": "after",
    "之后": "after",
    "从": "after",
    "before": "before",
    "until": "before",
    "之前": "before",
    "到": "before",
}
OR_WORDS = {"or", "或", "|"}
_ITEM = re.compile(r'(?P<neg>-)?(?:(?P<key>[^\s:"]+):)?(?:"(?P<quoted>[^"]*)"?|(?P<bare>[^\s"]+))')
_DATE = re.compile(r"^(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?年?$")


@dataclass(frozen=True)
class Term:
    """One word or phrase as typed, and the token sequences that match it."""

    text: str
    alternatives: tuple  # tuple of token tuples; any one matching is a match
    phrase: bool = False
    grams: tuple = ()  # the substring index's tokens, matched as one phrase (also a match)

    @property
    def tokens(self):
        return self.alternatives[0]


@dataclass
class ParsedQuery:
    raw: str = ""
    groups: list = field(default_factory=list)  # AND of OR-groups of Terms
    excludes: list = field(default_factory=list)  # Terms that must not match
    filters: dict = field(default_factory=dict)  # region/channel/tag: str, after/before: date
    notes: list = field(default_factory=list)  # Chinese messages for the reader

    @property
    def has_text(self):
        return bool(self.groups)

    @property
    def is_empty(self):
        return not self.groups and not self.filters

    def terms(self):
        """Every positive term, for highlighting."""
        return [term for group in self.groups for term in group]

    def without(self, *, filters=(), excludes=False):
        """The query text with some filters (or the exclusions) left out."""
        parts = []
        for group in self.groups:
            parts.append(" OR ".join(_quote(term) for term in group))
        if not excludes:
            parts.extend("-" + _quote(term) for term in self.excludes)
        for key, value in self.filters.items():
            if key not in filters:
                parts.append(f"{key}:{_quote_value(value)}")
        return " ".join(parts)


def _quote(term):
    return f'"{term.text}"' if term.phrase or any(ch.isspace() for ch in term.text) else term.text


def _quote_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return f'"{value}"' if any(ch.isspace() for ch in value) else value


def make_term(text, phrase=False):
    """A Term for ``text``, or None when it has no searchable token."""
    full = tuple(tokenize(text))
    if not full:
        return None
    static = tuple(tokenize(text, static=True))
    alternatives = (full,) if static == full or not static else (full, static)
    return Term(text=text, alternatives=alternatives, phrase=phrase, grams=tuple(grams(text)))


def relaxed(query):
    """The query as "any of its words": every word of two or more characters in what was
    typed (the search-mode cut gives 空气污染 → 空气 污染), one OR group, ranked as usual so
    that articles with more and rarer words come first. For a query nothing matches in
    full (公交车 where the text says 公交线路); None when it would be the same query."""
    words, seen = [], set()
    for term in query.terms():
        # (single characters match nearly everything: 2号线 has no word to fall back on)
        for token in (t for t in term.alternatives[0] if len(t) >= 2):
            if token not in seen:
                seen.add(token)
                words.append(Term(text=token, alternatives=((token,),), grams=tuple(grams(token))))
    if not words or (len(words) == len(query.terms()) and len(query.groups) == 1):
        return None
    return ParsedQuery(raw=query.raw, groups=[words], excludes=list(query.excludes), filters=dict(query.filters))


def parse_date(value):
    match = _DATE.match(value.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        return datetime.date(year, month or 1, day or 1)
    except ValueError:
        return None


def parse(raw):
    """Parse what the reader typed; never raises."""
    raw = raw if isinstance(raw, str) else ""
    query = ParsedQuery(raw=raw)
    text = normalize(raw).replace("\x00", " ").strip()
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        query.notes.append(f"搜索词过长，只使用了前 {MAX_QUERY_CHARS} 个字。")
    pending_or = False
    term_count = 0
    for match in _ITEM.finditer(text):
        neg, key, quoted, bare = match.group("neg", "key", "quoted", "bare")
        value = quoted if quoted is not None else bare
        if key is not None and key in FILTER_NAMES:
            _add_filter(query, FILTER_NAMES[key], value.strip())
            continue
        if key is not None:  # not a filter: http://x or 10:00 is text
            value = f"{key}:{value}"
        if not neg and quoted is None and value in OR_WORDS:
            pending_or = bool(query.groups)
            continue
        term = make_term(value, phrase=quoted is not None)
        if term is None:
            continue
        term_count += 1
        if term_count > MAX_TERMS:
            query.notes.append(f"搜索词太多，只使用了前 {MAX_TERMS} 个。")
            break
        if neg:
            query.excludes.append(term)
        elif pending_or:
            query.groups[-1].append(term)
        else:
            query.groups.append([term])
        pending_or = False
    if query.excludes and not query.groups and not query.filters:
        query.notes.append("只有排除词时无法搜索，请再输入至少一个要找的词。")
    return query


def _add_filter(query, name, value):
    if not value:
        return
    if name in ("after", "before"):
        date = parse_date(value)
        if date is None:
            query.notes.append(f"日期“{value}”无法识别，请写成 2022-01-31 的样子。")
            return
        query.filters[name] = date
    else:
        query.filters[name] = value[:50]
