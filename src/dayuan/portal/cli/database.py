"""Say plainly, before a command starts, that the data folder has no database yet."""

from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection

# Dayuan commands that work without a database, or create it.
WITHOUT_DATABASE = {"init", "extract", "restore"}  # restore migrates an empty site itself
# Django's commands that read or write the site's data.
DJANGO_DATA_COMMANDS = {"createsuperuser", "changepassword", "runserver", "dumpdata", "loaddata", "clearsessions"}


def needs_database(name, app):
    if app.startswith("dayuan."):
        return name not in WITHOUT_DATABASE
    return name in DJANGO_DATA_COMMANDS


def problem():
    """A Chinese sentence when the database is missing, unreachable or not set up; else None."""
    home = settings.DAYUAN_HOME
    hint = f"数据文件夹：{home}（可用环境变量 DAYUAN_HOME 指定）。"
    if connection.vendor == "sqlite":
        name = connection.settings_dict["NAME"]
        # Connecting would create an empty file, so look first.
        if str(name) != ":memory:" and not Path(name).exists():
            return f"还没有数据库：{name} 不存在。请先运行 dayuan init 建库。{hint}"
    try:
        tables = set(connection.introspection.table_names())
    except DatabaseError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else error.__class__.__name__
        return f"无法连接数据库：{first_line}。{hint}"
    if "django_migrations" not in tables:
        return f"数据库是空的，还没有建表。请先运行 dayuan init。{hint}"
    return pending_migrations_problem(hint)


def pending_migrations_problem(hint):
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        return f"数据库需要升级（{len(plan)} 项未应用的迁移）。请先运行 dayuan init。{hint}"
    return None
