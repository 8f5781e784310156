"""Extraction quality and speed on both dev corpora: Dayuan beside trafilatura and GNE.

    .venv/bin/python bench/extract_eval.py [--leave-one-site-out] [--gne-python /tmp/gne-venv/bin/python]

news-pages (../shared/corpus/news-pages, pages of kind `article`), four checks a page:
  title  equals the gold headline (whitespace ignored)
  date   equals the gold time to the minute (to the day when the gold has no time)
  body   contains the gold first and last snippets
  clean  contains none of the gold must_not strings
cwce (../shared/corpus/cwce), the corpus README's rule:
  body   character-multiset precision/recall/F1 against the gold text, whitespace
         removed; a page is good at F1 >= 0.9
  date   same day, same minute when the gold has a time (same month or year when the
         gold gives no more); pages whose gold date is null are not counted, a gold
         that is not a date (a label error) counts as a miss for every extractor

--without-names: Dayuan also on each page with its class and id attributes removed (see
without_names), the in-sample numbers; a lower score there is what rests on sites' names.

--leave-one-site-out: the tunable numbers (dayuan.text.tuning.GRID) are chosen by a
grid search on all sites but one, and that site's pages are scored with them; each
site in turn. The in-sample figure uses the numbers chosen on every site.

Throughput: extract + dedupe (MinHash LSH) + enrich (tags, regions) over every page of
both corpora in this process on one core, beside trafilatura alone on the same pages.
"""

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dayuan.text import dedupe, tuning  # noqa: E402
from dayuan.text.decode import decode_html  # noqa: E402
from dayuan.text.extract import ExtractError, extract_any  # noqa: E402
from dayuan.text.keywords import extract_tags  # noqa: E402
from dayuan.text.regions import classify_regions  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
CHECKS = ("title", "date", "body", "clean")
SPACES = re.compile(r"\s+")
GOOD_F1 = 0.9
# news-pages keeps each site in a folder; as a domain it is the same site as in cwce
FOLDER_SITES = {
    "163": "163.com",
    "sina": "sina.com.cn",
    "toutiao": "toutiao.com",
    "thepaper": "thepaper.cn",
    "ifeng": "ifeng.com",
    "baijiahao": "baidu.com",
}
GNE_SCRIPT = """
import json, sys
from gne import GeneralNewsExtractor
extractor = GeneralNewsExtractor()
for line in sys.stdin:
    item = json.loads(line)
    try:
        got = extractor.extract(item["html"])
        out = {"title": got.get("title") or "", "date": got.get("publish_time") or "",
               "text": got.get("content") or "", "author": got.get("author") or ""}
    except Exception as exc:
        out = {"title": "", "date": "", "text": "", "author": "", "error": repr(exc)}
    print(json.dumps(out, ensure_ascii=False), flush=True)
"""


def squeeze(text):
    return SPACES.sub("", text or "")


# --- loading the corpora ------------------------------------------------------------


def load_pages(news_dir, cwce_dir):
    """[{corpus, site, path, label}] for every scored page of the corpora that exist."""
    pages = []
    if (news_dir / "labels.json").exists():
        for label in json.loads((news_dir / "labels.json").read_text("utf-8")):
            if label.get("kind", "article") != "article":
                continue
            folder = label["path"].split("/")[0]
            pages.append(
                {
                    "corpus": "news-pages",
                    "site": FOLDER_SITES.get(folder, folder),
                    "path": news_dir / label["path"],
                    "label": label,
                }
            )
    if (cwce_dir / "labels.json").exists():
        for label in json.loads((cwce_dir / "labels.json").read_text("utf-8")):
            pages.append({"corpus": "cwce", "site": label["site"], "path": cwce_dir / label["page"], "label": label})
    for page in pages:
        page["data"] = page["path"].read_bytes()
    return pages


# --- scoring --------------------------------------------------------------------------

DATE_PARTS = re.compile(r"(\d{4})(?:\D+(\d{1,2}))?(?:\D+(\d{1,2}))?(?:\D+(\d{1,2})\D+(\d{1,2}))?")


def date_parts(value):
    """(y, m, d, H, M) with None for what is missing; None when value holds no date."""
    match = DATE_PARTS.match((value or "").strip())
    if not match:
        return None
    return tuple(int(g) if g else None for g in match.groups())


def date_ok(gold, got):
    gold_parts, got_parts = date_parts(gold), date_parts(got)
    if gold_parts is None or got_parts is None:
        return False
    return all(g is None or g == o for g, o in zip(gold_parts, got_parts))


def body_f1(predicted, gold):
    predicted, gold = Counter(squeeze(predicted)), Counter(squeeze(gold))
    shared = sum((predicted & gold).values())
    if not shared:
        return 0.0
    precision, recall = shared / sum(predicted.values()), shared / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def score(page, got):
    """{check: value} for one page; got is {title, date ('YYYY-MM-DD HH:MM'), text, author}."""
    label = page["label"]
    text = squeeze(got["text"])
    if page["corpus"] == "news-pages":
        result = {
            "title": squeeze(got["title"]) == squeeze(label["title"]),
            "date": date_ok(label["published"], got["date"]),
            "body": squeeze(label["first"]) in text and squeeze(label["last"]) in text,
            "clean": bool(text) and not any(squeeze(m) in text for m in label["must_not"]),
        }
        result["good"] = all(result[c] for c in CHECKS)
        return result
    f1 = body_f1(got["text"], label["text"])
    result = {"f1": f1, "good": f1 >= GOOD_F1}
    if label["published"] is not None:
        result["date"] = date_ok(label["published"], got["date"])
    return result


def merit(results):
    """What the grid search maximises on training pages: good pages, then dates, then F1."""
    return (
        sum(r["good"] for r in results),
        sum(r.get("date", False) for r in results),
        sum(r.get("f1", 0.0) for r in results),
    )


# --- the extractors ---------------------------------------------------------------------


def dayuan_fields(page, tune):
    try:
        article = extract_any(page["data"], tuning=tune)
    except ExtractError:
        return {"title": "", "date": "", "text": "", "author": ""}
    date = article.published.strftime("%Y-%m-%d %H:%M") if article.published else ""
    return {"title": article.title, "date": date, "text": article.text, "author": article.author}


def trafilatura_fields(html):
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%d %H:%M"},
    )
    if document is None:
        return {"title": "", "date": "", "text": "", "author": ""}
    return {
        "title": document.title or "",
        "date": document.date or "",
        "text": document.text or "",
        "author": document.author or "",
    }


def run_gne(python, htmls):
    """GNE's fields for each page, from its own (throw-away) virtualenv; and seconds."""
    payload = "".join(json.dumps({"html": html}, ensure_ascii=False) + "\n" for html in htmls)
    started = time.perf_counter()
    completed = subprocess.run([python, "-c", GNE_SCRIPT], input=payload, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"GNE failed ({completed.returncode}):\n{completed.stderr[-2000:]}")
    results = [json.loads(line) for line in completed.stdout.splitlines() if line.strip()]
    for result in results:
        result["date"] = str(result["date"])
    return results, seconds


NAME_ATTRIBUTE = re.compile(r"""\s(?:class|id)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I)


def without_names(html):
    """The page with its class and id attributes taken out: what is left to go on is structure,
    text and Chinese patterns. The score on these pages against the score on the real ones
    measures how much of the result leans on how sites name their parts (trafilatura reads
    names such as "comment" and "footer"; Dayuan's own rules read only the generic "title",
    "author" and "byline", never a site's own names)."""
    return NAME_ATTRIBUTE.sub("", html)


# --- in-sample and leave-one-site-out ------------------------------------------------------


def score_grid(pages, candidates):
    """{candidate index: [result per page]} for every Tuning of the grid."""
    return {i: [score(page, dayuan_fields(page, tune)) for page in pages] for i, tune in enumerate(candidates)}


def choose(grid_results, indices, default_index):
    """The grid index with the best merit on the given pages (the default wins ties)."""

    def key(i):
        return (merit([grid_results[i][j] for j in indices]), i == default_index)

    return max(grid_results, key=key)


def leave_one_site_out(pages, grid_results, default_index):
    """[result per page], each scored with the Tuning chosen without its site; and choices."""
    held_out, choices = [None] * len(pages), {}
    for site in dict.fromkeys(page["site"] for page in pages):
        train = [j for j, page in enumerate(pages) if page["site"] != site]
        chosen = choose(grid_results, train, default_index)
        choices[site] = chosen
        for j, page in enumerate(pages):
            if page["site"] == site:
                held_out[j] = grid_results[chosen][j]
    return held_out, choices


# --- throughput -------------------------------------------------------------------------------


def throughput(pages, htmls):
    """(Dayuan extract+dedupe+enrich pages/s, trafilatura alone pages/s) on one core."""
    extract_tags("预热", "预热分词器")  # load the segmenter outside the timing
    classify_regions("预热", "太原")
    started = time.process_time()
    index = dedupe.DedupeIndex()
    for i, page in enumerate(pages):
        try:
            article = extract_any(page["data"])
        except ExtractError:
            continue
        shingle_set = dedupe.shingles(article.text)  # once, as the collector does
        signature = dedupe.minhash(shingle_set)
        if index.find(article.text, signature=signature, shingle_set=shingle_set) is None:
            index.add(i, signature=signature, shingle_set=shingle_set)
        extract_tags(article.title, article.text, k=5)
        classify_regions(article.title, article.text)
    ours = len(pages) / (time.process_time() - started)
    started = time.process_time()
    for html in htmls:
        trafilatura_fields(html)
    theirs = len(pages) / (time.process_time() - started)
    return ours, theirs


# --- report ------------------------------------------------------------------------------------


def summary(pages, results, corpus):
    rows = [(p, r) for p, r in zip(pages, results) if p["corpus"] == corpus]
    if corpus == "news-pages":
        out = {c: sum(r[c] for _, r in rows) for c in CHECKS}
        out["all four"] = sum(r["good"] for _, r in rows)
        return out, len(rows)
    dated = [r for _, r in rows if "date" in r]
    return {
        "good (F1 >= 0.9)": sum(r["good"] for _, r in rows),
        "mean body F1": sum(r["f1"] for _, r in rows) / max(1, len(rows)),
        "date": f"{sum(r['date'] for r in dated)}/{len(dated)}",
    }, len(rows)


def print_table(pages, columns):
    for corpus in ("news-pages", "cwce"):
        firsts = [summary(pages, results, corpus) for _, results in columns]
        if not firsts[0][1]:
            print(f"\n{corpus}: corpus absent, skipped")
            continue
        count = firsts[0][1]
        print(f"\n{corpus}: {count} pages\n")
        print("| check | " + " | ".join(name for name, _ in columns) + " |")
        print("|---|" + "---|" * len(columns))
        for check in firsts[0][0]:
            cells = []
            for figures, _ in firsts:
                value = figures[check]
                cells.append(
                    f"{value:.3f}"
                    if isinstance(value, float)
                    else value
                    if isinstance(value, str)
                    else f"{value}/{count}"
                )
            print(f"| {check} | " + " | ".join(cells) + " |")


def print_failures(pages, results, grid_fields):
    for page, result, got in zip(pages, results, grid_fields):
        if result["good"] and result.get("date", True):
            continue
        detail = " ".join(
            f"{k}={'ok' if v else 'FAIL'}" if isinstance(v, bool) else f"{k}={v:.3f}"
            for k, v in result.items()
            if k != "good"
        )
        print(
            f"  {page['corpus']}/{page['path'].name} ({page['site']}): {detail}"
            f"  date={got['date'] or '-'} gold={page['label']['published']} title={got['title'][:30]}"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--news-pages", type=Path, default=SHARED / "news-pages", help="news-pages folder")
    parser.add_argument("--cwce", type=Path, default=SHARED / "cwce", help="cwce folder")
    parser.add_argument(
        "--leave-one-site-out", action="store_true", help="also score each site with numbers chosen on the other sites"
    )
    parser.add_argument(
        "--gne-python", metavar="PATH", help="a Python with GNE 0.4 installed (e.g. /tmp/gne-venv/bin/python)"
    )
    parser.add_argument(
        "--without-names",
        action="store_true",
        help="also score Dayuan on the pages with every class and id attribute removed",
    )
    parser.add_argument("--no-speed", action="store_true", help="skip the throughput run")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every page that fails")
    args = parser.parse_args(argv)

    pages = load_pages(args.news_pages, args.cwce)
    if not pages:
        sys.exit("no corpus found (give --news-pages / --cwce)")
    htmls = [decode_html(page["data"]) for page in pages]
    candidates = tuning.grid() if args.leave_one_site_out else [tuning.DEFAULT]
    default_index = candidates.index(tuning.DEFAULT) if tuning.DEFAULT in candidates else 0
    grid_results = score_grid(pages, candidates)
    chosen = choose(grid_results, range(len(pages)), default_index)
    columns = [("Dayuan in-sample", grid_results[chosen])]
    if args.leave_one_site_out:
        held_out, choices = leave_one_site_out(pages, grid_results, default_index)
        columns.append(("Dayuan leave-one-site-out", held_out))
    if args.without_names:
        bare = [{**page, "data": without_names(html)} for page, html in zip(pages, htmls)]
        columns.append(("Dayuan, no class/id", [score(p, dayuan_fields(p, candidates[chosen])) for p in bare]))
    traf = [trafilatura_fields(html) for html in htmls]
    columns.append(("trafilatura", [score(p, g) for p, g in zip(pages, traf)]))
    if args.gne_python:
        gne, gne_seconds = run_gne(args.gne_python, htmls)
        columns.append(("GNE", [score(p, g) for p, g in zip(pages, gne)]))

    command = "python bench/extract_eval.py " + " ".join(sys.argv[1:] if argv is None else argv)
    print(f"`{command}`")
    print_table(pages, columns)
    if args.leave_one_site_out:
        print(
            f"\nin-sample tuning: {candidates[chosen]}"
            f"{' (the default)' if chosen == default_index else ' (NOT the default)'}"
        )
        merits = sorted(merit(results)[:2] for results in grid_results.values())
        print(
            f"grid: {len(candidates)} settings of {', '.join(tuning.GRID)}; (good pages, right dates) "
            f"over all pages from {merits[0]} (worst setting) to {merits[-1]} (best)"
        )
        moved = {site: candidates[i] for site, i in choices.items() if i != chosen}
        print(f"sites whose held-out tuning differs from the in-sample one: {len(moved)} of {len(choices)}")
    if args.verbose:
        print("\nDayuan (in-sample) pages not good:")
        print_failures(pages, grid_results[chosen], [dayuan_fields(p, candidates[chosen]) for p in pages])
    if not args.no_speed:
        ours, theirs = throughput(pages, htmls)
        print(
            f"\nthroughput over {len(pages)} pages, one core (CPU time): Dayuan extract + dedupe + "
            f"enrich {ours:.1f} pages/s; trafilatura alone {theirs:.1f} pages/s"
            + (f"; GNE {len(pages) / gne_seconds:.1f} pages/s (wall, own process)" if args.gne_python else "")
        )


if __name__ == "__main__":
    main()
