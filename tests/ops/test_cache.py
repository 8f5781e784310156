"""The shared cache keeps answering when Redis is away, and goes back to Redis when it returns."""

import socket

import pytest
import redis

from dayuan.ops.cache import ResilientRedisCache


def redis_up():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def make_cache(url):
    return ResilientRedisCache(
        url, {"KEY_PREFIX": "dayuan-test-ops", "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
    )


def test_unreachable_redis_falls_back_to_the_process_cache():
    cache = make_cache("redis://127.0.0.1:1/0")
    assert cache.add("k", 0, 60)
    assert cache.incr("k") == 1 and cache.incr("k") == 2
    assert cache.get("k") == 2 and cache.get_many(["k", "missing"]) == {"k": 2}
    assert cache.is_down()
    with pytest.raises(ValueError):
        cache.incr("missing")  # the same contract as Redis: incr of a missing key raises
    with pytest.raises(redis.exceptions.ConnectionError):
        cache.ping()  # /readyz asks Redis itself


@pytest.mark.skipif(not redis_up(), reason="Redis is not running on 127.0.0.1:6379")
def test_back_on_redis_after_the_retry_pause(monkeypatch):
    cache = make_cache("redis://127.0.0.1:6379/5")
    cache.set("shared", "from-redis", 60)
    cache.down_until = float("inf")  # as if Redis had just failed
    cache.set("shared", "local-only", 60)
    assert cache.get("shared") == "local-only"
    cache.down_until = 0.0  # the retry pause is over
    assert cache.get("shared") == "from-redis" and cache.ping()
    cache.delete("shared")
