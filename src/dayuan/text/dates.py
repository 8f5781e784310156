"""Chinese publication dates: 2022年10月22日 10:00, 2022-10-22 10:00:59, 发布时间：10-08 12:00."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

# A full date with an optional time: 2022年10月22日 10:00, 2022-10-22 10:00:59, 2022/10/22, 2022.10.22
FULL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[年\-/.]\s*(?P<m>\d{1,2})\s*[月\-/.]\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    r"(?:\s*(?:[T ]|\u3000)?\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?)?"
)
# A date without its year, only trusted next to a label (发布时间：10-08 12:00, 10月08日 12:00)
LABELLED_SHORT = re.compile(
    r"(?:发布时间|发布于|发表于|发表时间|时间|日期)\s*[:：]?\s*"
    r"(?P<m>\d{1,2})\s*[\-/月]\s*(?P<d>\d{1,2})\s*日?\s*(?P<H>\d{1,2})[:：](?P<M>\d{2})"
)
# A forum or blog post's stamp: 本贴由 大卫 于2005年8月12日16:12:21在〖版面〗发表, 由 X 发布于 DATE
POSTED_BEFORE = re.compile(r"(?:于|在)\s*$")
POSTED_AFTER = re.compile(r"^.{0,30}?(?:发表|发布|发帖)")
# A magazine issue cited as the text's source: ——《北京之春》1998年3月号
ISSUE = re.compile(r"[》」]\s*[,，]?\s*(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*号")
# (发布于 / 发表于 are verbs with their preposition: a forum's "发表于 2010-3-4 12:00" needs no colon)
LABEL = re.compile(r"(?:发布时间|发表时间|发布日期|时间|日期)\s*[:：]|(?:发布|发表)于\s*[:：]?")


def _build(y, m, d, hh=None, mm=None, ss=None):
    try:
        return datetime(
            int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0), tzinfo=SHANGHAI
        ), hh is not None
    except ValueError:
        return None, False


def find_dates(text):
    """Every full date in text, in order, as (position, datetime, has_time)."""
    found = []
    for match in FULL_DATE.finditer(text):
        value, has_time = _build(match["y"], match["m"], match["d"], match["H"], match["M"], match["S"])
        if value and 1990 <= value.year <= 2100:
            found.append((match.start(), value, has_time))
    return found


def find_labelled_short(text, year):
    """A year-less date after a 发布时间-like label, completed with the given year."""
    match = LABELLED_SHORT.search(text)
    if not match or not year:
        return None
    value, _ = _build(year, match["m"], match["d"], match["H"], match["M"])
    return value


def parse_date(value):
    """One date string (a meta tag, an ISO stamp, a Chinese date) → aware datetime or None."""
    if not value:
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=SHANGHAI)
        return parsed.astimezone(SHANGHAI)
    except ValueError:
        pass
    dates = find_dates(value)
    return dates[0][1] if dates else None


def best_date(text):
    """(datetime, has_time, labelled) for the date a window of text most likely gives as
    its publish time: the one right after a 发布时间-like label, else the first."""
    found = find_dates(text)
    if not found:
        return None
    label = LABEL.search(text)
    if label:
        after = [item for item in found if item[0] >= label.start()]
        if after and after[0][0] - label.end() < 12:
            return after[0][1], after[0][2], True
    return found[0][1], found[0][2], False


def first_date(text):
    """The date best_date picks, alone."""
    found = best_date(text)
    return found[0] if found else None


def labelled_date(text):
    """The first full date right after a 发布时间-like label anywhere in text, or None."""
    for label in LABEL.finditer(text):
        found = find_dates(text[label.end() : label.end() + 40])
        if found and found[0][0] < 12:
            return found[0][1]
    return None


def posted_date(text):
    """The first date written as a post's stamp (由 X 于 DATE 在…发表), or None."""
    for position, value, _ in find_dates(text):
        if not POSTED_BEFORE.search(text[max(0, position - 4) : position]):
            continue
        end = FULL_DATE.match(text, position).end()
        if POSTED_AFTER.match(text[end : end + 40]):
            return value
    return None


def issue_date(text):
    """The first day of the month of a magazine issue the text cites (《刊名》1998年3月号)."""
    match = ISSUE.search(text)
    if not match:
        return None
    value, _ = _build(match["y"], match["m"], 1)
    return value
