"""Counters for rate limits that every process of the site shares.

With DAYUAN_CACHE_URL (Redis) the counters are Redis keys (INCRBY + EXPIRE in one
pipeline); without it they are rows of a small SQLite file in DAYUAN_HOME
(ratelimits.sqlite3, WAL), which every process on the machine opens. A per-process
in-memory cache would multiply each limit by the number of worker processes.
DAYUAN_RATE_LIMIT_STORE picks one explicitly: "redis", "sqlite" or "auto".
"""

import random
import sqlite3
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed

_local = threading.local()
_stores = {}


class StoreUnavailable(Exception):
    """The shared store could not be reached; limits.py applies DAYUAN_RATE_LIMIT_FAILURE."""


class SQLiteStore:
    SCHEMA = "CREATE TABLE IF NOT EXISTS hits (key TEXT PRIMARY KEY, count REAL NOT NULL, expires REAL NOT NULL)"
    # How long a hit waits for another process's write. Under heavy disk writes (a bake of the
    # whole site) one write to this file was seen to stall past 2 s; giving up then let requests
    # through uncounted, so wait long enough for the stall to pass.
    BUSY_TIMEOUT = 15

    def __init__(self, path):
        self.path = str(path)

    def connection(self):
        connections = getattr(_local, "sqlite", None)
        if connections is None:
            connections = _local.sqlite = {}
        conn = connections.get(self.path)
        if conn is None:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)  # settings load makes no folder
            conn = sqlite3.connect(self.path, timeout=self.BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(self.SCHEMA)
            connections[self.path] = conn
        return conn

    def incr_and_get(self, key, other_key, add, ttl):
        now = time.time()
        try:
            conn = self.connection()
            if add:
                current = conn.execute(
                    "INSERT INTO hits (key, count, expires) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE "
                    "SET count = CASE WHEN expires < ?4 THEN excluded.count ELSE count + excluded.count END, "
                    "expires = excluded.expires RETURNING count",
                    (key, add, now + ttl, now),
                ).fetchone()[0]
            else:
                current = self._get(conn, key, now)
            previous = self._get(conn, other_key, now)
            if add and random.random() < 0.005:  # now and then, drop what expired
                conn.execute("DELETE FROM hits WHERE expires < ?", (now,))
        except sqlite3.Error as error:
            raise StoreUnavailable(f"SQLite {self.path}: {error}") from error
        return current, previous

    @staticmethod
    def _get(conn, key, now):
        row = conn.execute("SELECT count FROM hits WHERE key = ? AND expires >= ?", (key, now)).fetchone()
        return row[0] if row else 0

    def clear(self):
        try:
            self.connection().execute("DELETE FROM hits")
        except sqlite3.Error as error:
            raise StoreUnavailable(str(error)) from error


class RedisStore:
    def __init__(self, url, prefix):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.prefix = prefix

    def incr_and_get(self, key, other_key, add, ttl):
        import redis

        key, other_key = self.prefix + key, self.prefix + other_key
        try:
            pipe = self.client.pipeline(transaction=False)
            if add:
                pipe.incrby(key, add)
                pipe.expire(key, int(ttl))
            else:
                pipe.get(key)
            pipe.get(other_key)
            results = pipe.execute()
        except redis.RedisError as error:
            raise StoreUnavailable(f"Redis: {error}") from error
        return int(results[0] or 0), int(results[-1] or 0)

    def clear(self):
        import redis

        try:
            keys = list(self.client.scan_iter(self.prefix + "*", count=1000))
            if keys:
                self.client.delete(*keys)
        except redis.RedisError as error:
            raise StoreUnavailable(str(error)) from error


def _kind():
    kind = str(getattr(settings, "DAYUAN_RATE_LIMIT_STORE", "auto") or "auto").lower()
    if kind == "auto":
        kind = "redis" if getattr(settings, "DAYUAN_CACHE_URL", None) else "sqlite"
    return kind


def get_store():
    kind = _kind()
    if kind == "redis":
        url = settings.DAYUAN_CACHE_URL
        prefix = getattr(settings, "DAYUAN_RATE_LIMIT_PREFIX", "dayuan:rl:")
        spec = ("redis", url, prefix)
    elif kind == "sqlite":
        return local_store()
    else:
        raise ValueError(f"DAYUAN_RATE_LIMIT_STORE must be auto, redis or sqlite, not {kind!r}.")
    store = _stores.get(spec)
    if store is None:
        store = _stores[spec] = RedisStore(spec[1], spec[2]) if kind == "redis" else SQLiteStore(spec[1])
    return store


def local_store():
    """This server's SQLite file: where limits are counted while Redis is away."""
    spec = ("sqlite", str(settings.DAYUAN_HOME / "ratelimits.sqlite3"))
    store = _stores.get(spec)
    if store is None:
        store = _stores[spec] = SQLiteStore(spec[1])
    return store


def reset():
    """Forget every counter (tests; also handy after changing limits by hand)."""
    get_store().clear()


def _forget_stores(setting, **kwargs):
    if setting in ("DAYUAN_HOME", "DAYUAN_CACHE_URL", "DAYUAN_RATE_LIMIT_STORE", "DAYUAN_RATE_LIMIT_PREFIX"):
        _stores.clear()


setting_changed.connect(_forget_stores)
