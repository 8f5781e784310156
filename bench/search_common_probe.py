"""Queries of very common words on a search_bench.py database: bm25 for every query against the
window ranking (the SQLite backend's default), CPU ms of the best of 3 runs per query.

    .venv/bin/python bench/search_common_probe.py --dir /work/bench-search/sq100k

The query mix of search_bench.py draws words uniformly from the 20,000 most frequent, so
pairs of the very commonest words (in most articles) are rare in it; this probe names them.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
# (rank of word 1, rank of word 2) in the vocabulary: from both very common to common + rare.
PAIRS = [(0, 1), (2, 5), (10, 3000), (50, 60), (100, 5000), (1, 15000), (500, 800)]
SETTINGS = {"bm25 for every query": {"COMMON_MATCHES": 10**9}, "default (window when common)": {}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    os.environ["DAYUAN_HOME"] = args.dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dayuan.settings")
    import django

    django.setup()
    import search_bench
    from django.conf import settings

    from dayuan.news.models import Article
    from dayuan.search.backends import get_search_backend, reset_backends
    from dayuan.search.query import parse

    words, _ = search_bench.vocabulary()
    queries = [f"{words[i]} {words[j]}" for i, j in PAIRS]
    backend = get_search_backend()
    counts = [" / ".join(str(backend.match_count(parse(w), 10**7)) for w in q.split()) for q in queries]
    print(f"{Article.objects.count():,} articles. CPU ms, best of 3.\n")
    print("| ranking | " + " | ".join(f"{q} ({n})" for q, n in zip(queries, counts)) + " |")
    print("|---|" + "---|" * len(queries))
    for label, params in SETTINGS.items():
        settings.DAYUAN_SEARCH = {"default": params}
        reset_backends()
        backend = get_search_backend()
        row = []
        for q in queries:
            best = float("inf")
            for _ in range(3):
                c0 = time.process_time()
                backend.search(parse(q), Article.objects.published(), limit=20, narrow=False)
                best = min(best, time.process_time() - c0)
            row.append(f"{best * 1000:.1f}")
        print(f"| {label} | " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
