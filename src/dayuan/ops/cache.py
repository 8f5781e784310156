"""The shared cache (Redis) that keeps serving when Redis goes away.

Every operation goes to Redis; when Redis fails (connection refused, timeout), the
operation is answered by a small in-process cache instead and Redis is left alone for
`RETRY_SECONDS` before the next try, so a dead Redis costs one failed connect per
process every few seconds, not one per request.

What that means for readers (docs/deploy.md, "When Redis goes away"): pages and posts
keep working; rate limits and duplicate checks hold per process during the outage (fail
open to per-process limits, never to no limits); what was kept only in Redis (limit
windows, the word-filter version) starts afresh, which costs nothing that was counted:
view counts are buffered in each process and written to the database (engage.counters).
"""

import logging
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
RETRY_SECONDS = 2.0


def shared_cache_url():
    return getattr(settings, "DAYUAN_CACHE_URL", "") or ""


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self.fallback = LocMemCache("dayuan-fallback", {"OPTIONS": {"MAX_ENTRIES": 50000}})
        self.down_until = 0.0

    def is_down(self):
        return time.monotonic() < self.down_until

    def ping(self):
        """Ask Redis itself (for /readyz); raises when it does not answer."""
        client = self._cache.get_client(write=True)
        return bool(client.ping())

    def _call(self, name, *args, **kwargs):
        if not self.is_down():
            try:
                return getattr(super(), name)(*args, **kwargs)
            except RedisError as error:
                self.down_until = time.monotonic() + RETRY_SECONDS
                log.warning("Redis unavailable (%s); using the in-process cache for %ss", error, RETRY_SECONDS)
        return getattr(self.fallback, name)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        return self._call("clear")
