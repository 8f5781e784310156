"""Tags by keyword extraction: TF-IDF over nouns, IDF from the site's own articles.

Words are segmented and tagged with rjieba; only nouns, names and place names count
(verbs such as 表示 or 推进 make poor tags). A word in the title counts as if it
appeared several times in the body. Without a site IDF, jieba's shipped one is used.
"""

import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import rjieba

STOPWORDS_FILE = Path(__file__).with_name("data") / "stopwords.txt"
# Parts of speech kept as tag candidates: nouns, person/place/organisation names,
# other proper nouns, verbal nouns, English words.
KEEP_POS = {"n", "nr", "ns", "nt", "nz", "nw", "vn", "eng", "j", "l"}
TITLE_WEIGHT = 3
HAN_OR_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")


@lru_cache(maxsize=1)
def stopwords():
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def default_idf():
    """jieba's general-purpose IDF table (word → idf), and its median for unknown words."""
    import jieba.analyse

    path = Path(jieba.analyse.__file__).with_name("idf.txt")
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, value = line.partition(" ")
        if value:
            table[word] = float(value)
    return table


@lru_cache(maxsize=1)
def default_median():
    """The median idf of jieba's table: the weight of a word it does not know."""
    table = default_idf()
    return sorted(table.values())[len(table) // 2] if table else 10.0


def candidates(text):
    """The tag-worthy words of text, in order."""
    stop = stopwords()
    words = []
    for word, pos in rjieba.tag(text or ""):
        word = word.strip()
        if len(word) < 2 or word in stop or pos not in KEEP_POS:
            continue
        if not HAN_OR_WORD.search(word) or word.isdigit():
            continue
        words.append(word)
    return words


def build_idf(documents):
    """IDF over the site's own articles: documents are strings (title and text joined)."""
    frequency = Counter()
    count = 0
    for document in documents:
        count += 1
        frequency.update(set(candidates(document)))
    idf = {word: math.log((count + 1) / (df + 1)) + 1.0 for word, df in frequency.items()}
    # the idf of a word the site has never used: as rare as can be
    idf[""] = math.log(count + 1) + 1.0
    return idf


def extract_tags(title: str, text: str, k: int = 5, idf: dict | None = None) -> list[str]:
    """Up to k tags for an article, best first."""
    counts = Counter(candidates(text))
    for word in candidates(title):
        counts[word] += TITLE_WEIGHT
    if not counts:
        return []
    if idf:
        unknown = idf.get("", max(idf.values()))
        weight = lambda word: idf.get(word, unknown)  # noqa: E731
    else:
        table, median = default_idf(), default_median()
        weight = lambda word: table.get(word, median)  # noqa: E731
    scored = sorted(counts, key=lambda word: (-counts[word] * weight(word), word))
    tags = []
    for word in scored:
        # 长春 and 长春市, 冷空气 and 强冷空气 are one tag: keep the better-ranked form
        if any(word in tag or tag in word for tag in tags):
            continue
        tags.append(word)
        if len(tags) == k:
            break
    return tags
