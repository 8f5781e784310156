"""Extraction quality on labelled news pages: Dayuan's `dayuan extract` against trafilatura alone.

    .venv/bin/python bench/extract_eval.py ../shared/corpus/news-pages ../shared/corpus/news-pages/labels.json

For every page with kind `article` it checks four things and prints the counts:
  title  the extracted title equals the gold headline (whitespace ignored)
  date   the publish time equals the gold one to the minute (to the day when the
         gold label has no time)
  body   the text contains the gold first and last body snippets
  clean  the text contains none of the gold must_not strings (chrome, related
         lists, comments, copyright)
  all    all four at once
  author (shown for information, not a goal) the author/source line equals the gold one
Pages of kind `other` (a gallery, not one article) are not counted; they are listed
with what each extractor made of them. trafilatura runs in this process with its
metadata and date extraction on (date to the minute where it can find one).
"""

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

CHECKS = ("title", "date", "body", "clean")
SPACES = re.compile(r"\s+")


def squeeze(text):
    return SPACES.sub("", text or "")


def score(label, title, published, text, author=""):
    """{check: bool} for one page; published is 'YYYY-MM-DD HH:MM' (or a prefix) or ''."""
    text = squeeze(text)
    gold_date = label["published"]
    result = {
        "title": squeeze(title) == squeeze(label["title"]),
        "date": bool(published) and published[:len(gold_date)] == gold_date,
        "body": squeeze(label["first"]) in text and squeeze(label["last"]) in text,
        "clean": bool(text) and not any(squeeze(m) in text for m in label["must_not"]),
    }
    result["all"] = all(result[c] for c in CHECKS)
    result["author"] = bool(author) and squeeze(author) == squeeze(label.get("author"))
    return result


def run_dayuan(paths):
    """One `dayuan extract --json` run over every page; returns ({path: object}, seconds)."""
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "dayuan", "extract", "--json", *map(str, paths)],
        capture_output=True, text=True, check=False,
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"dayuan extract failed ({completed.returncode}):\n{completed.stderr}")
    results = {}
    for line in completed.stdout.splitlines():
        if line.strip():
            item = json.loads(line)
            results[item["source"]] = item
    return results, elapsed


def dayuan_fields(item):
    published = ""
    if item.get("published"):
        published = item["published"][:16].replace("T", " ")
    return item.get("title", ""), published, item.get("text", ""), item.get("author") or ""


def run_trafilatura(path):
    import trafilatura

    html = path.read_text(encoding="utf-8", errors="replace")
    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False,
        date_extraction_params={"extensive_search": True, "original_date": True,
                                "outputformat": "%Y-%m-%d %H:%M"},
    )
    if document is None:
        return "", "", "", ""
    return document.title or "", document.date or "", document.text or "", document.author or ""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dir", type=Path, help="folder with the pages (paths in labels are relative to it)")
    parser.add_argument("labels", type=Path, help="labels.json")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every page's checks")
    args = parser.parse_args(argv)

    labels = json.loads(args.labels.read_text(encoding="utf-8"))
    paths = [args.dir / label["path"] for label in labels]
    dayuan, dayuan_seconds = run_dayuan(paths)

    totals = {name: dict.fromkeys((*CHECKS, "all", "author"), 0) for name in ("Dayuan", "trafilatura")}
    counted, others = 0, []
    trafilatura_seconds = 0.0
    for label, path in zip(labels, paths, strict=True):
        item = dayuan.get(str(path), {"error": "no output"})
        ours = score(label, *dayuan_fields(item)) if "error" not in item else dict.fromkeys((*CHECKS, "all", "author"), False)
        started = time.perf_counter()
        theirs = score(label, *run_trafilatura(path))
        trafilatura_seconds += time.perf_counter() - started
        if label.get("kind", "article") != "article":
            others.append((label, item, ours, theirs))
            continue
        counted += 1
        for name, checks in (("Dayuan", ours), ("trafilatura", theirs)):
            for check, ok in checks.items():
                totals[name][check] += ok
        if args.verbose or not ours["all"]:
            flags = " ".join(f"{c}={'ok' if ours[c] else 'FAIL'}" for c in CHECKS)
            print(f"  {label['path']}: {flags}" + (f"  error: {item['error']}" if "error" in item else ""))

    command = "python bench/extract_eval.py " + " ".join(sys.argv[1:] if argv is None else argv)
    print(f"\n`{command}`\n")
    print(f"{counted} article pages (kind `article`); {len(others)} page(s) of kind `other` not counted.\n")
    print("| check | Dayuan | trafilatura alone |")
    print("|---|---|---|")
    for check in (*CHECKS, "all", "author"):
        name = {"all": "all four", "author": "author (not a goal)"}.get(check, check)
        print(f"| {name} | {totals['Dayuan'][check]}/{counted} "
              f"| {totals['trafilatura'][check]}/{counted} |")
    print(f"\nTime: `dayuan extract` over {len(paths)} pages {dayuan_seconds:.1f} s in one process "
          f"(including Django start-up); trafilatura alone {trafilatura_seconds:.1f} s.")
    for label, item, ours, theirs in others:
        print(f"\n`other` page {label['path']}: Dayuan "
              + (f"error: {item['error']}" if "error" in item else
                 f"title={'ok' if ours['title'] else 'no'} date={'ok' if ours['date'] else 'no'} "
                 f"body={'ok' if ours['body'] else 'no'} ({len(item.get('text', ''))} chars)")
              + f"; trafilatura title={'ok' if theirs['title'] else 'no'} body={'ok' if theirs['body'] else 'no'}")


if __name__ == "__main__":
    main()
