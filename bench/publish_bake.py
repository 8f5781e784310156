"""`dayuan bake` of a generated site vs Hugo building the same articles, in the same run.

DAYUAN_HOME=/tmp/pbench/home python bench/publish_site.py 2000 /tmp/pbench/hugo
DAYUAN_HOME=/tmp/pbench/home python bench/publish_bake.py /tmp/pbench/hugo --jobs 2
"""

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from procmem import run_measured  # noqa: E402


def count_html(root):
    return sum(1 for _ in Path(root).rglob("*.html"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("hugo_site")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    args = parser.parse_args()
    home = Path(os.environ["DAYUAN_HOME"])
    dayuan = [sys.executable, "-m", "dayuan"]

    shutil.rmtree(home / "public", ignore_errors=True)
    cmd = [*dayuan, "bake", "--restart", "--no-progress", "-j", str(args.jobs)]
    elapsed, peak, out = run_measured(cmd)
    pages = int(re.search(r"完成：(\d+) 页", out).group(1))
    html = count_html(home / "public")
    print(
        f"dayuan bake: {pages} pages ({html} html files) in {elapsed:.1f}s = {pages / elapsed:.0f} pages/s, "
        f"peak RSS (all processes) {peak:.0f} MB  [{' '.join(cmd[1:])}]"
    )

    out_dir = tempfile.mkdtemp(prefix="hugo-public-")
    cmd = ["hugo", "--quiet", "-s", args.hugo_site, "-d", out_dir]
    elapsed_h, peak_h, _ = run_measured(cmd)
    html_h = count_html(out_dir)
    print(
        f"hugo:        {html_h} html files in {elapsed_h:.1f}s = {html_h / elapsed_h:.0f} pages/s, "
        f"peak RSS {peak_h:.0f} MB  [{' '.join(cmd)}]"
    )
    shutil.rmtree(out_dir, ignore_errors=True)
    print(
        f"ratio: dayuan {pages / elapsed:.0f} pages/s vs hugo {html_h / elapsed_h:.0f} pages/s "
        f"= {(pages / elapsed) / (html_h / elapsed_h):.2f}x"
    )


if __name__ == "__main__":
    main()
