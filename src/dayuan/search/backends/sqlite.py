"""SQLite: an FTS5 table over pre-segmented text, ranked by bm25 with the title weighted highest.

The text is cut by dayuan.text.tokenize before it reaches SQLite, so FTS5's
own tokenizer only splits at the spaces between our tokens (unicode61, with
the joiners our tokens may contain kept inside). The trigram tokenizer is no
use for Chinese: it never matches two-character words such as 忻州.

Each field is indexed twice in the one table: as words (title, tags, summary,
body) and as character pairs (the *_g columns, tokenize.grams), the substring
index. A query word matches as the phrase of its words in the word columns or
as the phrase of its pairs in the pair columns; bm25 weighs the pair columns
lightly, so ranking stays word-level and a match found only by its pairs
still ranks by field. All SQLite-only SQL of the project lives in this module.
"""

import json

from ..query import ParsedQuery
from . import window
from .base import BaseSearchBackend, Document, compile_query

TABLE = "search_fts"
GRAM_COLUMNS = tuple(f"{name}_g" for name in Document.FIELDS)
COLUMNS = (*Document.FIELDS, *GRAM_COLUMNS)
WORDS_FILTER = "{" + " ".join(Document.FIELDS) + "}"
GRAMS_FILTER = "{" + " ".join(GRAM_COLUMNS) + "}"
# A pair column's bm25 weight against its word column's: enough to order
# pair-only matches by field, too little to outrank a word match.
GRAM_WEIGHT = 0.1
# A query word in this many articles is too common for bm25 (whose IDF pass reads
# every row that has it): such queries rank the RANK_WINDOW newest matches in
# Python instead (window.py). Both can be set per backend in DAYUAN_SEARCH.
# 2,000 bounds bm25 and the per-word counts: at 1,000,000 articles 10,000 left
# words made of common pairs (大学士) costing 40-70 ms (BENCHMARKS, fifth round).
COMMON_MATCHES = 2_000
RANK_WINDOW = 200


def fts_string(token):
    """A token as an FTS5 string: always quoted, quotes doubled."""
    return '"' + token.replace('"', '""') + '"'


def _not(expression, excluded):
    for part in excluded:
        expression = f"({expression}) NOT {part}"
    return expression


def fts_query(query, ranked=True):
    """The FTS5 expression: each word the quoted phrase of its tokens.

    ``ranked=False`` is for statements that only match (counts, the window):
    the same rows, fewer token lists read. A word that is its own pair (two
    characters) is one phrase in every column rather than the same token list
    read once per index, and a word phrase holding the whole word as a token
    is left to the pair phrase, which finds every row it does (see
    base.compile_query). bm25 would weigh these differently, so ranking keeps
    the full expression.
    """
    return compile_query(
        query,
        phrase=lambda tokens: f"{WORDS_FILTER} : {fts_string(' '.join(tokens))}",
        gram_phrase=lambda tokens: f"{GRAMS_FILTER} : {fts_string(' '.join(tokens))}",
        any_phrase=None if ranked else lambda tokens: fts_string(" ".join(tokens)),
        either=lambda parts: "(" + " OR ".join(parts) + ")",
        every=" AND ".join,
        exclude=_not,
    )


class SQLiteSearchBackend(BaseSearchBackend):
    vendor = "sqlite"
    table = TABLE
    key_column = "rowid"

    def install(self, schema_editor):
        columns = ", ".join(COLUMNS)
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
            (
                doc.article_id,
                *(" ".join(getattr(doc, name)) for name in Document.FIELDS),
                *(" ".join(doc.grams_of(name)) for name in Document.FIELDS),
            )
            for doc in documents
        ]
        placeholders = ", ".join(["%s"] * (len(COLUMNS) + 1))
        with self.connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(row[0],) for row in rows])
            cursor.executemany(f"INSERT INTO {TABLE} (rowid, {', '.join(COLUMNS)}) VALUES ({placeholders})", rows)

    def optimize(self):
        self._execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")

    def _weights(self):
        words = [self.weights[name] for name in Document.FIELDS]
        return ", ".join(str(w) for w in [*words, *(w * GRAM_WEIGHT for w in words)])

    def _rank_function(self):
        return f"bm25({self._weights()})"

    def _top_ids(self, query, limit):
        return self._top_ids_counted(query, limit, None)[0]

    def _top_ids_counted(self, query, limit, cap):
        common = max(self.params.get("COMMON_MATCHES", COMMON_MATCHES), 1)
        counts = {term: self._count(ParsedQuery(groups=[[term]]), common) for term in (*query.terms(), *query.excludes)}
        if max(counts.values()) >= common:
            return self._window_top_ids(query, limit, counts, cap)
        # "rank MATCH" sets the weights for this query; ORDER BY rank lets FTS5
        # sort inside the index instead of in SQLite's sorter. bm25 scores every
        # match before it sorts, so the total comes with it (count(*) OVER ()).
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, {'count(*) OVER ()' if cap else 'NULL'} FROM {TABLE} WHERE {TABLE} MATCH %s AND rank MATCH %s "
                "ORDER BY rank LIMIT %s",
                [fts_query(query), self._rank_function(), limit],
            )
            rows = cursor.fetchall()
        return [row[0] for row in rows], (None if cap is None else rows[0][1] if rows else 0)

    def _window_top_ids(self, query, limit, counts, cap=None):
        """The newest matches ranked in Python (see window.py): no pass over every row of a common word.

        ``counts``: each term's matches, counted up to the cap. With ``cap``, the
        same walk down the index counts the matches up to it, for the total.
        """
        size = max(self.params.get("RANK_WINDOW", RANK_WINDOW), limit)
        newest = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s ORDER BY rowid DESC LIMIT %s"
        with self.connection.cursor() as cursor:
            if cap is None:
                cursor.execute(newest, [fts_query(query, ranked=False), size])
            else:
                cursor.execute(
                    f"SELECT rowid, count(*) OVER () FROM ({newest}) ORDER BY rowid DESC LIMIT %s",
                    [fts_query(query, ranked=False), max(cap, size), size],
                )
            found = cursor.fetchall()
            ids = [row[0] for row in found]
            total = None if cap is None else found[0][1] if found else 0
            if not ids:
                return [], total
            terms = query.terms()
            rows = self._window_rows(cursor, ids, terms)
            cursor.execute(f"SELECT max(id) FROM {TABLE}_content")
            articles = cursor.fetchone()[0] or 0
        idfs = {term: window.idf(articles, counts[term]) for term in terms}
        return window.rank(rows, terms, idfs, self.weights, GRAM_WEIGHT)[:limit], total

    def _window_rows(self, cursor, ids, terms):
        """The window's rows: the short fields' words, and their pairs where they can count.

        The text is FTS5's stored copy (c0.. are the columns in order). The pair
        columns come after the body's in each row, so reading them walks the
        body's overflow pages: they are read only for the fields window.pair_fields names.
        """

        def read(columns, row_ids):
            cursor.execute(
                f"SELECT c.id, {', '.join(f'c.c{COLUMNS.index(name)}' for name in columns)} FROM json_each(%s) AS j "
                f"CROSS JOIN {TABLE}_content AS c ON c.id = j.value",
                [json.dumps(row_ids)],
            )
            return cursor.fetchall()

        rows = [
            window.Row(r[0], dict(zip(window.SHORT_FIELDS, (t.split() for t in r[1:]))), {})
            for r in read(window.SHORT_FIELDS, ids)
        ]
        wanted = {row.article_id: window.pair_fields(row, terms) for row in rows}
        needed = [row.article_id for row in rows if wanted[row.article_id]]
        if needed:
            pairs = {r[0]: r[1:] for r in read([f"{name}_g" for name in window.SHORT_FIELDS], needed)}
            for row in rows:
                for field, text in zip(window.SHORT_FIELDS, pairs.get(row.article_id, ())):
                    if field in wanted[row.article_id]:
                        row.grams[field] = text.split()
        return rows

    def _allowed(self, ids, candidates):
        # The id list drives the join (CROSS JOIN keeps it outside): left to
        # itself, SQLite walks the status index over every published article.
        if not ids:
            return set()
        base_sql, base_params = candidates.values("id").query.sql_with_params()
        sql = f"SELECT c.id FROM json_each(%s) AS j CROSS JOIN ({base_sql}) AS c ON c.id = j.value"
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [json.dumps(ids), *base_params])
            return {row[0] for row in cursor.fetchall()}

    def _count(self, query, cap):
        sql = f"SELECT count(*) FROM (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s LIMIT %s)"
        return self._execute(sql, [fts_query(query, ranked=False), cap])[0]

    def _joined_source(self, base_sql):
        # CROSS JOIN keeps the FTS index as the outer loop: otherwise SQLite may
        # walk the article table and run the MATCH once per article.
        return f"{TABLE} CROSS JOIN ({base_sql}) AS c ON c.id = {TABLE}.rowid"

    def _match_sql(self, query):
        return f"{TABLE} MATCH %s", [fts_query(query)]

    def _rank_sql(self, query):
        return f"bm25({TABLE}, {self._weights()})", []
