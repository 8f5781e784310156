"""Django's SQLite backend, making the database file's folder on the first connection.

So a fresh DAYUAN_HOME appears when a command first uses the database, and a command
that never does (`dayuan extract`, `dayuan help`) leaves none behind."""

from pathlib import Path

from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper


class DatabaseWrapper(SQLiteDatabaseWrapper):
    def get_new_connection(self, conn_params):
        name = str(conn_params.get("database", ""))
        if name and name != ":memory:" and not name.startswith("file:"):
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        return super().get_new_connection(conn_params)
