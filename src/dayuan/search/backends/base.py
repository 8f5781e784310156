"""The search backend interface: one class per database, the same seams in each.

A backend owns its index storage (created by ``install`` from the search app's
migration) and answers ``search`` with article ids in rank (or newest-first)
order, restricted to a candidate queryset built with the ORM (published
articles, filters). Everything else (parsing, documents, highlighting, pages)
is shared and database-neutral.
"""

from dataclasses import dataclass, field

from django.db import DatabaseError, connections, transaction


@dataclass
class Document:
    """An article as the index sees it: token lists per field."""

    article_id: int
    title: list
    tags: list
    summary: list
    body: list

    FIELDS = ("title", "tags", "summary", "body")


@dataclass
class Hits:
    ids: list = field(default_factory=list)
    total: int = 0
    error: bool = False


class BaseSearchBackend:
    """Subclasses fill the seams below; the public API is add/delete/search/reset_index."""

    vendor = None          # the connection.vendor this backend runs on
    # Field weights, highest first: a match in the title counts most.
    weights = {"title": 10.0, "tags": 5.0, "summary": 3.0, "body": 1.0}

    def __init__(self, alias="default", params=None):
        self.alias = alias
        self.params = params or {}
        self.using = self.params.get("DATABASE", "default")

    @property
    def connection(self):
        return connections[self.using]

    def check_connection(self):
        if self.connection.vendor != self.vendor:
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(
                f"{type(self).__name__} needs a {self.vendor} database but DATABASES['{self.using}'] "
                f"is {self.connection.vendor}; remove DAYUAN_SEARCH to pick the backend by database."
            )

    # --- storage --------------------------------------------------------
    def install(self, schema_editor):
        raise NotImplementedError("a search backend must create its index in install()")

    def uninstall(self, schema_editor):
        raise NotImplementedError("a search backend must drop its index in uninstall()")

    def add(self, document):
        self.add_many([document])

    def add_many(self, documents):
        raise NotImplementedError

    def delete(self, article_id):
        raise NotImplementedError

    def reset_index(self):
        raise NotImplementedError

    def count(self):
        raise NotImplementedError

    # --- queries --------------------------------------------------------
    def search(self, query, candidates, *, order="rank", offset=0, limit=20):
        """Ids of candidate articles matching the parsed query, and how many match.

        A database error (which quoting should make impossible) is logged and
        answered with no hits rather than an error page.
        """
        if not query.groups:
            return Hits()
        base_sql, base_params = candidates.values("id", "published_at").query.sql_with_params()
        try:
            # Inside a transaction a failed statement must not poison it
            # (PostgreSQL); outside one, no transaction is opened: on SQLite
            # that would take the write lock for a read.
            if self.connection.in_atomic_block:
                with transaction.atomic(using=self.using):
                    return self._search(query, base_sql, base_params, order, offset, limit)
            return self._search(query, base_sql, base_params, order, offset, limit)
        except DatabaseError:
            import logging

            logging.getLogger(__name__).exception("search failed for %r", query.raw)
            return Hits(error=True)

    def _search(self, query, base_sql, base_params, order, offset, limit):
        raise NotImplementedError
