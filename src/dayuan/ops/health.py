"""What a load balancer asks before sending readers to this server."""

import logging

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

log = logging.getLogger(__name__)
_migrated = {"ok": False}


def database_reachable():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


def migrations_applied():
    """No unapplied migration; once true it stays true for this process (code can't lose migrations)."""
    if not _migrated["ok"]:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        _migrated["ok"] = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated["ok"]


def cache_reachable():
    """True without a shared cache; with Redis, a PING answered."""
    from django.core.cache import cache

    from .cache import shared_cache_url

    ping = getattr(cache, "ping", None)
    return ping() if shared_cache_url() and ping else True


def readiness():
    """{check: ok} for the database, migrations and the shared cache; failures are logged."""
    results = {}
    for name, probe in (
        ("database", database_reachable),
        ("migrations", migrations_applied),
        ("cache", cache_reachable),
    ):
        if name == "migrations" and not results["database"]:
            results[name] = False
            continue
        try:
            results[name] = bool(probe())
        except Exception as error:  # any failure means not ready
            log.warning("readiness check %s failed: %s", name, error)
            results[name] = False
    return results
