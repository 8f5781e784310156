"""PostgreSQL: a tsvector per article over the same pre-segmented tokens, GIN index, weighted rank.

The vector and the query are written as tsvector/tsquery literals (every
lexeme quoted) instead of passing text through to_tsvector/to_tsquery, so
PostgreSQL's parser never re-splits our tokens (it would cut 2.56 or
covid-19 its own way) and no user input is ever parsed as tsquery syntax.
This is the 'simple' configuration's behaviour with no parser in between:
lexemes are our tokens as they are. Weights: A title, B tags, C summary, D body.

The same vector holds the substring index: each field's character pairs
(tokenize.grams) as lexemes marked with GRAM_MARK, numbered in a sequence of
their own, so a query word matches as the <-> phrase of its words or of its
pairs (see the SQLite backend).
"""

from .base import BaseSearchBackend, Document, compile_query

TABLE = "search_pgdocument"
WEIGHT_LETTERS = {"title": "A", "tags": "B", "summary": "C", "body": "D"}
MAX_POSITION = 16383  # PostgreSQL's limit; later positions share the last one
FIELD_GAP = 2  # a gap between fields so a phrase never spans two fields
GRAM_MARK = "~"  # never in a word token, so pair lexemes can't meet word lexemes
# A query with this many matches is ranked in a window: ts_rank reads each match's tsvector
# (27 kB on average, in TOAST), and at 100,000 articles ranking 亿元's 25,178 matches took 1.4 GB
# of buffers and 360 ms. Such queries rank the RANK_WINDOW newest matches instead, as the
# SQLite backend does for a common word (window.py); ts_rank weighs no word by its rarity, so
# the query's own match count is what decides. Both can be set per backend in DAYUAN_SEARCH.
COMMON_MATCHES = 1_000
RANK_WINDOW = 200
NEWEST_MATCHES = "search_newest_matches"  # a function: see install_functions


def lexeme(token):
    """A token as a quoted tsvector/tsquery lexeme."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _add_positions(positions, tokens_of, prefix=""):
    position = 0
    for name in Document.FIELDS:
        letter = WEIGHT_LETTERS[name]
        for token in tokens_of(name):
            position = min(position + 1, MAX_POSITION)
            entry = positions.setdefault(prefix + token, [])
            if len(entry) < 256:  # PostgreSQL keeps at most 256 positions a lexeme
                entry.append(f"{position}{letter}")
        position += FIELD_GAP


def tsvector_literal(document):
    positions = {}
    _add_positions(positions, lambda name: getattr(document, name))
    _add_positions(positions, document.grams_of, GRAM_MARK)
    return " ".join(f"{lexeme(token)}:{','.join(entry)}" for token, entry in positions.items())


def _phrase(tokens, prefix=""):
    return "(" + " <-> ".join(lexeme(prefix + t) for t in tokens) + ")"


def tsquery_literal(query):
    """The tsquery literal: each word the <-> phrase of its quoted lexemes."""
    return compile_query(
        query,
        phrase=_phrase,
        gram_phrase=lambda tokens: _phrase(tokens, GRAM_MARK),
        either=lambda parts: "(" + " | ".join(parts) + ")",
        every=" & ".join,
        exclude=lambda expression, excluded: " & ".join([expression, *("!" + part for part in excluded)]),
    )


class PostgresSearchBackend(BaseSearchBackend):
    vendor = "postgresql"
    table = TABLE
    key_column = "article_id"

    def install(self, schema_editor):
        # No foreign key to news_article: Django's flush (and TRUNCATE) doesn't know
        # this table. Entries go with their article through the post_delete
        # receiver, and searches join the article table, so a stray entry shows nothing.
        schema_editor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (article_id bigint PRIMARY KEY, vector tsvector NOT NULL)"
        )
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_vector ON {TABLE} USING GIN (vector)")
        self.install_functions(schema_editor)

    @staticmethod
    def install_functions(schema_editor):
        # A query's newest matches through the GIN index's bitmap, never a scan of the table or
        # of its key: a bitmap heap scan decides a match from the index (single-lexeme words)
        # without reading the tsvector, while the planner, which doesn't price TOAST, chose a
        # sequential scan or a walk down the key for a common word and read every vector it
        # passed. The settings hold for the function's own statement only.
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {NEWEST_MATCHES}(query tsquery, n integer) RETURNS SETOF bigint "
            "LANGUAGE sql STABLE SET enable_seqscan = off SET enable_indexscan = off "
            f"AS $$ SELECT article_id FROM {TABLE} WHERE vector @@ query ORDER BY article_id DESC LIMIT n $$"
        )

    def uninstall(self, schema_editor):
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {NEWEST_MATCHES}(tsquery, integer)")
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")

    def add_many(self, documents):
        rows = [(doc.article_id, tsvector_literal(doc)) for doc in documents]
        if not rows:
            return
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (article_id, vector) VALUES (%s, %s::tsvector) "
                "ON CONFLICT (article_id) DO UPDATE SET vector = EXCLUDED.vector",
                rows,
            )

    def optimize(self):
        if not self.connection.in_atomic_block:  # VACUUM can't run in a transaction
            self._execute(f"VACUUM ANALYZE {TABLE}")

    def _rank_weights(self):
        # {D, C, B, A}: body 0.1, summary 0.3, tags 0.5, title 1.0 (same ratios as bm25's weights).
        w, top = self.weights, self.weights["title"]
        return "{" + ",".join(str(round(w[name] / top, 3)) for name in ("body", "summary", "tags", "title")) + "}"

    def _top_ids(self, query, limit):
        return self._top_ids_counted(query, limit, None)[0]

    def _top_ids_counted(self, query, limit, cap):
        common = max(self.params.get("COMMON_MATCHES", COMMON_MATCHES), 1)
        size = max(self.params.get("RANK_WINDOW", RANK_WINDOW), limit)
        literal = tsquery_literal(query)
        with self.connection.cursor() as cursor:
            # the matches' ids, newest first, as many as the window and the caps need: all of
            # them for a query with few, and the total on the way (no tsvector is read here)
            cursor.execute(f"SELECT * FROM {NEWEST_MATCHES}(%s::tsquery, %s)", [literal, max(common, size, cap or 0)])
            ids = [row[0] for row in cursor.fetchall()]
            # ts_rank reads each tsvector: every match when there are few, else the newest
            window = ids if len(ids) < common else ids[:size]
            cursor.execute(
                f"SELECT article_id FROM {TABLE} WHERE article_id = ANY(%s) "
                "ORDER BY ts_rank(%s::float4[], vector, %s::tsquery, 1) DESC, article_id DESC LIMIT %s",
                [window, self._rank_weights(), literal, limit],
            )
            return [row[0] for row in cursor.fetchall()], (None if cap is None else len(ids))

    def _count(self, query, cap):
        return self._execute(f"SELECT count(*) FROM {NEWEST_MATCHES}(%s::tsquery, %s)", [tsquery_literal(query), cap])[
            0
        ]

    def _joined_source(self, base_sql):
        return f"{TABLE} d JOIN ({base_sql}) AS c ON c.id = d.article_id"

    def _match_sql(self, query):
        return "d.vector @@ %s::tsquery", [tsquery_literal(query)]

    def _rank_sql(self, query):
        return "ts_rank(%s::float4[], d.vector, %s::tsquery, 1) DESC", [self._rank_weights(), tsquery_literal(query)]
