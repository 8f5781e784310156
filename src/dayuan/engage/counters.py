"""View counting without a database write per view, and the hot lists.

A view adds one to a counter in this process's memory, keyed by (article, day).
Each process writes its counters to the database in one transaction at most every
FLUSH_SECONDS: Article.view_count and the day's ArticleDailyStat row get `+ n`,
so any number of processes and servers add up exactly.

Why not a buffer in Redis: a Redis that restarts empty would take every buffered
view with it; a process buffer is lost only when that process is killed with
SIGKILL (at most FLUSH_SECONDS of its own views), and a clean stop writes it out.

Who flushes: the request that finds the buffer older than FLUSH_SECONDS, a timer
thread for a process that went quiet, the worker's periodic job (for commands and
tests that count in the worker's process), and the process's exit.
"""

import atexit
import logging
import multiprocessing.util
import os
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, transaction
from django.db.models import F, Sum
from django.utils import timezone

log = logging.getLogger(__name__)
BUCKET_SECONDS = 10      # the worker's flush interval (engage.tasks)
FLUSH_SECONDS = 5        # how long views wait in a process at most (while it serves)
HOT_PERIODS = (("day", "今日最热", 1), ("week", "本周最热", 7), ("month", "本月最热", 30))
HOT_CACHE_SECONDS = 300

_lock = threading.Lock()
_buffer = {}             # {(article_id, day): views}
_state = {"since": None, "pid": None}  # pid: the process whose timer thread and exit hooks run


def count_view(article_id, ts=None):
    """Buffer one view in this process; flush when the buffer is older than FLUSH_SECONDS."""
    now = ts if ts is not None else time.time()
    key = (article_id, timezone.localdate())
    with _lock:
        _buffer[key] = _buffer.get(key, 0) + 1
        if _state["since"] is None:
            _state["since"] = now
        due = now - _state["since"] >= FLUSH_SECONDS
    _start_timer()
    if due:
        flush_views()


def pending_views(article_id, ts=None):
    """Views counted in this process but not yet in the database."""
    with _lock:
        return sum(v for (a, _), v in _buffer.items() if a == article_id)


def flush_views(ts=None):
    """Write this process's buffered views to the database; returns views written.

    On a database error the views go back into the buffer for the next flush."""
    with _lock:
        totals = dict(_buffer)
        _buffer.clear()
        _state["since"] = None
    if not totals:
        return 0
    try:
        return write_views(totals)
    except Exception:
        with _lock:
            for key, views in totals.items():
                _buffer[key] = _buffer.get(key, 0) + views
            _state["since"] = _state["since"] or time.time()
        raise


def reset_buffer():
    """Forget what this process buffered (tests)."""
    with _lock:
        _buffer.clear()
        _state["since"] = None


def _start_timer():
    """One daemon thread per process writes a quiet process's views out, and its exit the rest.

    Checked by process id: granian forks its workers from a process that may have imported
    this module, and a fork copies this state but neither the thread nor the exit hooks."""
    if _state["pid"] == os.getpid() or not getattr(settings, "DAYUAN_VIEW_FLUSH_TIMER", True):
        return
    with _lock:
        if _state["pid"] == os.getpid():
            return
        _state["pid"] = os.getpid()
        timer = threading.Thread(target=_flush_loop, name="dayuan-view-flush", daemon=True)
    timer.start()
    # A plain process runs atexit handlers; granian's workers are multiprocessing children, which
    # leave through os._exit after multiprocessing's own finalizers.
    atexit.register(_flush_at_exit)
    multiprocessing.util.Finalize(None, _flush_at_exit, exitpriority=10)


def _flush_loop():
    while True:
        time.sleep(FLUSH_SECONDS)
        with _lock:
            since = _state["since"]
        if since is None or time.time() - since < FLUSH_SECONDS:
            continue
        try:
            flush_views()
        except Exception:  # database away: kept for the next try
            log.warning("view counts not written yet; retrying", exc_info=True)
        finally:
            close_old_connections()


def _flush_at_exit():
    try:
        flush_views()
    except Exception:
        log.exception("view counts lost at exit")



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
