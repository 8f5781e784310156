"""Rate limits across processes: sliding windows in a store every process shares (SQLite file or Redis),
and an explicit policy when the store can't be reached."""

import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from types import SimpleNamespace

import pytest

from dayuan.engage import limits

from .test_limits import _redis_up

WORKER = textwrap.dedent("""
    import os, sys, time
    import django
    django.setup()
    from dayuan.engage import limits
    while not os.path.exists(sys.argv[1]):  # start together
        time.sleep(0.01)
    print(sum(limits.hit("procs", "one-ip", "DAYUAN_COMMENT_RATE") for _ in range(10)))
""")


def run_processes(tmp_path, count=4, **env):
    go = tmp_path / "go"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dayuan.settings",
        "DAYUAN_HOME": str(tmp_path),
        "DAYUAN_COMMENT_RATE": "12/h",
        **env,
    }
    environment.pop("DAYUAN_CACHE_URL", None) if "DAYUAN_CACHE_URL" not in env else None
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(go)],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    time.sleep(1.5)
    go.write_text("go")
    allowed = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err[-2000:]
        allowed.append(int(out.strip().splitlines()[-1]))
    return allowed


def test_limit_is_shared_by_processes_without_redis(tmp_path):
    """Four processes hitting one limit of 12 get 12 through together, not 12 each."""
    allowed = run_processes(tmp_path)
    assert sum(allowed) == 12, allowed


def test_a_stalled_write_to_the_sqlite_store_is_waited_for_not_let_through(settings, tmp_path):
    """Another process holds the file's write lock for 5 s (a disk stalled by a bake of the whole
    site): the hit waits for it and is counted, rather than waved through uncounted."""
    settings.DAYUAN_HOME = tmp_path
    settings.DAYUAN_RATE_LIMIT_STORE = "sqlite"
    settings.DAYUAN_COMMENT_RATE = "1/h"
    assert limits.hit("stall", "ip", "DAYUAN_COMMENT_RATE")
    held = threading.Event()

    def hold_the_write_lock():
        conn = sqlite3.connect(tmp_path / "ratelimits.sqlite3", isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        held.set()
        time.sleep(5)
        conn.execute("COMMIT")
        conn.close()

    holder = threading.Thread(target=hold_the_write_lock)
    holder.start()
    held.wait()
    started = time.monotonic()
    try:
        assert not limits.hit("stall", "ip", "DAYUAN_COMMENT_RATE")
        assert time.monotonic() - started >= 4
    finally:
        holder.join()


@pytest.mark.skipif(not _redis_up(), reason="Redis is not running on 127.0.0.1:6379")
def test_limit_is_shared_by_processes_with_redis(tmp_path):
    import redis

    prefix = f"dayuan-test-harden-{os.getpid()}:"
    try:
        allowed = run_processes(tmp_path, DAYUAN_CACHE_URL="redis://127.0.0.1:6379/9", DAYUAN_RATE_LIMIT_PREFIX=prefix)
    finally:
        client = redis.Redis.from_url("redis://127.0.0.1:6379/9")
        keys = list(client.scan_iter(prefix + "*"))
        if keys:
            client.delete(*keys)
    assert sum(allowed) == 12, allowed


def test_window_slides_over_the_edge(settings, monkeypatch):
    """A fixed window lets 2× the limit through around its edge; the sliding window does not."""
    settings.DAYUAN_COMMENT_RATE = "4/10s"
    clock = {"now": 1_000_000 * 10 + 9.0}  # the last second of a window
    monkeypatch.setattr(limits, "time", SimpleNamespace(time=lambda: clock["now"]))
    assert [limits.hit("edge", "ip", "DAYUAN_COMMENT_RATE") for _ in range(4)] == [True] * 4
    clock["now"] += 2  # 1 s into the next window: 90 % of the last one still counts
    assert not limits.hit("edge", "ip", "DAYUAN_COMMENT_RATE")
    clock["now"] += 20  # two windows later everything is forgotten
    assert limits.hit("edge", "ip", "DAYUAN_COMMENT_RATE")


@pytest.mark.parametrize("policy, allowed", [("open", True), ("closed", False)])
def test_unreachable_store_follows_the_failure_policy(settings, caplog, policy, allowed):
    settings.DAYUAN_RATE_LIMIT_STORE = "redis"
    settings.DAYUAN_CACHE_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    settings.DAYUAN_RATE_LIMIT_FAILURE = policy
    settings.DAYUAN_COMMENT_RATE = "100/m"
    assert limits.hit("down", "ip", "DAYUAN_COMMENT_RATE") is allowed
    assert any("rate-limit store unreachable" in r.getMessage() for r in caplog.records)


def test_redis_away_limits_still_hold_on_this_server(settings):
    """Failing open means counting in this server's SQLite file, not no limit at all."""
    settings.DAYUAN_RATE_LIMIT_STORE = "redis"
    settings.DAYUAN_CACHE_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    settings.DAYUAN_RATE_LIMIT_FAILURE = "open"
    settings.DAYUAN_COMMENT_RATE = "3/m"
    assert [limits.hit("outage", "ip", "DAYUAN_COMMENT_RATE") for _ in range(5)] == [True] * 3 + [False] * 2
