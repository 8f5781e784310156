"""Databases of the backup tests' own on the test run's PostgreSQL server."""

import os
from urllib.parse import urlsplit, urlunsplit

DEFAULT = "postgresql://postgres@127.0.0.1:5432/postgres"


def postgres_base_url(required=True):
    """The server of DAYUAN_TEST_DATABASE_URL (else the local default), or None when unreachable."""
    import psycopg

    url = os.environ.get("DAYUAN_TEST_DATABASE_URL") or DEFAULT
    if not url.startswith("postgres"):
        url = DEFAULT
    try:
        psycopg.connect(_with_name(url, "postgres"), connect_timeout=3).close()
    except psycopg.Error:
        if required:
            raise
        return None
    return url


def _with_name(url, name):
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def database_url(suffix, fresh=False):
    """postgresql://…/<test database name>_<suffix>, created empty when `fresh`."""
    import psycopg

    base = postgres_base_url()
    test_url = os.environ.get("DAYUAN_TEST_DATABASE_URL") or ""
    prefix = urlsplit(test_url).path.strip("/") if test_url.startswith("postgres") else "dayuan_backup_test"
    name = f"{prefix}_{suffix}".replace("-", "_")
    url = _with_name(base, name)
    if fresh:
        drop_database(url)
        with psycopg.connect(_with_name(base, "postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    return url


def drop_database(url):
    import psycopg

    name = urlsplit(url).path.strip("/")
    with psycopg.connect(_with_name(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
