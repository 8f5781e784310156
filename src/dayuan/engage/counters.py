"""View counting without a database write per view, and the hot lists.

A view increments a cache key for (article, 10-second bucket). The first
view of an article in a bucket also appends the article id to that bucket's
index (a counter key plus one key per slot, so it works with any cache
backend). Closed buckets are flushed in one transaction: Article.view_count
and the day's ArticleDailyStat row get the bucket's counts.

Who flushes: the worker's periodic job (enough when the cache is shared,
e.g. Redis), and the web process itself at most once per bucket when it
notices closed buckets (needed with LocMem, where each process has its own
cache the worker cannot see). A cache.add claim makes each bucket flush once.
"""

import time
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

BUCKET_SECONDS = 10
KEY_TTL = 3 * 86400
CLAIM_TTL = 600
FLUSHED_KEY = "engage:v:flushed"
HOT_PERIODS = (("day", "今日最热", 1), ("week", "本周最热", 7), ("month", "本月最热", 30))
HOT_CACHE_SECONDS = 300

_local = {"flushed": 0}


def bucket_of(ts=None):
    return int((ts if ts is not None else time.time()) // BUCKET_SECONDS)


def _add(key, value):
    cache.add(key, 0, KEY_TTL)
    try:
        return cache.incr(key, value)
    except ValueError:
        cache.add(key, value, KEY_TTL)
        return value


def count_view(article_id, ts=None):
    """Buffer one view in the cache; flush closed buckets when due."""
    bucket = bucket_of(ts)
    if _add(f"engage:v:{bucket}:{article_id}", 1) == 1:
        slot = _add(f"engage:vi:{bucket}:n", 1)
        cache.set(f"engage:vi:{bucket}:{slot}", article_id, KEY_TTL)
    # Once per bucket per process: flush what closed (needed with LocMem).
    if _local["flushed"] < bucket - 1:
        flush_views(ts=ts)


def pending_views(article_id, ts=None):
    """Views counted in the cache but not yet in the database."""
    current = bucket_of(ts)
    mark = cache.get(FLUSHED_KEY)
    first = current - 30 if mark is None else max(mark + 1, current - 30)
    keys = [f"engage:v:{b}:{article_id}" for b in range(first, current + 1)]
    return sum(v or 0 for v in cache.get_many(keys).values())


def flush_views(ts=None):
    """Write every closed bucket's counts to the database; returns views written."""
    current = bucket_of(ts)
    last_closed = current - 1
    flushed_upto = cache.get(FLUSHED_KEY)
    if flushed_upto is None:
        # Fresh cache: look back as far as a key can live.
        flushed_upto = last_closed - KEY_TTL // BUCKET_SECONDS
    _local["flushed"] = last_closed
    written = 0
    totals = {}
    buckets = range(max(flushed_upto + 1, last_closed - 360), last_closed + 1)
    sizes = cache.get_many([f"engage:vi:{b}:n" for b in buckets])
    for bucket in buckets:
        slots = sizes.get(f"engage:vi:{bucket}:n") or 0
        if not slots or not cache.add(f"engage:vf:{bucket}", 1, CLAIM_TTL):
            continue  # nothing counted, or another process flushed (or is flushing) it
        slot_keys = [f"engage:vi:{bucket}:{n}" for n in range(1, slots + 1)]
        ids = set(cache.get_many(slot_keys).values())
        count_keys = {f"engage:v:{bucket}:{i}": i for i in ids}
        counts = cache.get_many(list(count_keys))
        day = timezone.localdate(datetime.fromtimestamp(bucket * BUCKET_SECONDS, tz=UTC))
        for key, value in counts.items():
            if value:
                totals[(count_keys[key], day)] = totals.get((count_keys[key], day), 0) + value
        cache.delete_many(slot_keys + list(count_keys) + [f"engage:vi:{bucket}:n"])
    if totals:
        written = write_views(totals)
    current_mark = cache.get(FLUSHED_KEY)
    if current_mark is None or current_mark < last_closed:
        cache.set(FLUSHED_KEY, last_closed, None)
    return written


def write_views(totals):
    """totals: {(article_id, day): views}. One transaction for the batch."""
    from dayuan.news.models import Article

    per_article = {}
    for (article_id, _), views in totals.items():
        per_article[article_id] = per_article.get(article_id, 0) + views
    existing = set(Article.objects.filter(pk__in=per_article).values_list("pk", flat=True))
    with transaction.atomic():
        for article_id, views in per_article.items():
            if article_id in existing:
                Article.objects.filter(pk=article_id).update(view_count=F("view_count") + views)
        for (article_id, day), views in totals.items():
            if article_id in existing:
                bump_daily(article_id, day, views=views)
    return sum(v for (a, _), v in totals.items() if a in existing)


def bump_daily(article_id, day=None, **fields):
    """Add to one day's counters, creating the row on first use."""
    from .models import ArticleDailyStat

    day = day or timezone.localdate()
    updates = {name: F(name) + value for name, value in fields.items()}
    if not ArticleDailyStat.objects.filter(article_id=article_id, day=day).update(**updates):
        try:
            with transaction.atomic():
                ArticleDailyStat.objects.create(article_id=article_id, day=day, **fields)
        except Exception:  # created meanwhile by another writer
            ArticleDailyStat.objects.filter(article_id=article_id, day=day).update(**updates)


def _hot_articles(period, region, limit):
    from dayuan.news.models import Article, in_region_q

    from .models import ArticleDailyStat

    days = dict((p, d) for p, _, d in HOT_PERIODS)[period]
    key = f"engage:hot:{period}:{region.pk if region else 0}:{limit}"
    ids = cache.get(key)
    if ids is None:
        since = timezone.localdate() - timedelta(days=days - 1)
        # From the period's stats rows (few) to the articles: asking "published articles that
        # have stats" instead walks every article of the site.
        stats = ArticleDailyStat.objects.filter(day__gte=since)
        if region is not None:
            stats = stats.filter(in_region_q(region, "article__"))
        ranked = (stats.values("article_id")
                  .annotate(v=Sum("views"), l=Sum("likes"), c=Sum("comments"))
                  .annotate(score=F("v") + 3 * F("l") + 5 * F("c"))
                  .order_by("-score", "-article_id")[:3 * limit])  # some may have been withdrawn
        ranked = [row["article_id"] for row in ranked]
        public = set(Article.objects.published().filter(pk__in=ranked).values_list("pk", flat=True))
        ids = [pk for pk in ranked if pk in public][:limit]
        cache.set(key, ids, HOT_CACHE_SECONDS)
    articles = Article.objects.published().for_listing().in_bulk(ids)
    return [articles[i] for i in ids if i in articles]


def hot_articles(period="day", region=None, limit=10):
    """The most read (and liked, and discussed) published articles of the period, cached."""
    from dayuan.core.memo import memoized

    return memoized(("hot", period, region.pk if region else 0, limit),
                    lambda: _hot_articles(period, region, limit), every=HOT_CACHE_SECONDS)
