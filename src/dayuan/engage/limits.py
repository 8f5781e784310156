"""Who is asking: the client IP (hashed), bots, and rate limits kept in the cache.

Rates are strings "N/unit" with unit s, m, h or d ("5/m" = five a minute),
from settings such as DAYUAN_COMMENT_RATE; "0" (or "0/m", or "") switches a limit off.
Windows are fixed (the count resets at the window's end): cheap, one
cache.add + cache.incr per check, and good enough to stop floods.
"""

import re
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

DEFAULT_RATES = {
    "DAYUAN_COMMENT_RATE": "5/m",            # comments per IP
    "DAYUAN_COMMENT_ARTICLE_RATE": "60/m",   # comments per article, all IPs together
    "DAYUAN_LIKE_RATE": "30/m",              # likes per IP
    "DAYUAN_LIKE_ARTICLE_RATE": "600/m",     # likes per article
    "DAYUAN_COMPLAINT_RATE": "3/h",          # complaints per IP
    "DAYUAN_COMPLAINT_ARTICLE_RATE": "20/h",  # complaints per article (or about the site)
    "DAYUAN_VIEW_RATE": "120/m",             # counted views per IP
}
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
    return parse_rate(getattr(settings, name, DEFAULT_RATES[name]))


def hit(scope, ident, setting_name):
    """Count one request; False when it is over the limit for this window."""
    rate = rate_for(setting_name)
    if rate is None:
        return True
    limit, period = rate
    window = int(time.time() // period)
    key = f"engage:rl:{scope}:{ident}:{period}:{window}"
    cache.add(key, 0, period + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, period + 5)
        count = 1
    return count <= limit


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
