"""The publish time of a news page, from the evidence a page gives, best first.

1. The date shown right after the headline (a 发布时间-like label wins over the first
   date), completed or confirmed by the page's machine-readable time when it shows a
   day alone.
2. Machine-readable times: <meta> tags (known names first, then any name that says
   publish/date/time), <time datetime>, itemprop=datePublished, and times in inline
   scripts (a Unix timestamp as WeChat pages give it, var ct = "1580000000", or a date
   string assigned to a publish-time variable).
3. A labelled date anywhere on the page (发布时间：2020-02-12 22:17 far below the headline).
5. The day in the page's address (/2024/0312/, /t20240312_5561234.html), given its time
   by a year-less stamp near the headline on the same day (03-12 10:25).
6. The first date near the top of the page.
7. A post's stamp anywhere (由 X 于 2005年8月12日16:12 在…发表), then the month of a
   magazine issue the text cites (《刊名》1998年3月号, as its first day).

A date in the future, or years away from the machine-readable time, is a date the text
mentions (an event, a related article), not the publish time, and is passed over.
"""

import re
import threading
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from dayuan.text import dates
from dayuan.text.body import norm
from dayuan.text.tuning import DEFAULT

META_DATE_NAMES = (
    "article:published_time",
    "og:release_date",
    "publishdate",
    "PubDate",
    "pubdate",
    "publish_time",
    "publishtime",
    "datePublished",
    "dateUpdate",
    "weibo: article:create_at",
    "article:modified_time",
    "og:updated_time",
)
META_DATE_HINT = re.compile(r"publish|pub_?date|release|create|issued|dcterms\.date|^date$|firstpub", re.I)
# var ct = "1580000000";  publish_time: '2020-02-12 22:17';  "pubDate":"2020-02-12T22:17:00+08:00"
SCRIPT_TIME = re.compile(
    r"""["']?\b(?P<name>ct|create_?time|createTime|publish_?time|publishTime|pub_?time|pubTime|pubDate"""
    r"""|publish_?date|publishDate|datePublished|ptime|release_?time|time_published)\b["']?\s*[:=]\s*"""
    r"""["']?(?P<value>\d{13}|\d{10}|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}[^"'<,;]{0,20})["']?"""
)
# The day a CMS files an article under: /2024/0312/, /2024-03-12/, /t20240312_5561234.html
ADDRESS_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/_]?(?P<m>0[1-9]|1[0-2])[-/_]?(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
)
# A year-less stamp: 03-12 10:25, 3月12日 10:25
SHORT_STAMP = re.compile(r"(?<!\d)(?P<m>\d{1,2})\s*[-/月]\s*(?P<d>\d{1,2})\s*日?\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?!\d)")
FIRST_SCREEN = 3000
TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
# A text date further than this from the machine-readable time is another event's date.
AGREEMENT = timedelta(days=400)
FUTURE_SLACK = timedelta(days=1)
# A shown date this close to the address's day is the same publication (filed, then shown).
ADDRESS_AGREEMENT = timedelta(days=2)
# No Chinese news page on the web predates this; an older date is one the text mentions.
EARLIEST = datetime(1990, 1, 1, tzinfo=dates.SHANGHAI)


def find_published(doc, page_text, title, tuning=DEFAULT, now=None, url=None):
    """The publish time (aware, Asia/Shanghai) or None; url: the page's address."""
    now = now or datetime.now(dates.SHANGHAI)
    machine = machine_time(doc, now)

    def plausible(value):
        if value is None or value > now + FUTURE_SLACK or value < EARLIEST:
            return False
        return machine is None or abs(value - machine) <= AGREEMENT

    filed = address_time(url, page_text, title, tuning)
    if not plausible(filed):
        filed = None
    near = near_headline(page_text, title, machine, tuning)
    # (a date near the headline days away from the address's is another date the page
    # shows: today's date in the header bar, an event)
    if plausible(near) and (filed is None or abs(near - filed) <= ADDRESS_AGREEMENT):
        return near
    if machine is not None:
        return machine
    labelled = dates.labelled_date(page_text)
    if plausible(labelled) and (filed is None or abs(labelled - filed) <= ADDRESS_AGREEMENT):
        return labelled
    if filed is not None:
        return filed
    for _, value, _ in dates.find_dates(page_text[:FIRST_SCREEN]):
        if plausible(value):
            return value
    for value in (dates.posted_date(page_text), dates.issue_date(page_text)):
        if plausible(value):
            return value
    return None


def near_headline(page_text, title, machine, tuning):
    """The date shown just after the headline (or just before it)."""
    position = page_text.find(title) if title else -1
    if position < 0:
        return None
    start = position + len(title)
    for window in (page_text[start : start + tuning.date_window_after], page_text[max(0, position - 300) : position]):
        found = dates.best_date(window)
        if found:
            value, has_time, labelled = found
            if machine and not has_time and (machine.date() == value.date() or not labelled):
                # a day alone: the machine time has its time, or the day is one the text
                # mentions rather than the publish date
                return machine
            return value
        short = dates.find_labelled_short(window, machine.year if machine else None)
        if short:
            return short
    return None


def address_time(url, page_text, title, tuning):
    """The day in the page's address, at the time of a year-less stamp of that day shown
    near the headline (else midnight); None when the address names no day."""
    match = ADDRESS_DATE.search(urlsplit(url).path) if url else None
    if not match:
        return None
    try:
        day = datetime(int(match["y"]), int(match["m"]), int(match["d"]), tzinfo=dates.SHANGHAI)
    except ValueError:  # 20230231
        return None
    position = page_text.find(title) if title else -1
    window = page_text[position : position + len(title) + tuning.date_window_after] if position >= 0 else ""
    for stamp in SHORT_STAMP.finditer(window):
        if (int(stamp["m"]), int(stamp["d"])) == (day.month, day.day) and int(stamp["H"]) < 24 and int(stamp["M"]) < 60:
            return day.replace(hour=int(stamp["H"]), minute=int(stamp["M"]))
    return day


def machine_time(doc, now):
    """The first publish time a page states for machines, or None."""
    for value in _machine_candidates(doc):
        parsed = value if isinstance(value, datetime) else dates.parse_date(value)
        if parsed is not None and EARLIEST <= parsed <= now + FUTURE_SLACK:
            return parsed
    return None


def _machine_candidates(doc):
    for name in META_DATE_NAMES:
        yield meta_content(doc, name)
    for node in doc.xpath('//*[@itemprop="datePublished"]'):
        yield node.get("content") or node.text_content()
    for meta in doc.iter("meta"):
        name = meta.get("name") or meta.get("property") or meta.get("itemprop") or ""
        if META_DATE_HINT.search(name) and "modif" not in name.lower():
            yield meta.get("content")
    for node in doc.iter("time"):
        yield node.get("datetime") or node.text_content()
    for script in doc.iter("script"):
        for match in SCRIPT_TIME.finditer(script.text or ""):
            yield _script_value(match["value"])


def _script_value(value):
    if value.isdigit():
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        try:
            return datetime.fromtimestamp(seconds, dates.SHANGHAI)
        except (OverflowError, OSError, ValueError):
            return None
    return value.strip()


def meta_content(doc, *names):
    """The first non-empty content of a <meta> with one of these names (property, name or
    itemprop), in the order of names."""
    index = _meta_index(doc)
    for name in names:
        for attr in ("property", "name", "itemprop"):
            value = index.get((attr, name))
            if value:
                return value
    return ""


_last_index = threading.local()


def _meta_index(doc):
    """{(attribute, name): content} of a page's <meta> tags, built once per document."""
    if getattr(_last_index, "doc", None) is not doc:
        index = {}
        for meta in doc.iter("meta"):
            # (a CMS may put the headline's markup into its meta: <div>——副题</div>)
            content = norm(TAG.sub("", meta.get("content") or ""))
            if not content:
                continue
            for attr in ("property", "name", "itemprop"):
                name = meta.get(attr)
                if name:
                    index.setdefault((attr, name), content)
        _last_index.doc, _last_index.index = doc, index
    return _last_index.index
