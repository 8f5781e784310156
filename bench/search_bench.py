"""Search benchmark: a generated Chinese corpus, index build time, query latency
next to a LIKE '%词%' baseline on the same data in the same run.

    .venv/bin/python bench/search_bench.py --articles 100000 [--dir /tmp/dayuan-bench]

The corpus is generated from a vocabulary (jieba's dictionary, sampled by its
word frequencies, with every gazetteer name mixed in), about 1,500 characters
an article; it is written to a throw-away SQLite database, never committed.
Articles are stored with bulk_create (no signals), then indexed through the
real backend (tokenize → SQLiteSearchBackend.add_many), and queried through
the real backend (search with the published-articles queryset, limit 20,
plus the total count a results page needs). The baseline is what PHP CMSes
run: title/body LIKE '%词%' for each word, newest first, limit 20, plus count.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

PUNCT = "，，，，。。、；："
PARAGRAPH_POOL = 20000


def vocabulary(size=60000):
    """The most frequent dictionary words (2+ chars) with cumulative weights."""
    import jieba

    words, weights = [], []
    path = Path(jieba.__file__).parent / "dict.txt"
    rows = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            word, freq, *_ = line.split()
            if len(word) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in word):
                rows.append((int(freq), word))
    rows.sort(reverse=True)
    for freq, word in rows[:size]:
        words.append(word)
        weights.append(freq)
    from dayuan.text import gazetteer

    for name in gazetteer.names():
        words.append(name)
        weights.append(weights[len(weights) // 50])
    return words, weights


class Generator:
    def __init__(self, words, weights, seed=7):
        self.words = words
        self.cum = []
        total = 0
        for w in weights:
            total += w
            self.cum.append(total)
        self.rng = random.Random(seed)

    def text(self, chars):
        """About ``chars`` characters: words in clauses of 4-12, with punctuation between."""
        rng = self.rng
        picks = rng.choices(self.words, cum_weights=self.cum, k=max(1, chars * 10 // 26))
        out, i = [], 0
        while i < len(picks):
            step = rng.randint(4, 12)
            out.append("".join(picks[i : i + step]))
            out.append(rng.choice(PUNCT))
            i += step
        out[-1] = "。"
        return "".join(out)


def setup_django(home):
    os.environ["DAYUAN_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dayuan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from dayuan.news.basedata import load_base_data

    load_base_data()


def build_corpus(n, gen, batch=2000):
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from dayuan.news.models import Article, Channel, Region, city_of

    regions = list(Region.objects.values_list("pk", flat=True))
    channels = list(Channel.objects.values_list("pk", flat=True))
    start = timezone.now() - datetime.timedelta(days=3650)
    rng = random.Random(11)
    # Bodies are six paragraphs drawn from a pool of generated ones: generating
    # every paragraph afresh costs more CPU than indexing on this shared machine.
    # Every body is still a different text (the tokenizer cache never hits).
    pool = [gen.text(250) for _ in range(PARAGRAPH_POOL)]
    made = Article.objects.count()
    t0, c0 = time.perf_counter(), time.process_time()
    while made < n:
        rows = []
        for i in range(made, min(n, made + batch)):
            rows.append(
                Article(
                    pk=i + 1,
                    title=gen.text(rng.randint(14, 26)),
                    summary="",
                    body="<p>" + "</p><p>".join(rng.sample(pool, 6)) + "</p>",
                    channel_id=rng.choice(channels),
                    region_id=(region := rng.choice(regions)),
                    city_id=city_of(region),
                    status=Article.Status.PUBLISHED,
                    published_at=start + datetime.timedelta(minutes=5 * i),
                )
            )
        with transaction.atomic():
            Article.objects.bulk_create(rows)
        made += len(rows)
        print(f"\r  corpus {made}/{n}", end="", file=sys.stderr)
    print(file=sys.stderr)
    return time.perf_counter() - t0, time.process_time() - c0


def paragraph_documents(verify=200):
    """document_for with each body paragraph tokenized once (the corpus draws bodies from
    a pool of paragraphs): the same Document, checked against document_for on the first
    ``verify`` articles. Tokens do not cross a paragraph: each ends in 。, where the
    segmenter and the pair index both cut."""
    from functools import lru_cache

    from dayuan.search import index
    from dayuan.search.backends.base import Document
    from dayuan.text import tokenize as tokenizer

    cut = lru_cache(maxsize=PARAGRAPH_POOL * 2)(lambda text: (tuple(index.tokens(text)), tuple(tokenizer.grams(text))))
    checked = [0]

    def document(article):
        paragraphs = [index.plain_text(p) for p in article.body.split("</p><p>")]
        body, body_grams = [], []
        for paragraph in paragraphs:
            words, pairs = cut(paragraph)
            body.extend(words)
            body_grams.extend(pairs)
        doc = Document(
            article_id=article.pk,
            title=index.tokens(article.title),
            tags=[],
            summary=index.tokens(article.summary),
            body=body,
            grams={
                "title": tokenizer.grams(article.title),
                "tags": [],
                "summary": tokenizer.grams(article.summary),
                "body": body_grams,
            },
        )
        if checked[0] < verify:
            checked[0] += 1
            if doc != index.document_for(article, []):
                raise SystemExit(f"paragraph tokens differ from document_for on article {article.pk}")
        return doc

    return document


def build_index(batch=1000, paragraph_cache=False, resume=False):
    from django.db import transaction

    from dayuan.news.models import Article
    from dayuan.search import index
    from dayuan.search.backends import get_search_backend

    document_for = paragraph_documents() if paragraph_cache else (lambda a: index.document_for(a, []))
    backend = get_search_backend()
    last = 0
    if resume:
        # continue after the last article an interrupted build indexed (ids ascend)
        last = backend._execute(f"SELECT coalesce(max({backend.key_column}), 0) FROM {backend.table}")[0]
    else:
        backend.reset_index()
    tokenize_s = write_s = 0.0
    done, total = 0, Article.objects.filter(pk__gt=last).count()
    t0, c0 = time.perf_counter(), time.process_time()
    while True:
        rows = list(Article.objects.filter(pk__gt=last).order_by("pk")[:batch])
        if not rows:
            break
        t1 = time.process_time()
        docs = [document_for(a) for a in rows]
        t2 = time.process_time()
        with transaction.atomic():
            backend.add_many(docs)
        t3 = time.process_time()
        tokenize_s += t2 - t1
        write_s += t3 - t2
        last = rows[-1].pk
        done += len(rows)
        print(f"\r  index {done}/{total}", end="", file=sys.stderr)
    t4 = time.perf_counter()
    backend.optimize()
    optimize_s = time.perf_counter() - t4
    print(file=sys.stderr)
    return {
        "total": time.perf_counter() - t0,
        "cpu": time.process_time() - c0,
        "tokenize": tokenize_s,
        "write": write_s,
        "optimize": optimize_s,
        "articles": max(done, 1),
    }


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def run_fts(queries):
    from dayuan.news.models import Article
    from dayuan.search.backends import get_search_backend
    from dayuan.search.query import parse

    backend = get_search_backend()
    times, cpu, totals = [], [], []
    for q in queries:
        t0, c0 = time.perf_counter(), time.process_time()
        # What the search page runs for a query without filters.
        hits = backend.search(parse(q), Article.objects.published(), limit=20, narrow=False)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        totals.append(hits.total)
    return times, cpu, totals


def run_like(queries):
    from django.db.models import Q

    from dayuan.news.models import Article

    times, cpu, totals = [], [], []
    for q in queries:
        t0, c0 = time.perf_counter(), time.process_time()
        qs = Article.objects.published()
        for word in q.split():
            qs = qs.filter(Q(title__contains=word) | Q(body__contains=word))
        ids = list(qs.order_by("-published_at").values_list("id", flat=True)[:20])
        total = qs.count() if len(ids) == 20 else len(ids)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        totals.append(total)
    return times, cpu, totals


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="corpus size")
    parser.add_argument("--dir", default=None, help="where the throw-away database goes (kept for reuse)")
    parser.add_argument("--queries", type=int, default=200, help="search queries per term count")
    parser.add_argument(
        "--like-queries",
        type=int,
        default=20,
        help="LIKE baseline queries per term count (0: none, for a re-run on a database measured before)",
    )
    parser.add_argument(
        "--reindex",
        action="store_true",
        help="rebuild the index from scratch (otherwise an interrupted build is continued)",
    )
    parser.add_argument(
        "--common-matches",
        type=int,
        default=None,
        help="SQLite: the backend's COMMON_MATCHES (a huge value: bm25 for every query)",
    )
    parser.add_argument(
        "--paragraph-cache",
        action="store_true",
        help="tokenize each pooled body paragraph once while building (same index, checked; "
        "the tokenize CPU figure then is not per article)",
    )
    args = parser.parse_args()

    home = Path(args.dir or tempfile.mkdtemp(prefix="dayuan-search-bench-"))
    home.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    setup_django(home)
    from django.db import connection

    from dayuan.news.models import Article
    from dayuan.search.backends import get_search_backend

    if args.common_matches is not None:
        from django.conf import settings

        settings.DAYUAN_SEARCH = {"default": {"COMMON_MATCHES": args.common_matches}}

    words, weights = vocabulary()
    gen = Generator(words, weights)
    existing = Article.objects.count()
    corpus_s = build_corpus(args.articles, gen) if existing < args.articles else None
    backend = get_search_backend()
    build = None
    resumed = 0
    if corpus_s is not None or args.reindex or backend.count() < args.articles:
        resumed = 0 if args.reindex else backend.count()
        build = build_index(paragraph_cache=args.paragraph_cache, resume=resumed > 0)
    db_file = home / "dayuan.sqlite3"
    chars = Article.objects.count()

    # Query words: sampled uniformly from the 20,000 most frequent words, so
    # the mix runs from very common (hundreds of thousands of hits) to rare.
    rng = random.Random(3)
    pool = words[:20000]
    results = {}
    for k in (1, 2, 3):
        queries = [" ".join(rng.sample(pool, k)) for _ in range(args.queries)]
        run_fts(queries[:10])  # warm the page cache
        results[k] = (run_fts(queries), run_like(queries[: args.like_queries]))

    size_mb = db_file.stat().st_size / 1e6 if db_file.exists() else 0
    lines = [
        f"Command: `.venv/bin/python bench/search_bench.py --articles {args.articles} "
        f"--queries {args.queries} --like-queries {args.like_queries}"
        f"{'' if args.common_matches is None else f' --common-matches {args.common_matches}'}"
        f"{' --paragraph-cache' if args.paragraph_cache else ''}`",
        "",
        f"Corpus: {chars:,} generated articles of about 1,500 characters (title generated per article, "
        f"body six paragraphs drawn from {PARAGRAPH_POOL:,} generated ones)"
        + (f" (SQLite file {size_mb:,.0f} MB with articles and index)." if db_file.exists() else "."),
    ]
    load = os.getloadavg()
    lines.append(
        f"Machine: {os.cpu_count()} cores, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
        "(1/5/15 min) at the end of the run: wall times include waiting for the CPU."
    )
    if corpus_s is not None:
        lines.append(f"Corpus generation + insert (bulk_create): {corpus_s[0]:.1f} s wall, {corpus_s[1]:.1f} s CPU.")
    if build and resumed:
        lines.append(
            f"Index build resumed after {resumed:,} articles indexed by an earlier run; figures of this run's part:"
        )
    if build:
        lines.append(
            f"Index build: {build['total']:.1f} s wall ({build['articles'] / build['total']:.0f} articles/s), "
            f"{build['cpu']:.1f} s CPU ({build['articles'] / build['cpu']:.0f} articles/s per core): "
            f"CPU in tokenize {build['tokenize']:.1f} s, FTS5 insert {build['write']:.1f} s; "
            f"optimize {build['optimize']:.1f} s wall."
        )
    lines += [
        "",
        f"Database: {connection.vendor}. Latency in ms, wall clock (what a reader waits, CPU contention "
        "included) and CPU time of this process ("
        + (
            "SQLite runs in-process, so this is the work itself)."
            if connection.vendor == "sqlite"
            else "the client's only: the server's work shows in the wall columns)."
        ),
        "",
        "| terms | search p50 wall | search p95 wall | search p50 CPU | search p95 CPU | median hits "
        "| LIKE p50 wall | LIKE p95 wall | LIKE p50 CPU | LIKE p95 CPU | LIKE queries |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    ms = lambda values, p: f"{percentile(values, p) * 1000:.1f}" if values else "–"  # noqa: E731
    for k, ((fts_t, fts_c, fts_n), (like_t, like_c, _)) in results.items():
        lines.append(
            f"| {k} | {ms(fts_t, 0.5)} | {ms(fts_t, 0.95)} | {ms(fts_c, 0.5)} | {ms(fts_c, 0.95)} | "
            f"{statistics.median(fts_n):.0f} | {ms(like_t, 0.5)} | {ms(like_t, 0.95)} | "
            f"{ms(like_c, 0.5)} | {ms(like_c, 0.95)} | {len(like_t)} |"
        )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
