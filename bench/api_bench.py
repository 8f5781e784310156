"""/api/v1/ against the same pages rendered as HTML: requests/s and p99, in one run, one server.

    python bench/api_bench.py [--articles 2000] [--duration 10] [--connections 32]

Builds a throw-away site (its own DAYUAN_HOME, SQLite) with N published articles, serves it
with granian (2 workers, plain Django: no baked layer in front, so both sides are rendered
per request) on 127.0.0.1:8191, and loads four URL sets with random paths:

    API detail  /api/v1/articles/<id>          vs  HTML detail  /<channel>/<region>/<id>.html
    API list    /api/v1/articles?channel=<c>   vs  HTML list    /<c>/

wrk when installed (apt install wrk), else a bounded Python client (threads, fixed count).
"""

import argparse
import concurrent.futures
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from publish_serve import start, stop, wait_port, wrk  # noqa: E402

VENV_BIN = Path(sys.executable).parent
PORT = 8191

MAKE_SITE = """
import random
from datetime import timedelta
from django.utils import timezone
from dayuan.news.models import Article, Channel, Region, city_of
from dayuan.publish.signals import paused

channels = list(Channel.objects.filter(parent__isnull=True))
regions = list(Region.objects.exclude(level=Region.PROVINCE))
rng, now = random.Random(7), timezone.now()
rows = []
for n in range({n}):
    region = rng.choice(regions)
    rows.append(Article(title=f"基准测试文章{{n}}：太原晋中协同发展新进展", channel=rng.choice(channels), region=region,
                        city_id=city_of(region.pk), summary="摘要" * 30, body="<p>" + "正文段落。" * 80 + "</p>",
                        status="published", published_at=now - timedelta(minutes=n)))
with paused():
    Article.objects.bulk_create(rows, batch_size=500)
for a in Article.objects.select_related("channel", "region").order_by("pk"):
    print(a.pk, a.channel.slug, a.region.slug)
"""


def build_site(home, articles):
    env = {**os.environ, "DAYUAN_HOME": str(home), "DJANGO_SETTINGS_MODULE": "dayuan.settings"}
    run = [str(VENV_BIN / "dayuan")]
    subprocess.run([*run, "init", "-v", "0"], env=env, check=True)
    out = subprocess.run(
        [*run, "shell", "-c", MAKE_SITE.format(n=articles)], env=env, check=True, capture_output=True, text=True
    ).stdout
    rows = [line.split() for line in out.splitlines() if re.fullmatch(r"\d+ \S+ \S+", line)]
    return env, rows


def python_load(paths, duration, connections):
    """A bounded stand-in for wrk: `connections` threads, each request timed, for `duration` seconds."""
    deadline = time.monotonic() + duration
    rng = random.Random(3)

    def worker(_):
        times, errors = [], 0
        while time.monotonic() < deadline and len(times) < 200_000:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{rng.choice(paths)}", timeout=10) as r:
                    r.read()
            except Exception:  # noqa: BLE001 - counted, the run goes on
                errors += 1
            times.append(time.perf_counter() - started)
        return times, errors

    with concurrent.futures.ThreadPoolExecutor(connections) as pool:
        results = list(pool.map(worker, range(connections)))
    times = sorted(t for ts, _ in results for t in ts)
    p99 = times[int(len(times) * 0.99) - 1] * 1000 if times else 0
    return len(times) / duration, p99, sum(e for _, e in results), "python client (wrk not installed)"


def measure(paths, rundir, name, duration, connections):
    paths_file = Path(rundir) / f"{name}.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    if subprocess.run(["which", "wrk"], capture_output=True).returncode == 0:
        wrk(PORT, paths_file, 2, connections)  # warm up
        return wrk(PORT, paths_file, duration, connections)
    python_load(paths, 2, connections)
    return python_load(paths, duration, connections)


def url_sets(rows):
    channels = sorted({channel for _, channel, _ in rows})
    return {
        "API detail": [f"/api/v1/articles/{pk}" for pk, _, _ in rows],
        "HTML detail": [f"/{channel}/{region}/{pk}.html" for pk, channel, region in rows],
        "API list (channel, 20 items)": [f"/api/v1/articles?channel={c}" for c in channels],
        "HTML list (channel, 20 items)": [f"/{c}/" for c in channels],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="published articles in the site (default 2000)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per URL set (default 10)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections (default 32)")
    args = parser.parse_args()
    rundir = tempfile.mkdtemp(prefix="dayuan-api-bench-")
    env, rows = build_site(Path(rundir) / "home", args.articles)
    sets = url_sets(rows)
    server = start(
        [
            str(VENV_BIN / "granian"),
            "--interface",
            "wsgi",
            "--workers",
            "2",
            "--host",
            "127.0.0.1",
            "--port",
            str(PORT),
            "--no-ws",
            "dayuan.wsgi:application",
        ],
        env,
    )
    try:
        wait_port(PORT)
        for paths in sets.values():  # every URL set answers 200 before it is measured
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{paths[0]}", timeout=30) as response:
                assert response.status == 200, paths[0]
        results = {
            name: measure(paths, rundir, re.sub(r"\W+", "_", name), args.duration, args.connections)
            for name, paths in sets.items()
        }
    finally:
        stop(server)
        shutil.rmtree(rundir, ignore_errors=True)
    print(f"{len(rows)} articles, {args.connections} connections, {args.duration}s per set, granian 2 workers")
    print("| URLs | requests/s | p99 latency | non-2xx |")
    print("|---|---:|---:|---:|")
    for name, (rps, p99, errors, _) in results.items():
        print(f"| {name} | {rps:,.0f} | {p99:.1f} ms | {errors} |")
    for kind in ("detail", "list"):
        api = next(v for k, v in results.items() if k.startswith(f"API {kind}"))
        html = next(v for k, v in results.items() if k.startswith(f"HTML {kind}"))
        print(f"{kind}: API = {api[0] / html[0]:.2f}x the HTML page's requests/s, p99 {api[1]:.1f} vs {html[1]:.1f} ms")
    print(f"command: {next(iter(results.values()))[3]}")


if __name__ == "__main__":
    main()
