"""kill -9 of a process with counted views, and kill -9 during the flush that writes them: a
later flush writes every counted view exactly once — none lost, none counted twice."""

import os
import signal
import sqlite3
import subprocess
import sys

import pytest

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
for n in range(600):  # 600 views over 40 articles, well inside one flush interval
    counters.count_view(ids[n % len(ids)])
import os, signal
os.kill(os.getpid(), signal.SIGKILL)  # a serving process killed with its views not yet written
"""
# A flush, made to stop at one point so that kill -9 lands exactly there.
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
elif where == "after-commit":  # committed, spool file not yet deleted
    def stall(path):
        print("WRITING", flush=True); time.sleep(60)
    counters._discard = stall
counters.flush_views()
print("DONE", flush=True)
"""


def total_views(home):
    with sqlite3.connect(home / "dayuan.sqlite3", timeout=30) as db:
        articles = db.execute("SELECT coalesce(sum(view_count), 0) FROM news_article").fetchone()[0]
        daily = db.execute("SELECT coalesce(sum(views), 0) FROM engage_articledailystat").fetchone()[0]
    return articles, daily


def run(env, script, *args):
    return subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("where", ["inside-transaction", "after-commit"])
def test_kill_9_of_the_counter_and_of_the_flush_loses_and_doubles_no_view(tmp_path, where):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DAYUAN_")}
    env.update(DAYUAN_HOME=str(tmp_path), DJANGO_SETTINGS_MODULE="dayuan.settings")
    subprocess.run(
        [sys.executable, "-m", "dayuan", "init", "-v", "0"], env=env, check=True, capture_output=True, timeout=300
    )
    counted = run(env, SETUP)
    assert counted.returncode == -signal.SIGKILL, counted.stderr[-2000:]
    assert total_views(tmp_path) == (0, 0)  # nothing written yet: the views are in the spool only

    flush = subprocess.Popen(
        [sys.executable, "-c", FLUSH, where],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert flush.stdout.readline().strip() == "WRITING", flush.stderr.read()[-2000:]
    os.killpg(flush.pid, signal.SIGKILL)
    flush.wait()

    again = run(env, FLUSH, "plain")
    assert "DONE" in again.stdout, again.stderr[-2000:]
    assert total_views(tmp_path) == (600, 600)
    run(env, FLUSH, "plain")
    assert total_views(tmp_path) == (600, 600)  # a further flush finds nothing left to write
    assert not list((tmp_path / "views").glob("*"))
