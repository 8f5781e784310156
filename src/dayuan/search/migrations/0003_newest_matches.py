"""PostgreSQL: the function that reads a query's newest matches through the GIN index's bitmap
(PostgresSearchBackend.install_functions says why). Nothing on SQLite."""

from django.db import migrations


def install_functions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from dayuan.search.backends.postgres import PostgresSearchBackend

        PostgresSearchBackend.install_functions(schema_editor)


def uninstall_functions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from dayuan.search.backends.postgres import NEWEST_MATCHES

        schema_editor.execute(f"DROP FUNCTION IF EXISTS {NEWEST_MATCHES}(tsquery, integer)")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_substring_index")]

    operations = [migrations.RunPython(install_functions, uninstall_functions)]
