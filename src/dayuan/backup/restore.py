"""`dayuan restore`: bring a site back from an archive into an empty DAYUAN_HOME
or database (any of SQLite and PostgreSQL, whichever the archive came from).

The archive is read and checked in one pass into a staging folder; then the
database is migrated, every table the archive holds is emptied and loaded in
one transaction (checked row counts before it commits), the media files and the
secret key are put in place, and the search index is rebuilt from the articles.
"""

import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from .archive import ArchiveError, read_archive
from .dump import auto_m2m_tables, dumped_models

BATCH = 1000


class RestoreError(Exception):
    """Why the restore did not start or was rolled back (in Chinese, for the operator)."""


def restore_archive(path, force=False, log=lambda message: None):
    if not force:
        refuse_if_not_empty()
    home = Path(settings.DAYUAN_HOME)
    home.mkdir(parents=True, exist_ok=True)  # an empty DAYUAN_HOME may not exist yet
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=home))
    try:
        manifest = read_archive(path, staging)
        models = models_of(manifest)
        log("备份文件校验通过，正在建立数据表……")
        call_command("migrate", interactive=False, verbosity=0)
        load_database(manifest, models, staging)
        log(f"数据已载入：{sum(entry['rows'] for entry in manifest['models'])} 行。")
        place_files(staging, home, force)
        after_restore()
        log("搜索索引已重建。")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest


def refuse_if_not_empty():
    tables = set(connection.introspection.table_names())
    filled = [m._meta.db_table for m in dumped_models() if m._meta.db_table in tables and m._base_manager.exists()]
    media = Path(settings.MEDIA_ROOT)
    files = sum(1 for p in media.rglob("*") if p.is_file()) if media.is_dir() else 0
    problems = []
    if filled:
        problems.append(f"数据库中已有数据（{len(filled)} 张表，如 {', '.join(filled[:3])}）")
    if files:
        problems.append(f"媒体目录 {media} 中已有 {files} 个文件")
    if problems:
        raise RestoreError(
            "目标站点不是空的：" + "；".join(problems) + "。恢复会覆盖这些内容；确认要覆盖请加 --force。"
        )


def models_of(manifest):
    """The archive's tables as this code's models; refuses an archive from newer code."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        raise RestoreError(f"备份来自更新版本的大院（本版本没有迁移 {', '.join(unknown[:3])}），请先升级大院再恢复。")
    models = []
    for entry in manifest["models"]:
        try:
            models.append(apps.get_model(entry["label"]))
        except (LookupError, ValueError):
            raise RestoreError(f"备份中的数据表 {entry['label']} 在本版本中不存在。") from None
    return models


def load_database(manifest, models, staging):
    """Empty the tables and load the rows, all in one transaction."""
    tables = [t for model in models for t in (model._meta.db_table, *auto_m2m_tables(model))]
    with transaction.atomic():
        with connection.constraint_checks_disabled():
            with connection.cursor() as cursor:
                for statement in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
                    cursor.execute(statement)
            pending = []
            for entry in manifest["models"]:
                for batch in read_batches(staging / entry["file"]):
                    for obj in serializers.deserialize("python", batch, handle_forward_references=True):
                        obj.save()
                        if obj.deferred_fields:
                            pending.append(obj)
            for obj in pending:
                obj.save_deferred_fields()
        connection.check_constraints(table_names=tables)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        check_counts(manifest, models)


def read_batches(path):
    batch = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            batch.append(json.loads(line))
            if len(batch) == BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def check_counts(manifest, models):
    expected = manifest.get("tables", {})
    tables = [t for model in models for t in (model._meta.db_table, *auto_m2m_tables(model))]
    wrong = []
    with connection.cursor() as cursor:
        for table in tables:
            if table not in expected:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            count = cursor.fetchone()[0]
            if count != expected[table]:
                wrong.append(f"{table}（备份 {expected[table]} 行，载入后 {count} 行）")
    if wrong:
        raise RestoreError("载入后的行数与备份清单不符，已撤销：" + "；".join(wrong))


def place_files(staging, home, force):
    media = Path(settings.MEDIA_ROOT)
    if force and media.is_dir():
        shutil.rmtree(media)
    source = staging / "media"
    if source.is_dir():
        for path in sorted(source.rglob("*")):
            if path.is_file():
                target = media / path.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, target)
    secret = staging / "home" / "secret_key"
    if secret.is_file():
        os.replace(secret, home / "secret_key")
        (home / "secret_key").chmod(0o600)


def after_restore():
    """Search index rebuilt, cached blocks and the word filter stale, a full bake queued."""
    from dayuan.engage import wordfilter
    from dayuan.publish.signals import queue_site

    call_command("reindex", restart=True, no_progress=True, verbosity=0, stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)
    with transaction.atomic():
        queue_site()
    wordfilter.invalidate()


__all__ = ["ArchiveError", "RestoreError", "restore_archive"]
