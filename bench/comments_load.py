"""Load test for comments: N comments from K simulated IPs, in parallel, through a live `dayuan serve`.

    .venv/bin/python bench/comments_load.py [--comments 2000] [--ips 50] [--concurrency 16] [--port 8121]
                                            [--cache-url redis://127.0.0.1:6379/3] [--workers 1]

It starts its own server on a throw-away DAYUAN_HOME (SQLite, or
--database-url), with DAYUAN_CAPTCHA_TEST_MODE=1 (answer "PASSED") and
DAYUAN_TRUST_X_FORWARDED_FOR=1 so that X-Forwarded-For simulates the IPs.
Two phases, each its own server start:

  limited    the default rate limits (5 comments a minute per IP, 60 per article)
  unlimited  limits off: every comment is written (write throughput)

Then it checks: every comment the server accepted (201) is in the database,
every refused one got 429 or a message, no 5xx, none lost. The baseline is
GET /api/stats/<id> (one small read, same concurrency) in the same run.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
ARTICLES = 5

SETUP = """
import django, json
django.setup()
from django.utils import timezone
from datetime import timedelta
from dayuan.news.models import Article, Channel, Region
ids = []
for n in range({n}):
    a = Article.objects.create(title=f"压测文章{{n}}", channel=Channel.objects.get(slug="gsyl"),
        region=Region.objects.get(slug="jinzhong"), body="<p>正文</p>", status="published",
        published_at=timezone.now() - timedelta(hours=1))
    ids.append([a.pk, a.get_absolute_url()])
print(json.dumps(ids))
"""

DUMP = """
import django, json
django.setup()
from dayuan.engage.models import Comment
print(json.dumps(list(Comment.objects.values_list("content", "status"))))
"""


def run_django(env, code):
    out = subprocess.run([PY, "-c", code], env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_server(env, port, workers):
    proc = subprocess.Popen(
        [PY, "-m", "dayuan", "serve", "--port", str(port), "--workers", str(workers), "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("server did not start: " + proc.stderr.read().decode()[-2000:])


def stop_server(proc):
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


class SimulatedIP:
    def __init__(self, base, ip, article_url):
        self.ip = ip
        self.http = httpx.Client(
            base_url=base, timeout=30, headers={"X-Forwarded-For": ip, "User-Agent": "Mozilla/5.0 (bench) Chrome/124"}
        )
        self.http.get(article_url)
        self.token = self.http.cookies["csrftoken"]


def post_comment(client, article_id, n, as_json):
    content = f"压测评论 {n} 来自 {client.ip} {uuid.uuid4().hex[:8]}"
    data = {
        "csrfmiddlewaretoken": client.token,
        "content": content,
        "nickname": f"网友{n % 97}",
        "captcha_0": "0" * 40,
        "captcha_1": "PASSED",
        "website": "",
    }
    headers = {"X-Requested-With": "XMLHttpRequest", "Accept": "application/json"} if as_json else {}
    started = time.perf_counter()
    try:
        r = client.http.post(f"/comments/{article_id}/", data=data, headers=headers)
        status, text = r.status_code, r.text
    except httpx.HTTPError as error:
        status, text = 0, repr(error)
    return {
        "content": content,
        "status": status,
        "text": text,
        "json": as_json,
        "latency": time.perf_counter() - started,
    }


def classify(result):
    """accepted / refused-with-429 / refused-with-message / bad."""
    status, text = result["status"], result["text"]
    if status == 201 or (status == 302 and not result["json"]):
        return "accepted"
    if status == 429:
        return "refused_429"
    if 400 <= status < 500:
        message = json.loads(text).get("message") if result["json"] else text
        return "refused_message" if message and any("\u4e00" <= c <= "\u9fff" for c in message) else "bad"
    return "bad"


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] if values else 0


def phase(name, args, env, articles):
    proc = start_server(env, args.port, args.workers)
    base = f"http://127.0.0.1:{args.port}"
    try:
        clients = [SimulatedIP(base, f"10.{i // 250}.{i % 250}.{7 + i % 3}", articles[0][1]) for i in range(args.ips)]
        # Baseline: the small per-request read every article view makes.
        with ThreadPoolExecutor(args.concurrency) as pool:
            t0 = time.perf_counter()
            list(
                pool.map(
                    lambda n: clients[n % len(clients)].http.get(f"/api/stats/{articles[n % len(articles)][0]}"),
                    range(args.comments),
                )
            )
            baseline = args.comments / (time.perf_counter() - t0)
        jobs = [
            (clients[n % len(clients)], articles[random.randrange(len(articles))][0], n, n % 2 == 0)
            for n in range(args.comments)
        ]
        random.shuffle(jobs)
        with ThreadPoolExecutor(args.concurrency) as pool:
            t0 = time.perf_counter()
            results = list(pool.map(lambda job: post_comment(*job), jobs))
            elapsed = time.perf_counter() - t0
    finally:
        stop_server(proc)
    stored = dict(run_django(env, DUMP))
    kinds = {}
    for result in results:
        result["kind"] = classify(result)
        kinds[result["kind"]] = kinds.get(result["kind"], 0) + 1
    accepted = {r["content"] for r in results if r["kind"] == "accepted"}
    refused = {r["content"] for r in results if r["kind"].startswith("refused")}
    missing = accepted - set(stored)
    leaked = refused & set(stored)
    bad = [r for r in results if r["kind"] == "bad"]
    return {
        "phase": name,
        "requests": len(results),
        "elapsed": elapsed,
        "rate": len(results) / elapsed,
        "baseline": baseline,
        "kinds": kinds,
        "stored": len(stored),
        "missing": len(missing),
        "refused_but_stored": len(leaked),
        "bad": bad[:3],
        "bad_count": len(bad),
        "p50_ms": 1000 * statistics.median(r["latency"] for r in results),
        "p95_ms": 1000 * percentile([r["latency"] for r in results], 0.95),
        "ok": not missing and not leaked and not bad and len(accepted) == len(stored) - phase.carried,
    }


phase.carried = 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=2000, help="Comments to post per phase (default 2000).")
    parser.add_argument("--ips", type=int, default=50, help="Simulated client IPs (default 50).")
    parser.add_argument("--concurrency", type=int, default=16, help="Parallel requests (default 16).")
    parser.add_argument("--port", type=int, default=8121, help="Server port (default 8121).")
    parser.add_argument("--workers", type=int, default=1, help="Server processes (default 1).")
    parser.add_argument("--cache-url", default="", help="DAYUAN_CACHE_URL for the server (default in-process).")
    parser.add_argument("--database-url", default="", help="DAYUAN_DATABASE_URL (default SQLite in the temp home).")
    parser.add_argument(
        "--output", default=str(ROOT / "bench" / "results" / "engage.md"), help="Markdown file for the results."
    )
    parser.add_argument("--append", action="store_true", help="Append to the output file instead of replacing it.")
    args = parser.parse_args()

    home = tempfile.mkdtemp(prefix="dayuan-bench-")
    env = {
        **os.environ,
        "DAYUAN_HOME": home,
        "DAYUAN_CAPTCHA_TEST_MODE": "1",
        "DAYUAN_TRUST_X_FORWARDED_FOR": "1",
        "DJANGO_SETTINGS_MODULE": "dayuan.settings",
        "DAYUAN_LOG_LEVEL": "ERROR",
    }
    if args.cache_url:
        env["DAYUAN_CACHE_URL"] = args.cache_url
        import redis

        redis.Redis.from_url(args.cache_url).flushdb()
    if args.database_url:
        env["DAYUAN_DATABASE_URL"] = args.database_url
    try:
        subprocess.run([PY, "-m", "dayuan", "init"], env=env, check=True, capture_output=True)
        articles = run_django(env, SETUP.format(n=ARTICLES))
        results = [phase("limited (defaults: 5/min per IP, 60/min per article)", args, env, articles)]
        phase.carried = results[0]["stored"]
        if args.cache_url:
            import redis

            redis.Redis.from_url(args.cache_url).flushdb()
        env_unlimited = {**env, "DAYUAN_COMMENT_RATE": "0", "DAYUAN_COMMENT_ARTICLE_RATE": "0"}
        results.append(phase("unlimited (rate limits off)", args, env_unlimited, articles))
    finally:
        shutil.rmtree(home, ignore_errors=True)

    command = "python bench/comments_load.py " + " ".join(sys.argv[1:])
    db = "PostgreSQL" if args.database_url else "SQLite (WAL)"
    cache = "Redis" if args.cache_url else "LocMem"
    lines = [
        "" if args.append else "# Comments under load (engage)",
        "",
        f"Command: `{command.strip()}`  ",
        f"{args.comments} comments per phase from {args.ips} simulated IPs (X-Forwarded-For), "
        f"{args.concurrency} in parallel, over {ARTICLES} articles; half posted as plain forms, half as JSON; "
        f"`dayuan serve --workers {args.workers}` (granian), {db}, cache {cache}; 2-core machine shared with other jobs "
        f"(load average {os.getloadavg()[0]:.1f} at the end of the run).",
        "",
        "| phase | comments/s | baseline GET /api/stats/s | p50 ms | p95 ms | accepted | 429 | refused with message | other | in DB | lost | check |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        k = r["kinds"]
        lines.append(
            f"| {r['phase']} | {r['rate']:.0f} | {r['baseline']:.0f} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
            f"{k.get('accepted', 0)} | {k.get('refused_429', 0)} | {k.get('refused_message', 0)} | {r['bad_count']} | "
            f"{r['stored']} | {r['missing']} | {'ok' if r['ok'] else 'FAILED'} |"
        )
    lines += [
        "",
        '"in DB" is cumulative (the second phase runs on the same database). "lost" counts comments the '
        "server accepted that are not in the database; refused comments found in the database would fail the "
        "check as well.",
    ]
    for r in results:
        if r["bad"]:
            lines.append(
                f"\nUnexpected answers in {r['phase']}: "
                + "; ".join(f"{b['status']} {b['text'][:120]!r}" for b in r["bad"])
            )
    report = "\n".join(lines) + "\n"
    print(report)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    previous = Path(args.output).read_text(encoding="utf-8") if args.append and Path(args.output).exists() else ""
    Path(args.output).write_text(previous + report, encoding="utf-8")
    sys.exit(0 if all(r["ok"] for r in results) else 1)


if __name__ == "__main__":
    main()
