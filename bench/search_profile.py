"""Where a search's time goes: search_bench.py's query mix, each query's SQL statements timed.

    .venv/bin/python bench/search_profile.py --dir /work/runs/search/sq200k [--terms 2] [--queries 200]

Runs the queries search_bench.py runs (same vocabulary, same random draws) through the
real backend on a search_bench.py database, with a Django execute wrapper timing every
statement (wall and CPU of the process: SQLite runs in it). Statements are grouped by
what they do in the SQLite backend: the per-term counts to COMMON_MATCHES, bm25's top,
the window (newest matches), its stored-text read, the candidates check, the total count.
Prints each group's share of all queries and of the slowest 5 % (the p95 tail).
"""

import argparse
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def kind_of(sql, params):
    if "rank MATCH" in sql:
        return "bm25 top"
    if "ORDER BY rowid DESC" in sql:
        return "window ids"
    if "_content AS c" in sql:
        return "window text"
    if "max(id)" in sql or "fts_stat" in sql:
        return "window total"
    if "count(*)" in sql and "MATCH" in sql:
        return "total count" if params and params[-1] > 10_000 else "term count"
    if "json_each" in sql:
        return "candidates"
    return "other"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--terms", type=int, default=2)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--common-matches", type=int, default=None)
    parser.add_argument("--show", type=int, default=12, help="slowest queries listed")
    args = parser.parse_args()
    os.environ["DAYUAN_HOME"] = args.dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dayuan.settings")
    import django

    django.setup()
    import search_bench
    from django.conf import settings
    from django.db import connection

    from dayuan.news.models import Article
    from dayuan.search.backends import get_search_backend
    from dayuan.search.query import parse

    if args.common_matches is not None:
        settings.DAYUAN_SEARCH = {"default": {"COMMON_MATCHES": args.common_matches}}
    words, _ = search_bench.vocabulary()
    rng = random.Random(3)
    pool = words[:20000]
    for k in range(1, args.terms + 1):  # the same draws as search_bench.py
        queries = [" ".join(rng.sample(pool, k)) for _ in range(args.queries)]
    backend = get_search_backend()
    spent = []  # per query: {kind: [wall, cpu, n]}

    last = [None]

    def wrapper(execute, sql, params, many, context):
        t0, c0 = time.perf_counter(), time.process_time()
        last[0] = cell = spent[-1][kind_of(sql, params)]
        try:
            return execute(sql, params, many, context)
        finally:
            cell[0] += time.perf_counter() - t0
            cell[1] += time.process_time() - c0
            cell[2] += 1

    def timed_fetch(name):
        # SQLite steps a statement's rows as they are fetched: that time is the statement's too.
        def fetch(self, *args):
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                return getattr(self.cursor, name)(*args)
            finally:
                if last[0] is not None:
                    last[0][0] += time.perf_counter() - t0
                    last[0][1] += time.process_time() - c0

        return fetch

    from django.db.backends.utils import CursorWrapper

    for name in ("fetchone", "fetchall", "fetchmany"):
        setattr(CursorWrapper, name, timed_fetch(name))

    def run(q):
        spent.append(defaultdict(lambda: [0.0, 0.0, 0]))
        t0, c0 = time.perf_counter(), time.process_time()
        hits = backend.search(parse(q), Article.objects.published(), limit=20, narrow=False)
        return time.perf_counter() - t0, time.process_time() - c0, hits.total

    with connection.execute_wrapper(wrapper):
        for q in queries[:10]:
            run(q)
        spent.clear()
        rows = [(q, *run(q)) for q in queries]
    n = len(rows)
    order = sorted(range(n), key=lambda i: rows[i][2])
    tail = order[int(n * 0.95) :]
    print(f"{Article.objects.count():,} articles, {n} queries of {args.terms} terms; load {os.getloadavg()[0]:.1f}")
    cpu = sorted(r[2] for r in rows)
    wall = sorted(r[1] for r in rows)
    print(
        f"CPU p50 {search_bench.percentile(cpu, 0.5) * 1000:.1f} p95 {search_bench.percentile(cpu, 0.95) * 1000:.1f} ms; "
        f"wall p50 {search_bench.percentile(wall, 0.5) * 1000:.1f} p95 {search_bench.percentile(wall, 0.95) * 1000:.1f} ms"
    )
    kinds = sorted({k for s in spent for k in s})
    print("\n| statement | runs | all: CPU ms/query | share | tail 5 %: CPU ms/query | share |")
    print("|---|---|---|---|---|---|")
    total_all = sum(r[2] for r in rows)
    total_tail = sum(rows[i][2] for i in tail)
    for k in [*kinds, "python (rest)"]:
        if k == "python (rest)":
            a = total_all - sum(s[x][1] for s in spent for x in kinds)
            t = total_tail - sum(spent[i][x][1] for i in tail for x in kinds)
            runs = ""
        else:
            a = sum(s[k][1] for s in spent if k in s)
            t = sum(spent[i][k][1] for i in tail if k in spent[i])
            runs = sum(s[k][2] for s in spent if k in s)
        print(
            f"| {k} | {runs} | {a / n * 1000:.2f} | {a / total_all:.0%} | {t / len(tail) * 1000:.2f} | {t / total_tail:.0%} |"
        )
    print(f"\nSlowest {args.show} by CPU (ms; term counts capped):")
    for i in reversed(order[-args.show :]):
        q, w, c, total = rows[i]
        counts = [backend.match_count(parse(t), 10**7) for t in q.split()]
        parts = ", ".join(f"{k} {v[1] * 1000:.1f}" for k, v in sorted(spent[i].items(), key=lambda kv: -kv[1][1]))
        print(
            f"  {q} ({' / '.join(map(str, counts))}; total {total}): {c * 1000:.1f} CPU, {w * 1000:.1f} wall: {parts}"
        )


if __name__ == "__main__":
    main()
