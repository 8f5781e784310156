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
    total_capped: bool = False  # more than TOTAL_CAP matches; total is TOTAL_CAP
    error: bool = False


TOTAL_CAP = 10_000
# Extra top hits fetched on the fast path, for entries the candidates drop
# (a scheduled article not yet due, the article itself for "related").
SLACK = 20


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
    def search(self, query, candidates, *, order="rank", offset=0, limit=20, narrow=True):
        """Ids of candidate articles matching the parsed query, and how many match.

        ``narrow=False`` says the candidates are about everything in the index
        (published articles, no filters): then the backend ranks in the index
        alone and checks only the top ids against the candidates, instead of
        joining every match to the article table. A database error (which
        quoting should make impossible) is logged and answered with no hits
        rather than an error page.
        """
        if not query.groups:
            return Hits()
        try:
            # Inside a transaction a failed statement must not poison it
            # (PostgreSQL); outside one, no transaction is opened: on SQLite
            # that would take the write lock for a read.
            if self.connection.in_atomic_block:
                with transaction.atomic(using=self.using):
                    return self._dispatch(query, candidates, order, offset, limit, narrow)
            return self._dispatch(query, candidates, order, offset, limit, narrow)
        except DatabaseError:
            import logging

            logging.getLogger(__name__).exception("search failed for %r", query.raw)
            return Hits(error=True)

    def _dispatch(self, query, candidates, order, offset, limit, narrow):
        if not narrow and order == "rank":
            want = offset + limit
            top = self._top_ids(query, want + SLACK)
            allowed = set(candidates.filter(pk__in=top).values_list("pk", flat=True))
            ranked = [pk for pk in top if pk in allowed]
            if len(top) < want + SLACK:  # every match seen: the total is exact
                return Hits(ids=ranked[offset:want], total=len(ranked))
            if len(ranked) >= want:
                total = self._count(query, TOTAL_CAP + 1)
                return Hits(ids=ranked[offset:want], total=min(total, TOTAL_CAP), total_capped=total > TOTAL_CAP)
        base_sql, base_params = candidates.values("id", "published_at").query.sql_with_params()
        return self._search(query, base_sql, base_params, order, offset, limit)

    def _top_ids(self, query, limit):
        """The best ``limit`` ids by rank, from the index alone."""
        raise NotImplementedError

    def _count(self, query, cap):
        """How many index entries match, counting no further than ``cap``."""
        raise NotImplementedError

    def _search(self, query, base_sql, base_params, order, offset, limit):
        """Ids and total of matches among the candidates (the SQL of a values('id', 'published_at') queryset)."""
        raise NotImplementedError
