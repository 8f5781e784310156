"""The region gazetteer as plain Python data (no Django), for text processing.

The data file lives here, in the lowest layer; `dayuan init` (news.basedata) loads the
same file into the Region table.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REGIONS_FILE = Path(__file__).resolve().parent / "data" / "regions.json"


@dataclass(frozen=True)
class Place:
    code: str
    name: str  # official name: 晋中市
    short_name: str  # 晋中
    slug: str  # jinzhong
    level: int  # 1 province, 2 city, 3 county
    parent: str | None  # parent code

    @property
    def city_code(self):
        """The prefecture-level city this place rolls up to (None for the province)."""
        if self.level == 3:
            return self.parent
        return self.code if self.level == 2 else None


@lru_cache(maxsize=1)
def places():
    rows = json.loads(REGIONS_FILE.read_text(encoding="utf-8"))
    return tuple(Place(**row) for row in rows)


@lru_cache(maxsize=1)
def by_code():
    return {place.code: place for place in places()}


@lru_cache(maxsize=1)
def names():
    """Every name a place is mentioned by (official and short) → the place.

    Short names of one character plus suffix (沁县, 城区) are kept only in full;
    generic district names shared by several cities (城区, 矿区, 郊区) are left
    out because they cannot identify a place on their own.
    """
    counts = {}
    for place in places():
        for name in {place.name, place.short_name}:
            counts[name] = counts.get(name, 0) + 1
    table = {}
    for place in places():
        for name in {place.name, place.short_name}:
            if counts[name] == 1 and len(name) >= 2:
                table[name] = place
    return table


def lookup(name):
    """The place a name (晋中, 晋中市, jinzhong) refers to, or None."""
    name = (name or "").strip()
    return names().get(name) or by_slug().get(name.lower())


@lru_cache(maxsize=1)
def by_slug():
    return {place.slug: place for place in reversed(places())}  # the first place of a slug wins, as before
