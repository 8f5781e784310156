"""/healthz and /readyz over real HTTP, as a load balancer asks them."""

import httpx
import pytest
from django.test import override_settings

from dayuan.ops import health


@pytest.fixture
def http(live_server):
    with httpx.Client(base_url=live_server.url, timeout=10) as client:
        yield client


@pytest.mark.django_db(transaction=True)
def test_healthz_and_readyz_answer_ok(http):
    alive = http.get("/healthz")
    assert (alive.status_code, alive.json()) == (200, {"status": "ok"})
    assert "no-cache" in alive.headers["cache-control"]
    ready = http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok", "cache": "ok"}}


UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "dayuan.ops.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


@pytest.mark.django_db(transaction=True)
def test_readyz_is_503_while_configured_redis_is_unreachable(http):
    """Redis set but not answering: not ready (the page itself still renders, see test_cache)."""
    with override_settings(CACHES=UNREACHABLE_REDIS, DAYUAN_CACHE_URL="redis://127.0.0.1:1/0"):
        ready = http.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"] == {"database": "ok", "migrations": "ok", "cache": "failed"}
    assert "127.0.0.1" not in ready.text  # details go to the log, not to strangers


@pytest.mark.django_db
def test_readiness_reports_unapplied_migrations(monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setitem(health._migrated, "ok", False)
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("pending", False)])
    assert health.readiness()["migrations"] is False
