"""View counting without a database write per view, and the hot lists.

A view adds one to a counter in this process's memory, keyed by (article, day), and
one line to this process's spool file under $DAYUAN_HOME/views/. Each process writes
its counters to the database in one transaction at most every FLUSH_SECONDS:
Article.view_count and the day's ArticleDailyStat row get `+ n`, so any number of
processes and servers add up exactly.

Why a spool file: a buffer in Redis dies with a Redis restart, a buffer in memory with
a kill -9. The spool is on this server's disk. A flush first renames the spool
(`.log` -> `.ready`); it commits the counts together with a FlushedViewSpool row named
after the file, and deletes the file after the commit. So a flush killed before its
commit is redone by the next one, one killed after it finds the row and only deletes the
file, and the spool of a process killed with views not yet flushed is taken over by any
later flush on the same server (its process id is gone).

Who flushes: the request that finds the buffer older than FLUSH_SECONDS, a timer
thread for a process that went quiet, the worker's periodic job (which also takes over
the spools of dead processes), and the process's exit.
"""

import atexit
import logging
import multiprocessing.util
import os
import socket
import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

log = logging.getLogger(__name__)
BUCKET_SECONDS = 10  # the worker's flush interval (engage.tasks)
FLUSH_SECONDS = 5  # how long views wait in a process at most (while it serves)
HOT_PERIODS = (("day", "今日最热", 1), ("week", "本周最热", 7), ("month", "本月最热", 30))
HOT_CACHE_SECONDS = 300
HOST = socket.gethostname().replace("-", "_")[:30]

_lock = threading.Lock()
_buffer = {}  # {(article_id, day): views}, what this process's spool holds
# pid: the process whose timer thread and exit hooks run; spool: (pid, fd, path) of the open spool
_state = {"since": None, "pid": None, "spool": None}


def spool_dir():
    path = Path(settings.DAYUAN_HOME) / "views"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _spool_fd():
    """This process's open spool (a forked child opens its own). Called with _lock held."""
    spool = _state["spool"]
    if spool is None or spool[0] != os.getpid():
        name = f"{HOST}-{os.getpid()}-{uuid.uuid4().hex[:12]}.log"
        path = spool_dir() / name
        spool = (os.getpid(), os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), path)
        _state["spool"] = spool
    return spool[1]


def count_view(article_id, ts=None):
    """Buffer one view in this process; flush when the buffer is older than FLUSH_SECONDS."""
    now = ts if ts is not None else time.time()
    day = timezone.localdate()
    with _lock:
        os.write(_spool_fd(), f"{article_id} {day.isoformat()}\n".encode())
        _buffer[(article_id, day)] = _buffer.get((article_id, day), 0) + 1
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


def _rotate():
    """Close this process's spool and mark it ready to be written. Called with _lock held."""
    spool, _state["spool"] = _state["spool"], None
    _buffer.clear()
    _state["since"] = None
    if spool is not None and spool[0] == os.getpid():
        os.close(spool[1])
        os.replace(spool[2], spool[2].with_suffix(".ready"))


def flush_views(ts=None):
    """Write this process's views, and any spool left by a dead process here; returns views written.

    On a database error the spool stays on disk for the next flush."""
    with _lock:
        _rotate()
    return flush_spools()


def flush_spools():
    written = 0
    folder = spool_dir()
    for path in folder.glob(f"{HOST}-*.log"):
        if not _alive(int(path.name.split("-")[1])):
            try:
                os.replace(path, path.with_suffix(".ready"))
            except FileNotFoundError:  # another flush took it over first
                pass
    for path in sorted(folder.glob("*.ready")):
        written += _write_spool(path)
    return written


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_spool(path):
    totals = {}
    for line in path.read_text(errors="replace").splitlines():
        try:  # a process killed mid-write can leave half a line
            article_id, day = line.split(" ")
            key = (int(article_id), date.fromisoformat(day))
        except ValueError:
            continue
        totals[key] = totals.get(key, 0) + 1
    return totals


def _write_spool(path):
    """Write one spool file exactly once: its counts commit with a row named after it."""
    from .models import FlushedViewSpool

    try:
        totals = _read_spool(path)
    except FileNotFoundError:  # written and removed by another process meanwhile
        return 0
    try:
        with transaction.atomic():
            FlushedViewSpool.objects.create(key=path.stem[:80])
            written = write_views(totals)
    except IntegrityError:  # written before, by a flush killed before it could delete the file
        written = 0
    _discard(path)
    return written


def _discard(path):
    path.unlink(missing_ok=True)


def reset_buffer():
    """Forget what this process buffered, and every spool of this data folder (tests)."""
    with _lock:
        spool, _state["spool"] = _state["spool"], None
        _buffer.clear()
        _state["since"] = None
        if spool is not None and spool[0] == os.getpid():
            os.close(spool[1])
    for path in spool_dir().glob("*"):
        path.unlink(missing_ok=True)


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
    from django.db import close_old_connections

    while True:
        time.sleep(FLUSH_SECONDS)
        with _lock:
            since = _state["since"]
        if since is None or time.time() - since < FLUSH_SECONDS:
            continue
        try:
            flush_views()
        except Exception:  # database away: the spool waits for the next try
            log.warning("view counts not written yet; retrying", exc_info=True)
        finally:
            close_old_connections()


def _flush_at_exit():
    try:
        flush_views()
    except Exception:
        log.exception("view counts left in %s for the next flush", spool_dir())


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
        ranked = (
            stats.values("article_id")
            .annotate(v=Sum("views"), l=Sum("likes"), c=Sum("comments"))
            .annotate(score=F("v") + 3 * F("l") + 5 * F("c"))
            .order_by("-score", "-article_id")[: 3 * limit]
        )  # some may have been withdrawn
        ranked = [row["article_id"] for row in ranked]
        public = set(Article.objects.published().filter(pk__in=ranked).values_list("pk", flat=True))
        ids = [pk for pk in ranked if pk in public][:limit]
        cache.set(key, ids, HOT_CACHE_SECONDS)
    articles = Article.objects.published().for_listing().in_bulk(ids)
    return [articles[i] for i in ids if i in articles]


def hot_articles(period="day", region=None, limit=10):
    """The most read (and liked, and discussed) published articles of the period, cached."""
    from dayuan.core.memo import memoized

    return memoized(
        ("hot", period, region.pk if region else 0, limit),
        lambda: _hot_articles(period, region, limit),
        every=HOT_CACHE_SECONDS,
    )
