"""The tunable numbers of extraction, in one place.

Every threshold the extractor's rules use is a field here, so `bench/extract_eval.py`
can choose them by a small grid search on some sites and score the others (leave one
site out): a rule whose numbers only fit the pages it was written against shows as a
gap between the in-sample and the held-out score. DEFAULT holds the values the search
chose on both dev corpora; GRID is the search space.
"""

from dataclasses import dataclass, replace
from itertools import product


@dataclass(frozen=True)
class Tuning:
    # Body characters seen before an end-of-article marker (相关阅读, 责任编辑, a comment
    # line, a link-only line) ends the body instead of being dropped as a stray line.
    tail_after_chars: int = 150
    # ... or this share of the body's prose characters, whichever comes first.
    tail_after_share: float = 0.5
    # ... or, after a short article that has said at least this much and ended a sentence,
    # a line that can only close an article (责任编辑, 相关阅读, 热点新闻…): a short item's
    # tail (a sidebar of teasers) may be longer than the item itself (a huge value: off).
    short_end_min: int = 40
    # A line that is all link and shorter than this is a related-list entry, not prose.
    linked_line_max: int = 60
    # Trailing lines that end in a date (标题 2019-09-09 15:32) form a related list once
    # this many of them follow each other.
    dated_run_min: int = 2
    # Smallest body (characters) accepted from the short-text retry.
    min_body_chars: int = 40
    # How far after the headline (characters of page text) a date is looked for.
    date_window_after: int = 600
    # A line holding this many time stamps (标题【作者】08-23 10:08 …) is a thread or
    # headline list run together, and ends the body (a huge value turns the rule off).
    stamp_list_min: int = 3
    # A body of a few paragraphs holding this share of the page's visible text is the
    # whole page run together: trafilatura's full comparison is asked instead (above
    # 1.0 turns the rule off). Off: the grid search found the rule costs a page (it
    # loses a data table that the page's own text kept) for one it gains.
    whole_page_share: float = 1.01
    # A first block at least this long that holds the headline after chrome is a page run
    # together into one paragraph, and is trimmed to its article (a huge value turns the
    # rule off).
    run_together_min: int = 300


DEFAULT = Tuning()

GRID = {
    "tail_after_chars": (80, 150, 300),
    "short_end_min": (40, 10**9),
    "linked_line_max": (40, 60),
    "dated_run_min": (2, 3),
    # each rule of this round at its number or off, so that leave-one-site-out also
    # says whether the rule itself helps on the site left out
    "stamp_list_min": (3, 1000),
    "whole_page_share": (0.8, 1.01),
    "run_together_min": (300, 10**9),
}


def grid():
    """Every Tuning of the search space (the other fields at their defaults)."""
    names = list(GRID)
    return [replace(DEFAULT, **dict(zip(names, values))) for values in product(*GRID.values())]
