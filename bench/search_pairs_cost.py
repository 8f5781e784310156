"""What the character-pair index costs to build: words only (the index before issue 11) against
words + pairs, on the same articles of a search_bench.py database, in one process.

    .venv/bin/python bench/search_pairs_cost.py --dir /work/bench-search/sq100k --articles 2000

Each design is written to its own in-memory FTS5 table with the backend's schema; CPU time
of tokenizing and of the FTS5 inserts, and the size of the index, are reported per design.
"""

import argparse
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

TOKENIZE = "tokenize = \"unicode61 remove_diacritics 0 tokenchars '._+-'\""


def build(db, name, columns, rows):
    db.execute(f"CREATE VIRTUAL TABLE {name} USING fts5({', '.join(columns)}, {TOKENIZE})")
    c0 = time.process_time()
    db.executemany(
        f"INSERT INTO {name} (rowid, {', '.join(columns)}) VALUES ({', '.join('?' * (len(columns) + 1))})", rows
    )
    db.execute(f"INSERT INTO {name}({name}) VALUES ('optimize')")
    seconds = time.process_time() - c0
    size = db.execute(f"SELECT sum(length(block)) FROM {name}_data").fetchone()[0] or 0
    content = db.execute(f"SELECT sum(pgsize) FROM dbstat WHERE name = '{name}_content'").fetchone()[0]
    return seconds, size, content


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    import search_bench

    search_bench.setup_django(Path(args.dir))
    from dayuan.news.models import Article
    from dayuan.search import index
    from dayuan.search.backends.base import Document
    from dayuan.text import tokenize

    articles = list(Article.objects.order_by("pk")[: args.articles])
    c0 = time.process_time()
    docs = [index.document_for(a, []) for a in articles]
    words_and_pairs_s = time.process_time() - c0
    c0 = time.process_time()
    for a in articles:
        tokenize.grams(a.title), tokenize.grams(index.plain_text(a.body))
    pairs_s = time.process_time() - c0
    db = sqlite3.connect(":memory:")
    fields = Document.FIELDS
    word_rows = [(d.article_id, *(" ".join(getattr(d, f)) for f in fields)) for d in docs]
    both_rows = [(*row, *(" ".join(d.grams_of(f)) for f in fields)) for row, d in zip(word_rows, docs)]
    words = build(db, "words", fields, word_rows)
    both = build(db, "both", (*fields, *(f"{f}_g" for f in fields)), both_rows)
    n = len(docs)
    print(f"Command: `.venv/bin/python bench/search_pairs_cost.py --articles {args.articles}` ({n} articles)\n")
    print(
        "| index | tokenize CPU ms/article | FTS5 insert + optimize CPU ms/article | index data KB/article "
        "| stored content KB/article |"
    )
    print("|---|---|---|---|---|")
    for label, tok, (ins, size, content) in (
        ("words (before)", words_and_pairs_s - pairs_s, words),
        ("words + pairs", words_and_pairs_s, both),
    ):
        print(
            f"| {label} | {1000 * tok / n:.2f} | {1000 * ins / n:.2f} | {size / n / 1024:.1f} | "
            f"{content / n / 1024:.1f} |"
        )


if __name__ == "__main__":
    main()
