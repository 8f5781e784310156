"""The search backend registry, configured like CACHES:

    DAYUAN_SEARCH = {"default": {"BACKEND": "dayuan.search.backends.sqlite.SQLiteSearchBackend"}}

Without the setting the backend follows the database: SQLite → FTS5,
PostgreSQL → tsvector. Backends are created once per process.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.utils.module_loading import import_string

BY_VENDOR = {
    "sqlite": "dayuan.search.backends.sqlite.SQLiteSearchBackend",
    "postgresql": "dayuan.search.backends.postgres.PostgresSearchBackend",
}

_backends = {}


def backend_class_for_vendor(vendor):
    try:
        return import_string(BY_VENDOR[vendor])
    except KeyError:
        raise ImproperlyConfigured(
            f"Dayuan search has no backend for the {vendor} database; use SQLite or PostgreSQL, "
            "or set DAYUAN_SEARCH to a backend class of your own."
        ) from None


def get_search_backend(alias="default"):
    backend = _backends.get(alias)
    if backend is None:
        config = getattr(settings, "DAYUAN_SEARCH", {}).get(alias)
        if config is None and alias != "default":
            raise ImproperlyConfigured(f"DAYUAN_SEARCH has no '{alias}' backend; add it to the setting.")
        params = dict(config or {})
        path = params.pop("BACKEND", None)
        if path:
            cls = import_string(path)
        else:
            cls = backend_class_for_vendor(connections[params.get("DATABASE", "default")].vendor)
        backend = cls(alias, params)
        backend.check_connection()
        _backends[alias] = backend
    return backend


def reset_backends():
    """Forget created backends (after settings change, in tests)."""
    _backends.clear()
