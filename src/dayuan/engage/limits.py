"""Who is asking: the client IP (hashed), bots, and rate limits shared by every process.

Rates are strings "N/unit" with unit s, m, h or d ("5/m" = five a minute),
from settings such as DAYUAN_COMMENT_RATE; "0" (or "0/m", or "") switches a limit off.
Windows slide: the count of the previous fixed window, weighted by how much of it
still overlaps the last period, plus the current window's count (so a burst at a
window's edge can't pass twice the limit). Counters live in a store every process
sees (dayuan.engage.ratestore): Redis when DAYUAN_CACHE_URL is set, else a SQLite
file in DAYUAN_HOME. When Redis can't be reached, DAYUAN_RATE_LIMIT_FAILURE
decides: "open" (the default) counts in this server's SQLite file instead (limits
hold per server during the outage, never not at all) and logs a warning; only when
that fails too does the request pass. "closed" refuses it.
"""

import logging
import re
import time

from django.conf import settings
from django.utils.crypto import salted_hmac

from . import ratestore

log = logging.getLogger(__name__)

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\w*\s*$")

BOT_RE = re.compile(
    r"bot|crawl|spider|slurp|scrapy|curl|wget|python-|httpclient|go-http|java/|okhttp|"
    r"headless|phantomjs|lighthouse|pingdom|uptime|monitor|fetch|preview|facebookexternalhit|"
    r"yahoo|yandex|sogou|baidu|bytedance|yisou|360spider|petalbot|semrush|ahrefs",
    re.IGNORECASE,
)


def parse_rate(rate):
    """'5/m' → (5, 60); None when the limit is off."""
    if not rate or str(rate).strip() in ("0", "off", "none"):
        return None
    match = RATE_RE.match(str(rate))
    if not match:
        raise ValueError(f"Bad rate {rate!r}: write it as N/s, N/m, N/h or N/d, e.g. 5/m.")
    count, multiplier, unit = match.groups()
    if int(count) == 0:
        return None
    return int(count), (int(multiplier) if multiplier else 1) * UNITS[unit]


def rate_for(name):
    return parse_rate(getattr(settings, name))  # defaults live in dayuan.core.conf


def sliding_count(store, key, period, now, add=1):
    """Add `add` to the current window and return the sliding estimate over the last period."""
    window, into = divmod(now, period)
    window = int(window)
    current, previous = store.incr_and_get(
        f"{key}:{period}:{window}", f"{key}:{period}:{window - 1}", add, ttl=2 * period + 5
    )
    return previous * (1 - into / period) + current


def failure_policy():
    return str(getattr(settings, "DAYUAN_RATE_LIMIT_FAILURE", "open")).strip().lower()


def _within(scope, ident, setting_name, add):
    """Whether `add` more requests (0: a look only) keep the sliding count within the limit."""
    rate = rate_for(setting_name)
    if rate is None:
        return True
    limit, period = rate
    key, now = f"rl:{scope}:{ident}", time.time()
    store = ratestore.get_store()
    try:
        estimate = sliding_count(store, key, period, now, add)
    except ratestore.StoreUnavailable as error:
        log.warning("rate-limit store unreachable (%s); failing %s", error, failure_policy())
        if failure_policy() == "closed":
            return False
        fallback = ratestore.local_store()
        if fallback is store:  # the local file itself failed: asking it again only waits again
            return True
        try:
            estimate = sliding_count(fallback, key, period, now, add)
        except ratestore.StoreUnavailable:
            return True
    return estimate + (0 if add else 1) <= limit + 1e-9


def hit(scope, ident, setting_name):
    """Count one request; False when it is over the limit of the sliding window."""
    return _within(scope, ident, setting_name, 1)


def peek(scope, ident, setting_name):
    """Whether one more request would be within the limit, without counting it."""
    return _within(scope, ident, setting_name, 0)


def client_ip(request):
    """REMOTE_ADDR, or the first X-Forwarded-For address when the site trusts it.

    Turn DAYUAN_TRUST_X_FORWARDED_FOR on only behind a proxy you run (which
    sets the header) or for load tests; otherwise anyone could pick their IP.
    """
    if getattr(settings, "DAYUAN_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        first = forwarded.split(",")[0].strip()
        if first:
            return first[:64]
    return request.META.get("REMOTE_ADDR", "")


def hash_ip(ip):
    """A salted hash: the same IP gives the same hash on this site, the IP itself is not kept."""
    return salted_hmac("dayuan.engage.ip", ip).hexdigest()[:32]


def request_ip_hash(request):
    if not hasattr(request, "_engage_ip_hash"):
        request._engage_ip_hash = hash_ip(client_ip(request))
    return request._engage_ip_hash


def is_bot(request):
    ua = request.META.get("HTTP_USER_AGENT", "")
    return not ua or bool(BOT_RE.search(ua))


def user_agent(request):
    return request.META.get("HTTP_USER_AGENT", "")[:300]
