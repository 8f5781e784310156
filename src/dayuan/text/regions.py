"""Which regions an article is about: mentions of gazetteer places, weighted by where they occur.

A mention in the title counts most, then the lead (the first paragraph), then the body.
Counties roll up to their city, so 偏关 and 忻府区 both count for 忻州. A short name
found inside other words is not a mention (中阳 in 集中阳光, 长治 in 长治久安): a short
name counts only where word segmentation puts a word boundary on both its sides.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

import rjieba

from dayuan.text import gazetteer

WEIGHTS = {"title": 3.0, "lead": 2.0, "body": 1.0}
PROVINCE_FACTOR = 0.5  # a province mention says less than a city mention
WHERE_LABELS = {"title": "标题", "lead": "导语", "body": "正文"}
# Short names that are also everyday words (长子 eldest son, 小店 small shop, 平定 to
# put down, 和顺 gentle): they count only with their suffix (长子县, 小店区).
EVERYDAY_WORDS = frozenset("平定 和顺 平顺 长子 小店 交口 高平 永和 孝义 方山 大宁 上党".split())
CONTEXT = 8  # characters each side looked at when checking word boundaries


@dataclass
class RegionScore:
    name: str  # official name: 忻州市
    code: str  # 140900
    score: float  # share of all weighted mentions, 0..1
    evidence: list = field(default_factory=list)  # [{"mention", "where", "count"}]
    slug: str = ""

    def as_dict(self):
        return {"name": self.name, "code": self.code, "score": self.score, "evidence": list(self.evidence)}


@lru_cache(maxsize=1)
def _pattern():
    names = sorted(gazetteer.names(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def _is_official(name, place):
    return name == place.name


def _stands_alone(text, start, end):
    """True when segmentation puts word boundaries at start and end of text[start:end]."""
    left = max(0, start - CONTEXT)
    window = text[left : min(len(text), end + CONTEXT)]
    boundaries, position = {0}, 0
    for word in rjieba.cut(window):
        position += len(word)
        boundaries.add(position)
    return (start - left) in boundaries and (end - left) in boundaries


def find_mentions(text):
    """(name, place, position) for every accepted place mention in text."""
    found = []
    if not text:
        return found
    table = gazetteer.names()
    for match in _pattern().finditer(text):
        name = match.group(0)
        place = table[name]
        # Official names with their suffix (忻州市, 偏关县) are unambiguous; short
        # names must be words of their own.
        if not _is_official(name, place) and name in EVERYDAY_WORDS:
            continue
        if (not _is_official(name, place) or len(name) == 2) and not _stands_alone(text, match.start(), match.end()):
            continue
        found.append((name, place, match.start()))
    return found


def _split_lead(text):
    paragraphs = [line.strip() for line in (text or "").split("\n") if line.strip()]
    if not paragraphs:
        return "", ""
    return paragraphs[0], "\n".join(paragraphs[1:])


def classify_regions(title: str, text: str, lead: str | None = None) -> list:
    """Regions the article is about, best first, each with its score and evidence."""
    if lead is None:
        lead, body = _split_lead(text)
    else:
        body = text
    places = gazetteer.by_code()
    totals, evidence = {}, {}
    for where, part in (("title", title), ("lead", lead), ("body", body)):
        for name, place, _ in find_mentions(part or ""):
            target = place.city_code or place.code  # counties roll up; the province stays
            weight = WEIGHTS[where] * (PROVINCE_FACTOR if place.level == 1 else 1.0)
            totals[target] = totals.get(target, 0.0) + weight
            key = (target, name, where)
            evidence[key] = evidence.get(key, 0) + 1
    grand = sum(totals.values())
    if not grand:
        return []
    results = []
    for code, total in totals.items():
        place = places[code]
        items = [
            {"mention": name, "where": WHERE_LABELS[where], "count": count}
            for (target, name, where), count in evidence.items()
            if target == code
        ]
        results.append(
            RegionScore(name=place.name, code=code, score=round(total / grand, 3), evidence=items, slug=place.slug)
        )
    results.sort(key=lambda r: (-r.score, r.code))
    return results
