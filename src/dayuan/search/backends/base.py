"""The search backend interface: one class per database, the same seams in each.

A backend owns its index storage (created by ``install`` from the search app's
migration) and answers ``search`` with article ids in rank (or newest-first)
order, restricted to a candidate queryset built with the ORM (published
articles, filters). Everything else (parsing, documents, highlighting, pages)
is shared and database-neutral.
"""

from dataclasses import dataclass, field

from django.db import DatabaseError, connections, transaction

from dayuan.text.tokenize import grams, is_cjk


@dataclass
class Document:
    """An article as the index sees it: token lists per field, and its substring-index tokens per field."""

    article_id: int
    title: list
    tags: list
    summary: list
    body: list
    grams: dict = field(default_factory=dict)  # field name → tokenize.grams of its text

    FIELDS = ("title", "tags", "summary", "body")

    def grams_of(self, name):
        return self.grams.get(name, [])


def _within_pairs(tokens, pairs):
    """Whether a word phrase only matches where the pair phrase ``pairs`` does.

    It does when one of its tokens is the whole word in Chinese characters: a
    token in a word column is a piece of that field's text, so the pairs of
    its characters are consecutive in the field's pair column.
    """
    return any(len(token) >= 2 and all(is_cjk(ch) for ch in token) and tuple(grams(token)) == pairs for token in tokens)


def compile_query(query, *, phrase, either, every, exclude, gram_phrase=None, any_phrase=None):
    """Build a backend's query string from the parsed query with its own operators.

    phrase(tokens) quotes one token sequence; gram_phrase(tokens) the same in
    the substring index (left out when None); any_phrase(tokens), when given,
    matches in either index at once and stands for a word whose tokens are its
    pairs (a two-character word); either(parts) and every(parts) join
    alternatives and required parts; exclude(expression, parts) leaves the
    excluded parts out.
    """

    def term(t):
        pairs = tuple(t.grams)
        alternatives = [tuple(tokens) for tokens in t.alternatives]
        if any_phrase is not None and gram_phrase is not None and pairs:
            # Only matching: the same rows with fewer token lists read.
            if pairs in alternatives:  # a word that is its own pair: one phrase in every column
                alternatives.remove(pairs)
                last = any_phrase(pairs)
            else:
                last = gram_phrase(pairs)
            parts = [phrase(tokens) for tokens in alternatives if not _within_pairs(tokens, pairs)]
            parts.append(last)
        else:
            parts = [phrase(tokens) for tokens in alternatives]
            if gram_phrase is not None and pairs:
                parts.append(gram_phrase(pairs))
        return parts[0] if len(parts) == 1 else either(parts)

    groups = [term(g[0]) if len(g) == 1 else either([term(t) for t in g]) for g in query.groups]
    expression = every(groups)
    excluded = [term(t) for t in query.excludes]
    return exclude(expression, excluded) if excluded else expression


@dataclass
class Hits:
    ids: list = field(default_factory=list)
    total: int = 0
    total_capped: bool = False  # more than TOTAL_CAP matches; total is TOTAL_CAP
    error: bool = False


# Matches are counted up to this many; past it the total reads "超过 1000" (total_capped).
# A reader can page through 1,000 results at most (services: MAX_PAGE × PAGE_SIZE), so
# the page count stays exact, and counting further is what made a query of two
# common words walk both words' whole index lists (its cost grew with the site).
TOTAL_CAP = 1_000
# Extra top hits fetched on the fast path, for entries the candidates drop
# (a scheduled article not yet due, the article itself for "related").
SLACK = 20


class BaseSearchBackend:
    """Subclasses fill the seams below; the public API is add/delete/search/reset_index."""

    vendor = None  # the connection.vendor this backend runs on
    table = None  # the index table
    key_column = None  # its column holding the article id
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

    def _execute(self, sql, params=()):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() if cursor.description else None

    def delete(self, article_id):
        self._execute(f"DELETE FROM {self.table} WHERE {self.key_column} = %s", [article_id])

    def reset_index(self):
        self._execute(f"DELETE FROM {self.table}")

    def count(self):
        return self._execute(f"SELECT count(*) FROM {self.table}")[0]

    def optimize(self):
        """Compact the index after a rebuild (optional)."""

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
            top, total = self._top_ids_counted(query, want + SLACK, TOTAL_CAP + 1)
            allowed = self._allowed(top, candidates)
            ranked = [pk for pk in top if pk in allowed]
            if len(top) < want + SLACK:  # every match seen: the total is exact
                return Hits(ids=ranked[offset:want], total=len(ranked))
            if len(ranked) >= want:
                if total is None:
                    total = self._count(query, TOTAL_CAP + 1)
                return Hits(ids=ranked[offset:want], total=min(total, TOTAL_CAP), total_capped=total > TOTAL_CAP)
        base_sql, base_params = candidates.values("id", "published_at").query.sql_with_params()
        return self._search(query, base_sql, base_params, order, offset, limit)

    def top_ids(self, query, limit):
        """The best ``limit`` article ids by rank, from the index alone (published or not; [] on a database error)."""
        if not query.groups:
            return []
        try:
            if self.connection.in_atomic_block:
                with transaction.atomic(using=self.using):
                    return self._top_ids(query, limit)
            return self._top_ids(query, limit)
        except DatabaseError:
            return []

    def match_count(self, query, cap):
        """How many indexed articles match, counting no further than ``cap`` (0 on a database error)."""
        if not query.groups:
            return 0
        try:
            if self.connection.in_atomic_block:
                with transaction.atomic(using=self.using):
                    return self._count(query, cap)
            return self._count(query, cap)
        except DatabaseError:
            return 0

    def _allowed(self, ids, candidates):
        """Which of these ids are candidates."""
        return set(candidates.filter(pk__in=ids).values_list("pk", flat=True))

    def _top_ids(self, query, limit):
        """The best ``limit`` ids by rank, from the index alone."""
        raise NotImplementedError

    def _count(self, query, cap):
        """How many index entries match, counting no further than ``cap``."""
        raise NotImplementedError

    def _top_ids_counted(self, query, limit, cap):
        """_top_ids, and the match count up to ``cap`` when the backend had it at hand (else None)."""
        return self._top_ids(query, limit), None

    def _search(self, query, base_sql, base_params, order, offset, limit):
        """Ids and total of matches among the candidates (the SQL of a values('id', 'published_at') queryset)."""
        source = self._joined_source(base_sql)
        where, match_params = self._match_sql(query)
        if order == "newest":
            order_by, order_params = "c.published_at DESC, c.id DESC", []
        else:
            order_by, order_params = self._rank_sql(query)
            order_by += ", c.published_at DESC"
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT c.id FROM {source} WHERE {where} ORDER BY {order_by} LIMIT %s OFFSET %s",
                [*base_params, *match_params, *order_params, limit, offset],
            )
            ids = [row[0] for row in cursor.fetchall()]
            if offset == 0 and len(ids) < limit:
                return Hits(ids=ids, total=len(ids))
            cursor.execute(f"SELECT count(*) FROM {source} WHERE {where}", [*base_params, *match_params])
            return Hits(ids=ids, total=cursor.fetchone()[0])

    def _joined_source(self, base_sql):
        """FROM clause: the index joined to the candidates subquery aliased c (columns id, published_at)."""
        raise NotImplementedError

    def _match_sql(self, query):
        """WHERE condition (and its params) matching the query."""
        raise NotImplementedError

    def _rank_sql(self, query):
        """ORDER BY expression (and its params), best first."""
        raise NotImplementedError
