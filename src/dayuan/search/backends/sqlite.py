"""SQLite: an FTS5 table over pre-segmented text, ranked by bm25 with the title weighted highest.

The text is cut by dayuan.text.tokenize before it reaches SQLite, so FTS5's
own tokenizer only splits at the spaces between our tokens (unicode61, with
the joiners our tokens may contain kept inside). The trigram tokenizer is no
use for Chinese: it never matches two-character words such as 忻州.
All SQLite-only SQL of the project lives in this module.
"""

from .base import BaseSearchBackend, Document, Hits

TABLE = "search_fts"


def fts_string(token):
    """A token as an FTS5 string: always quoted, quotes doubled."""
    return '"' + token.replace('"', '""') + '"'


def fts_term(term):
    """A term as an FTS5 expression: the phrase of its tokens, for each alternative."""
    phrases = [fts_string(" ".join(tokens)) for tokens in term.alternatives]
    return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"


def fts_query(query):
    groups = []
    for group in query.groups:
        parts = [fts_term(term) for term in group]
        groups.append(parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")")
    expression = " AND ".join(groups)
    for term in query.excludes:
        expression = f"({expression}) NOT {fts_term(term)}"
    return expression


class SQLiteSearchBackend(BaseSearchBackend):
    vendor = "sqlite"

    def install(self, schema_editor):
        columns = ", ".join(Document.FIELDS)
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5({columns}, "
            "tokenize = \"unicode61 remove_diacritics 0 tokenchars '._+-'\")"
        )

    def uninstall(self, schema_editor):
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")

    def add_many(self, documents):
        documents = list(documents)
        if not documents:
            return
        rows = [
            (doc.article_id, *(" ".join(getattr(doc, name)) for name in Document.FIELDS))
            for doc in documents
        ]
        with self.connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(row[0],) for row in rows])
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, {', '.join(Document.FIELDS)}) VALUES (%s, %s, %s, %s, %s)",
                rows,
            )

    def delete(self, article_id):
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [article_id])

    def reset_index(self):
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")

    def count(self):
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE}")
            return cursor.fetchone()[0]

    def optimize(self):
        with self.connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")

    def _rank_function(self):
        return "bm25(%s)" % ", ".join(str(self.weights[name]) for name in Document.FIELDS)

    def _top_ids(self, query, limit):
        # "rank MATCH" sets the weights for this query; ORDER BY rank lets FTS5
        # sort inside the index instead of in SQLite's sorter.
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s AND rank MATCH %s ORDER BY rank LIMIT %s",
                [fts_query(query), self._rank_function(), limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def _count(self, query, cap):
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s LIMIT %s)",
                [fts_query(query), cap],
            )
            return cursor.fetchone()[0]

    def _search(self, query, base_sql, base_params, order, offset, limit):
        match = fts_query(query)
        weights = ", ".join(str(self.weights[name]) for name in Document.FIELDS)
        # CROSS JOIN keeps the FTS index as the outer loop: otherwise SQLite may
        # walk the article table and run the MATCH once per article.
        source = f"{TABLE} CROSS JOIN ({base_sql}) AS c ON c.id = {TABLE}.rowid"
        if order == "newest":
            order_by = "c.published_at DESC, c.id DESC"
        else:
            order_by = f"bm25({TABLE}, {weights}), c.published_at DESC"
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT c.id FROM {source} WHERE {TABLE} MATCH %s ORDER BY {order_by} LIMIT %s OFFSET %s",
                [*base_params, match, limit, offset],
            )
            ids = [row[0] for row in cursor.fetchall()]
            if offset == 0 and len(ids) < limit:
                total = len(ids)
            else:
                cursor.execute(f"SELECT count(*) FROM {source} WHERE {TABLE} MATCH %s", [*base_params, match])
                total = cursor.fetchone()[0]
        return Hits(ids=ids, total=total)
