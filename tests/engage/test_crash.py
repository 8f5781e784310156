"""kill -9 during the worker's flush of buffered view counts (shared Redis cache): a rerun writes
every counted view exactly once — none lost, none counted twice."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid

import pytest

from .test_limits import _redis_up

SETUP = """
import django; django.setup()
from django.utils import timezone
from dayuan.engage import counters
from dayuan.news.models import Article, Channel, Region
from dayuan.publish.signals import paused
channel, region = Channel.objects.get(slug="gsyl"), Region.objects.get(slug="jinzhong")
with paused():
    Article.objects.bulk_create([Article(title=f"第{i}篇", channel=channel, region=region, body="<p>正文</p>",
                                         status="published", published_at=timezone.now()) for i in range(40)])
ids = list(Article.objects.values_list("pk", flat=True))
start = timezone.now().timestamp() - 20 * counters.BUCKET_SECONDS
for n in range(600):  # 600 views over 40 articles and ~10 closed buckets
    counters.count_view(ids[n % len(ids)], ts=start + n * 0.15)
print(sum(1 for _ in ids))
"""
# The worker's flush, made to stop at one point so that kill -9 lands exactly there.
FLUSH = """
import sys, time
import django; django.setup()
from dayuan.engage import counters
where = sys.argv[1]
if where == "inside-transaction":
    real = counters.bump_daily
    def slow(*args, **kwargs):
        real(*args, **kwargs)
        print("WRITING", flush=True); time.sleep(60)
    counters.bump_daily = slow
elif where == "after-commit":  # committed, cache keys not yet dropped
    def stall(keys):
        print("WRITING", flush=True); time.sleep(60)
    counters.forget_buckets = stall
counters.flush_views()
print("DONE", flush=True)
"""


def total_views(home):
    with sqlite3.connect(home / "dayuan.sqlite3", timeout=30) as db:
        articles = db.execute("SELECT coalesce(sum(view_count), 0) FROM news_article").fetchone()[0]
        daily = db.execute("SELECT coalesce(sum(views), 0) FROM engage_articledailystat").fetchone()[0]
    return articles, daily


@pytest.mark.skipif(not _redis_up(), reason="Redis is not running on 127.0.0.1:6379")
@pytest.mark.parametrize("where", ["inside-transaction", "after-commit"])
def test_kill_9_mid_flush_loses_and_doubles_no_view(tmp_path, where):
    import redis

    prefix = f"harden-crash-{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DAYUAN_")}
    env.update(DAYUAN_HOME=str(tmp_path), DJANGO_SETTINGS_MODULE="dayuan.settings",
               DAYUAN_CACHE_URL="redis://127.0.0.1:6379/9", DAYUAN_CACHE_KEY_PREFIX=prefix)
    try:
        subprocess.run([sys.executable, "-m", "dayuan", "init", "-v", "0"], env=env, check=True,
                       capture_output=True, timeout=300)
        subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, capture_output=True, timeout=300)
        flush = subprocess.Popen([sys.executable, "-c", FLUSH, where], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, start_new_session=True)
        assert flush.stdout.readline().strip() == "WRITING", flush.stderr.read()[-2000:]
        os.killpg(flush.pid, signal.SIGKILL)
        flush.wait()
        again = subprocess.run([sys.executable, "-c", FLUSH, "plain"], env=env, capture_output=True, text=True,
                               timeout=300)
        assert "DONE" in again.stdout, again.stderr[-2000:]
        assert total_views(tmp_path) == (600, 600)
        again = subprocess.run([sys.executable, "-c", FLUSH, "plain"], env=env, capture_output=True, text=True,
                               timeout=300)
        assert total_views(tmp_path) == (600, 600)  # a further flush finds nothing left to write
    finally:
        client = redis.Redis.from_url("redis://127.0.0.1:6379/9")
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)
