"""What public pages share, computed once per version of the site's content.

Every page carries the same navigation, settings, "latest" and city blocks, and
every list page of one list the same count. They change only when content
changes, so they are kept in process memory under the site's content version:
one small row that every change to public content bumps in its own
transaction. A request reads the version once (`RenderScope` middleware);
blocks computed under an older version are never used again, in any process,
because every process reads the version from the database.

Outside a request (management commands, the shell) nothing is memoized.
"""

import contextvars
import random
import threading
import time

from django.db import connection, transaction

_scope = contextvars.ContextVar("dayuan_content_version", default=None)
_lock = threading.Lock()
_store = {"version": None, "values": {}}
MAX_ENTRIES = 20_000  # per version; a bake of a big site visits many cities, tags and lists


def current_version():
    """The content version now. Read on every page rendered cold, so the one-row query is written
    out: the ORM took longer to compile it than the database to answer."""
    from .models import ContentVersion

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number FROM {connection.ops.quote_name(ContentVersion._meta.db_table)} WHERE id = 1")
        row = cursor.fetchone()
    return (row[0] if row else 0) or 0


def bump():
    """Mark all memoized blocks stale, in the caller's transaction (so readers see data and version together).

    The new version is random, not the old one plus one: a transaction that rolls back
    must not leave behind blocks (computed inside it) under a number a later change reuses."""
    from .models import ContentVersion

    number = random.getrandbits(62) or 1
    with transaction.atomic():
        if not ContentVersion.objects.filter(pk=1).update(number=number):
            ContentVersion.objects.get_or_create(pk=1, defaults={"number": number})


def forget():
    """Drop everything kept (tests, whose rolled-back transactions take the version back)."""
    with _lock:
        _store["version"], _store["values"] = None, {}
        _pinned["version"], _pinned["values"] = None, {}


class scope:
    """Memoize inside this block under the content version read now (or `version`)."""

    def __init__(self, version=None):
        self.version = version

    def __enter__(self):
        self.token = _scope.set(current_version() if self.version is None else self.version)
        return self

    def __exit__(self, *exc):
        _scope.reset(self.token)


def memoized(key, compute, every=None):
    """`compute()` once per content version (and per `every` seconds of the clock, for blocks
    that move with time, like hot lists). Callers must not change what they get back."""
    version = _scope.get()
    if version is None:
        return compute()
    if every:
        key = (key, int(time.time() // every))
    if _store["version"] != version:
        with _lock:
            if _store["version"] != version:
                _store["version"], _store["values"] = version, {}
    values = _store["values"]
    try:
        return values[key]
    except KeyError:
        pass
    value = compute()
    if _store["version"] == version:
        if len(values) >= MAX_ENTRIES:
            values.clear()
        values[key] = value
    return value


_pinned = {"version": None, "values": {}}


def pinned(key, compute):
    """Like memoized(), for a few big values (a table of every article) that must outlive the
    store's clearing when a big bake fills it; still dropped at the next content version."""
    version = _scope.get()
    if version is None:
        return compute()
    with _lock:
        if _pinned["version"] != version:
            _pinned["version"], _pinned["values"] = version, {}
        values = _pinned["values"]
    if key not in values:
        value = compute()
        if _pinned["version"] == version:
            values[key] = value
        return value
    return values[key]


def memoized_many(keys, compute):
    """Like memoized() for many keys at once: `compute(missing keys)` returns {key: value}."""
    version = _scope.get()
    if version is None:
        return compute(list(keys))
    values = _store["values"] if _store["version"] == version else {}
    found = {key: values[key] for key in keys if key in values}
    missing = [key for key in keys if key not in found]
    if missing:
        computed = compute(missing)
        for key, value in computed.items():
            found[key] = memoized(key, lambda value=value: value)
    return found


class RenderScope:
    """Middleware: one content-version read per request, then shared blocks come from memory."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.enabled = getattr(settings, "DAYUAN_SHARED_BLOCKS", True)

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not self.enabled:
            return self.get_response(request)
        with scope():
            return self.get_response(request)
