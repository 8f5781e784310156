"""Extraction on pages no corpus holds: the portal's own article pages, as a reader gets them.

    .venv/bin/python bench/extract_portal.py [--port 8411]

Creates a demo site (`dayuan init --demo`) in a temporary DAYUAN_HOME, serves it
(`dayuan serve --no-worker`), fetches every published article's page and scores what
`dayuan.text.extract` finds against the stored article: title equal, publish time
within a minute, body character F1 (as bench/extract_eval.py scores cwce). A second pass
strips the page's machine-readable marks (schema.org itemprop, <time datetime>), as on a
site that has none, so the text rules alone are measured.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.extract_eval import body_f1  # noqa: E402
from tests.processes import stop  # noqa: E402

DAYUAN = str(ROOT / ".venv" / "bin" / "dayuan")
MARKS = re.compile(rb'\sitemprop="[A-Za-z]+"|\sdatetime="[^"]*"')


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            return urllib.request.urlopen(url, timeout=5).read()
        except OSError:
            time.sleep(0.5)
    sys.exit(f"no answer from {url}")


def stored_articles():
    import django

    django.setup()
    import lxml.html

    from dayuan.news.models import Article

    for article in Article.objects.published():
        text = lxml.html.fromstring(f"<div>{article.body}</div>").text_content()
        yield article.get_absolute_url(), article.title, article.published_at, text


def score(base, articles, strip_marks):
    from dayuan.text.extract import ExtractError, extract_any

    rows = []
    for path, title, published, text in articles:
        data = urllib.request.urlopen(base + path, timeout=30).read()
        if strip_marks:
            data = MARKS.sub(b"", data)
        try:
            got = extract_any(data, url=base + path)
        except ExtractError:
            rows.append((path, False, False, 0.0))
            continue
        date_ok = got.published is not None and abs((got.published - published).total_seconds()) < 60
        rows.append((path, got.title == title, date_ok, body_f1(got.text, text)))
    return rows


def report(name, rows):
    count = len(rows)
    print(
        f"| {name} | {count} | {sum(r[1] for r in rows)}/{count} | {sum(r[2] for r in rows)}/{count} "
        f"| {sum(r[3] >= 0.9 for r in rows)}/{count} | {sum(r[3] for r in rows) / max(1, count):.3f} |"
    )
    for path, title_ok, date_ok, f1 in rows:
        if not (title_ok and date_ok and f1 >= 0.9):
            print(f"  {path}: title {'ok' if title_ok else 'FAIL'}, date {'ok' if date_ok else 'FAIL'}, F1 {f1:.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8411)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="extract-portal-")
    os.environ["DAYUAN_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dayuan.settings")
    subprocess.run([DAYUAN, "init", "--demo"], check=True, capture_output=True, timeout=600)
    with open(Path(home) / "serve.log", "wb") as log:
        server = subprocess.Popen(
            [DAYUAN, "serve", "--port", str(args.port), "--no-worker"],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{args.port}"
            wait_for(base + "/")
            articles = list(stored_articles())
            print("| pages | count | title | date (minute) | body good (F1 ≥ 0.9) | mean body F1 |")
            print("|---|---|---|---|---|---|")
            report("as served", score(base, articles, strip_marks=False))
            report("machine marks stripped", score(base, articles, strip_marks=True))
        finally:
            stop(server)


if __name__ == "__main__":
    main()
