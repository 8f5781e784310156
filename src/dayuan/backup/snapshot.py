"""`dayuan backup`: a consistent snapshot of the database, the media files and
the site's settings in one archive, taken while the site keeps serving.

SQLite: the online backup API copies the live database into a file in one step
(readers and writers go on; WAL readers see one moment), and the neutral dump is
read from that copy, so the archive holds both. PostgreSQL: one REPEATABLE READ,
READ ONLY transaction exports its snapshot; pg_dump reads that same snapshot
(`--snapshot`) while the neutral dump is read in the transaction itself.
"""

import os
import platform
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import django
from django.conf import settings
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .archive import ArchiveWriter
from .dump import dumped_models, table_counts, write_rows

SNAPSHOT_ALIAS = "backup_snapshot"
SECRET_NAMES = ("SECRET", "PASSWORD", "TOKEN")


def default_archive_path():
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return settings.DAYUAN_HOME / "backups" / f"dayuan-{stamp}.tar.gz"


def take_backup(path, log=lambda message: None):
    """Write the archive to `path` (atomically: a .part file renamed at the end); returns the manifest."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = ArchiveWriter(path)
    try:
        with tempfile.TemporaryDirectory(prefix=".backup-", dir=settings.DAYUAN_HOME) as scratch:
            with database_snapshot(Path(scratch), writer) as (alias, database):
                models, counts, migrations = dump_database(alias, Path(scratch), writer)
            files = add_media(writer)
            add_home_files(writer)
            manifest = {
                "created_at": timezone.now().isoformat(),
                "versions": versions(),
                "database": database,
                "migrations": migrations,
                "models": models,
                "tables": counts,
                "media_files": files,
                "settings": visible_settings(),
            }
            writer.close(manifest)
    except BaseException:
        writer.abort()
        raise
    log(f"备份完成：{path}（{sum(m['rows'] for m in models)} 行数据，{files} 个媒体文件）")
    return manifest


@contextmanager
def database_snapshot(scratch, writer):
    """Yields (alias to read the snapshot through, database description)."""
    connection = connections["default"]
    if connection.vendor == "sqlite":
        with sqlite_snapshot(scratch, writer) as result:
            yield result
    elif connection.vendor == "postgresql":
        with postgres_snapshot(scratch, writer) as result:
            yield result
    else:
        raise RuntimeError(f"backup does not support the {connection.vendor} database")


@contextmanager
def sqlite_snapshot(scratch, writer):
    connection = connections["default"]
    connection.ensure_connection()
    native = scratch / "native.sqlite3"
    target = sqlite3.connect(native)
    try:
        connection.connection.backup(target)  # all pages in one step: one consistent moment
    finally:
        target.close()
    writer.add_file("database/native.sqlite3", native)
    connections.settings[SNAPSHOT_ALIAS] = {**connection.settings_dict, "NAME": str(native)}
    try:
        yield (
            SNAPSHOT_ALIAS,
            {"vendor": "sqlite", "version": sqlite3.sqlite_version, "native": "database/native.sqlite3"},
        )
    finally:
        connections[SNAPSHOT_ALIAS].close()
        del connections[SNAPSHOT_ALIAS]
        del connections.settings[SNAPSHOT_ALIAS]


@contextmanager
def postgres_snapshot(scratch, writer):
    connection = connections["default"]
    connection.ensure_connection()
    with transaction.atomic(using="default"):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
        native = run_pg_dump(scratch, snapshot_id)
        if native is not None:
            writer.add_file("database/native.pgdump", native)
        server = connection.pg_version
        yield (
            "default",
            {
                "vendor": "postgresql",
                "version": f"{server // 10000}.{server % 10000}",
                "native": "database/native.pgdump" if native else None,
            },
        )


def run_pg_dump(scratch, snapshot_id):
    """pg_dump's custom format of the same snapshot, or None when pg_dump is not installed."""
    binary = shutil.which("pg_dump")
    if binary is None:
        return None
    params = connections["default"].settings_dict
    env = {
        **os.environ,
        "PGDATABASE": params["NAME"],
        "PGUSER": params.get("USER") or "",
        "PGPASSWORD": params.get("PASSWORD") or "",
        "PGHOST": params.get("HOST") or "",
        "PGPORT": str(params.get("PORT") or ""),
    }
    target = scratch / "native.pgdump"
    subprocess.run(
        [binary, "--format=custom", "--no-owner", f"--snapshot={snapshot_id}", f"--file={target}"],
        env={k: v for k, v in env.items() if v},
        check=True,
        capture_output=True,
        timeout=6 * 3600,
    )
    return target


def dump_database(alias, scratch, writer):
    models = []
    for model in dumped_models():
        label = model._meta.label_lower
        file_name = f"database/{label}.jsonl"
        path = scratch / f"{label}.jsonl"
        with open(path, "wb") as stream:
            rows = write_rows(model, alias, stream)
        writer.add_file(file_name, path)
        path.unlink()
        models.append({"label": label, "table": model._meta.db_table, "rows": rows, "file": file_name})
    applied = sorted(MigrationRecorder(connections[alias]).applied_migrations())
    migrations = {}
    for app_label, name in applied:
        migrations.setdefault(app_label, []).append(name)
    return models, table_counts(dumped_models(), alias), migrations


def add_media(writer):
    """Every media file, read whole (uploads are small) so one being replaced is never torn."""
    root = Path(settings.MEDIA_ROOT)
    count = 0
    if not root.is_dir():
        return 0
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue  # deleted while we walked
        writer.add_bytes("media/" + path.relative_to(root).as_posix(), data)
        count += 1
    return count


def add_home_files(writer):
    """The generated secret key: preview links, sessions and hashed reader IPs depend on it."""
    secret = Path(settings.DAYUAN_HOME) / "secret_key"
    if secret.is_file():
        writer.add_bytes("home/secret_key", secret.read_bytes())


def versions():
    try:
        dayuan = version("dayuan")
    except PackageNotFoundError:
        dayuan = "unknown"
    return {"dayuan": dayuan, "django": django.get_version(), "python": platform.python_version()}


def visible_settings():
    """The DAYUAN_* configuration, without secrets (URLs keep everything but their password)."""
    shown = {}
    for name, value in sorted(os.environ.items()):
        if not name.startswith("DAYUAN_") or any(word in name for word in SECRET_NAMES):
            continue
        shown[name] = _without_password(value) if "://" in value else value
    return shown


def _without_password(url):
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))
