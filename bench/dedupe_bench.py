"""Dedupe benchmark: precision and recall of reprint detection, and pipeline throughput.

    .venv/bin/python bench/dedupe_bench.py [--corpus ../shared/corpus/news-pages] [--seed 7]

Base stories: the demo articles, the collector's fixture stories and the real
pages of the corpus (their text extracted). They are split in two halves: the
first half is indexed; the second half are *negatives* (other stories, some on
the same topic: two about urban renewal in Taiyuan), plus hard negatives made
of a second-half story that quotes one paragraph of an indexed story.
*Positives* are reprints of indexed stories, rendered into HTML with another
site's chrome and put through extraction again: a new headline, a source
line, removed paragraphs, reordered paragraphs, editor lines, boilerplate,
a truncated reprint, and all of these at once.

Each query must find its own original (positive) or nothing (negative).
Printed side by side, in the same run: Dayuan's rule (MinHash LSH over
character 5-grams, decided by containment), the same candidates decided by
Jaccard, and SimHash over jieba words (the approach seen to fail), each at
several thresholds. Then throughput in pages per second of extract + dedupe +
enrich (tags, regions) on the generated pages, next to extraction alone.
"""

import argparse
import json
import os
import random
import re
import sys
import time
from hashlib import blake2b
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dayuan.settings")

import django  # noqa: E402

django.setup()

from dayuan.collect import textapi  # noqa: E402
from dayuan.collect.fetch import decode  # noqa: E402
from dayuan.text import dedupe  # noqa: E402
from tests.collect import site  # noqa: E402

EDITORS = ["（责任编辑：王明）", "责任编辑：李娜 审核：张伟", "（编辑：赵强）"]
PREFIXES = ["据{src}报道，", "【{src}讯】", "本报讯 "]
BOILER = ["更多精彩内容，请关注本网微信公众号。", "声明：本文转自网络，如有侵权请联系删除。", "点击查看更多相关新闻"]
SOURCES = ["山西新闻网", "黄河新闻网", "新华网", "人民网", "央广网"]


# --- base stories -----------------------------------------------------------


def base_stories(corpus):
    stories = []
    for row in json.loads((ROOT / "src/dayuan/portal/data/demo_articles.json").read_text("utf-8")):
        paragraphs = [line for line in row["body"] if not line.startswith("#")]
        stories.append({"key": f"demo:{row['title'][:8]}", "title": row["title"], "paragraphs": paragraphs})
    for key, story in site.STORIES.items():
        stories.append({"key": f"fixture:{key}", "title": story["title"], "paragraphs": story["paragraphs"]})
    labels = corpus / "labels.json"
    if labels.exists():
        for row in json.loads(labels.read_text("utf-8")):
            if row.get("kind") != "article":
                continue
            html, _ = decode((corpus / row["path"]).read_bytes())
            got = textapi.extract(html)
            paragraphs = [p.strip() for p in got.text.splitlines() if len(p.strip()) >= 8]
            if any(s["title"] == row["title"] for s in stories):
                continue  # the corpus holds one story twice (thepaper/2 and /4): one base story
            if len(paragraphs) >= 2:
                stories.append({"key": f"corpus:{row['path']}", "title": row["title"], "paragraphs": paragraphs})
    return stories


# --- variants ----------------------------------------------------------------


def reprint(story, how, rng):
    paras = list(story["paragraphs"])
    title = story["title"]
    src = rng.choice(SOURCES)
    n = len(paras)
    if how in ("headline", "all"):
        parts = re.split(r"[ ，：:]", title)
        title = "　".join(reversed(parts)) if len(parts) > 1 else f"关注：{title}"
    if how in ("remove", "all") and n >= 3:
        for _ in range(max(1, n // 5)):
            del paras[rng.randrange(1, len(paras))]
    if how in ("reorder", "all") and n >= 4:
        middle = paras[1:-1]
        rng.shuffle(middle)
        paras = [paras[0], *middle, paras[-1]]
    if how in ("editor", "all"):
        paras[0] = rng.choice(PREFIXES).format(src=src) + paras[0]
        paras.append(rng.choice(EDITORS))
    if how in ("boilerplate", "all"):
        paras.extend(rng.sample(BOILER, 2))
    if how == "truncate" and n >= 3:
        paras = paras[: max(2, int(n * 0.6))] + ["（未完，点击阅读全文）"]
    return {"title": title, "time": "2024-05-16 10:00", "source": src, "author": "", "paragraphs": paras}


def render(story, chrome):
    if chrome == 0:
        return site.dede_article(story)
    if chrome == 1:
        return site.pboot_article(story, "utf-8")
    return site.portal_article(story)


# --- SimHash over words (the baseline that was seen to fail) --------------------


def word_simhash(text):
    import rjieba

    vector = [0] * 64
    for word in rjieba.cut(text):
        if not word.strip() or len(word) < 2:
            continue
        h = int.from_bytes(blake2b(word.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            vector[bit] += 1 if h >> bit & 1 else -1
    return sum(1 << bit for bit in range(64) if vector[bit] > 0)


def hamming(a, b):
    return bin(a ^ b).count("1")


# --- the run -------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "news-pages"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    stories = base_stories(Path(args.corpus))
    indexed = [s for i, s in enumerate(stories) if i % 2 == 0]
    others = [s for i, s in enumerate(stories) if i % 2 == 1]
    # Keep the two Taiyuan urban-renewal stories on opposite sides: a same-topic negative.
    names = {s["key"]: s for s in stories}
    for key, side in (("fixture:taiyuan", indexed), ("fixture:taiyuan2", others)):
        story = names[key]
        for group in (indexed, others):
            if story in group:
                group.remove(story)
        side.append(story)

    hows = ["headline", "remove", "reorder", "editor", "boilerplate", "truncate", "all"]
    pages = []  # (html, expected key or None, label)
    for story in indexed:
        for i, how in enumerate(hows):
            pages.append((render(reprint(story, how, rng), (i % 2) + 1), story["key"], how))
    for story in others:
        pages.append(
            (
                render({**story, "time": "2024-01-01 08:00", "source": "某地新闻网", "author": ""}, 0),
                None,
                "other story",
            )
        )
        quoted = rng.choice(indexed)
        mixed = {
            **story,
            "paragraphs": story["paragraphs"] + [rng.choice(quoted["paragraphs"])],
            "time": "2024-01-01 08:00",
            "source": "某地新闻网",
            "author": "",
        }
        pages.append((render(mixed, 2), None, "quotes one paragraph"))

    # Extraction of every generated page (timed alone: the throughput baseline).
    started = time.perf_counter()
    extracted = [textapi.extract(html, url="https://example.com/a/1.html") for html, _, _ in pages]
    extract_seconds = time.perf_counter() - started

    # Index the originals (their text as stored).
    index_texts = {s["key"]: "\n".join(s["paragraphs"]) for s in indexed}
    index = dedupe.DedupeIndex(threshold=0.0)
    for key, text in index_texts.items():
        index.add(key, text)
    shingle_sets = {key: dedupe.shingles(text) for key, text in index_texts.items()}
    simhashes = {key: word_simhash(text) for key, text in index_texts.items()}

    rows = []  # (expected, label, best_containment_key, containment, jaccard, simhash_key, distance)
    for (_html, expected, label), got in zip(pages, extracted, strict=True):
        sh = dedupe.shingles(got.text)
        sig = dedupe.minhash(sh)
        best = (None, 0.0, 0.0)
        for key in index.candidates(sig):
            c, j = dedupe.containment(sh, shingle_sets[key]), dedupe.jaccard(sh, shingle_sets[key])
            if c > best[1]:
                best = (key, c, j)
        sim = word_simhash(got.text)
        near = min(simhashes, key=lambda k: hamming(sim, simhashes[k]))
        rows.append((expected, label, *best, near, hamming(sim, simhashes[near])))

    def score(decide):
        tp = fp = fn = tn = 0
        for row in rows:
            found = decide(row)
            if row[0] is None:
                fp, tn = fp + (found is not None), tn + (found is None)
            elif found == row[0]:
                tp += 1
            else:
                fn += 1
                fp += found is not None  # matched the wrong story
        precision = tp / (tp + fp) if tp + fp else 1.0
        return precision, tp / (tp + fn), tp, fp, fn

    print(f"# Dedupe benchmark (seed {args.seed})\n")
    print(f"command: .venv/bin/python bench/dedupe_bench.py --seed {args.seed}")
    n_pos = sum(r[0] is not None for r in rows)
    print(
        f"base stories: {len(stories)} ({len(indexed)} indexed); queries: {n_pos} reprints, "
        f"{len(rows) - n_pos} negatives (other stories incl. same topic, and stories quoting one paragraph)\n"
    )
    print("| method | threshold | precision | recall | TP | FP | FN |")
    print("|---|---|---|---|---|---|---|")
    floor = dedupe.MIN_JACCARD
    for t in (0.5, 0.6, 0.7):
        p, r, tp, fp, fn = score(lambda row, t=t: row[2] if row[3] >= t and row[4] >= floor else None)
        mark = " **(Dayuan)**" if t == dedupe.CONTAINMENT_THRESHOLD else ""
        print(
            f"| MinHash LSH, char 5-grams, containment and Jaccard ≥ {floor}{mark} | {t} | {p:.3f} | {r:.3f} "
            f"| {tp} | {fp} | {fn} |"
        )
    for t in (0.4, 0.5, 0.6, 0.7, 0.8):
        p, r, tp, fp, fn = score(lambda row, t=t: row[2] if row[3] >= t else None)
        print(f"| same candidates, containment only | {t} | {p:.3f} | {r:.3f} | {tp} | {fp} | {fn} |")
    for t in (0.3, 0.5, 0.7):
        p, r, tp, fp, fn = score(lambda row, t=t: row[2] if row[4] >= t else None)
        print(f"| same candidates, Jaccard | {t} | {p:.3f} | {r:.3f} | {tp} | {fp} | {fn} |")
    for d in (3, 6, 10):
        p, r, tp, fp, fn = score(lambda row, d=d: row[5] if row[6] <= d else None)
        print(f"| SimHash over jieba words (baseline) | distance ≤ {d} | {p:.3f} | {r:.3f} | {tp} | {fp} | {fn} |")

    positives = [r[3] for r in rows if r[0] is not None and r[2] == r[0]]
    # Negatives against every indexed story, not only the LSH candidates: the real margin.
    negatives, negative_jaccard = [], []
    for (_, expected, label), got in zip(pages, extracted, strict=True):
        if expected is None:
            sh = dedupe.shingles(got.text)
            key = max(shingle_sets, key=lambda k: dedupe.containment(sh, shingle_sets[k]))
            negatives.append(dedupe.containment(sh, shingle_sets[key]))
            negative_jaccard.append((negatives[-1], dedupe.jaccard(sh, shingle_sets[key]), label, key))
    print(
        f"\ncontainment of reprints with their original: min {min(positives):.3f}, "
        f"median {sorted(positives)[len(positives) // 2]:.3f}"
    )
    print(
        f"best containment of a negative with any indexed story (exhaustive): max {max(negatives, default=0):.3f}, "
        f"median {sorted(negatives)[len(negatives) // 2]:.3f}"
    )
    print(
        "closest negatives (containment, jaccard, kind, indexed story): "
        + "; ".join(f"{c:.2f} {j:.2f} {lab} {k}" for c, j, lab, k in sorted(negative_jaccard, reverse=True)[:3])
    )
    low = min((r for r in rows if r[0] is not None and r[2] == r[0]), key=lambda r: r[4])
    print(f"lowest reprint Jaccard: {low[4]:.3f} ({low[1]}, {low[0]})")
    print(
        "lowest reprint scores by variant: "
        + ", ".join(
            f"{how} {min((r[3] for r in rows if r[1] == how and r[0] is not None), default=0):.2f}" for how in hows
        )
    )
    missed = [
        (r[1], r[0]) for r in rows if r[0] is not None and not (r[2] == r[0] and r[3] >= dedupe.CONTAINMENT_THRESHOLD)
    ]
    if missed:
        print(f"missed at {dedupe.CONTAINMENT_THRESHOLD}: {missed}")
    false = [(r[1], r[2], round(r[3], 3)) for r in rows if r[0] is None and r[3] >= dedupe.CONTAINMENT_THRESHOLD]
    if false:
        print(f"negatives matched at {dedupe.CONTAINMENT_THRESHOLD}: {false}")

    if os.environ.get("NO_SPEED"):
        return
    # Throughput: extract + dedupe + enrich, fetch-free.
    idf = textapi.build_idf(["\n".join(s["paragraphs"]) for s in stories])
    textapi.extract_tags("预热", "预热分词器", idf=idf)  # load the segmenter outside the timing
    started = time.perf_counter()
    live = dedupe.DedupeIndex()
    for i, (html, _, _) in enumerate(pages):
        got = textapi.extract(html, url="https://example.com/a/1.html")
        if live.find(got.text) is None:
            live.add(i, got.text)
        textapi.extract_tags(got.title, got.text, k=5, idf=idf)
        textapi.classify_regions(got.title, got.text)
    full_seconds = time.perf_counter() - started
    print(f"\nthroughput on {len(pages)} generated pages (one process, 2-core machine shared with other jobs):")
    print(f"  extract alone:                  {len(pages) / extract_seconds:6.1f} pages/s")
    print(f"  extract + dedupe + tags + region: {len(pages) / full_seconds:6.1f} pages/s")


if __name__ == "__main__":
    main()
