"""Give a PostgreSQL search_bench.py database the SQLite benchmark's first N articles and their index.

    DAYUAN_DATABASE_URL=postgresql://... .venv/bin/python bench/search_copy.py --articles 100000 \\
        --dir /work/bench-search/pg100k --from /work/bench-search/sq100k/dayuan.sqlite3

For a shared machine where building the corpus and the index twice doesn't fit
the time there is: articles the PostgreSQL database lacks are copied from the
SQLite one (the generator is deterministic, so they are the articles
search_bench.py would make), and the index is filled from the SQLite FTS5
content, the word and pair tokens the indexer made, through the PostgreSQL
backend's real add_many: only the tokenizing is skipped.
"""

import argparse
import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def copy_index(source, n, batch=500):
    from django.db import transaction

    from dayuan.search.backends import get_search_backend
    from dayuan.search.backends.base import Document

    backend = get_search_backend()
    db = sqlite3.connect(source)
    t0, c0 = time.perf_counter(), time.process_time()
    # Resumable: continue after the last entry copied before.
    last = backend._execute(f"SELECT coalesce(max({backend.key_column}), 0) FROM {backend.table}")[0]
    # A bulk load without the GIN index, which is built once at the end (as a reindex of a big
    # site would do); entry by entry, its inserts are most of the time.
    backend._execute(f"DROP INDEX IF EXISTS {backend.table}_vector")
    while True:
        rows = db.execute(
            "SELECT id, c0, c1, c2, c3, c4, c5, c6, c7 FROM search_fts_content "
            "WHERE id > ? AND id <= ? ORDER BY id LIMIT ?",
            (last, n, batch),
        ).fetchall()
        if not rows:
            break
        docs = [
            Document(
                r[0],
                *(text.split() for text in r[1:5]),
                grams=dict(zip(Document.FIELDS, (text.split() for text in r[5:9]))),
            )
            for r in rows
        ]
        with transaction.atomic():
            backend.add_many(docs)
        last = rows[-1][0]
        print(f"\r  index {last}/{n}", end="", file=sys.stderr)
    print(file=sys.stderr)
    t1 = time.perf_counter()
    backend._execute(f"CREATE INDEX {backend.table}_vector ON {backend.table} USING GIN (vector)")
    backend.optimize()
    print(
        f"Index copy: {t1 - t0:.1f} s wall, {time.process_time() - c0:.1f} s CPU (this process); "
        f"GIN index build and VACUUM ANALYZE {time.perf_counter() - t1:.1f} s wall."
    )


def copy_articles(source, n, batch=2000):
    from django.db import transaction
    from django.db.models import DateTimeField

    from dayuan.news.models import Article

    db = sqlite3.connect(source)
    last = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    fields = {f.attname for f in Article._meta.concrete_fields}
    # Django's SQLite backend stores datetimes as naive UTC text: read back as such, not in TIME_ZONE.
    moments = {f.attname for f in Article._meta.concrete_fields if isinstance(f, DateTimeField)}

    def value(name, stored):
        if name in moments and stored is not None:
            return datetime.fromisoformat(stored).replace(tzinfo=UTC)
        return stored

    while True:
        cursor = db.execute("SELECT * FROM news_article WHERE id > ? AND id <= ? ORDER BY id LIMIT ?", (last, n, batch))
        rows = cursor.fetchall()
        if not rows:
            break
        columns = [(i, d[0]) for i, d in enumerate(cursor.description) if d[0] in fields]
        with transaction.atomic():
            Article.objects.bulk_create([Article(**{k: value(k, row[i]) for i, k in columns}) for row in rows])
        last = rows[-1][0]
        print(f"\r  articles {last}/{n}", end="", file=sys.stderr)
    print(file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--from", dest="source", required=True, help="the SQLite benchmark database")
    args = parser.parse_args()
    import search_bench

    search_bench.setup_django(Path(args.dir))
    from dayuan.news.models import Article
    from dayuan.search.backends import get_search_backend

    backend = get_search_backend()
    with backend.connection.cursor() as cursor:
        cursor.execute("DELETE FROM news_article WHERE id > %s", [args.articles])
        cursor.execute(f"DELETE FROM {backend.table} WHERE {backend.key_column} > %s", [args.articles])
    copy_articles(args.source, args.articles)
    print(f"{Article.objects.count()} articles")
    copy_index(args.source, args.articles)
    # Statistics for the copied articles too: until autovacuum reached the table, the planner
    # took "every article is published" for 18 rows and checked a page's 40 ids against all
    # 100,000 (21 ms a search instead of 0.1; the 2026-12-04 figures carry that).
    with backend.connection.cursor() as cursor:
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    main()
