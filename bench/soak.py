"""Soak: a mixed load at 80 % of measured capacity against a running `dayuan serve`.

    nice -n 10 .venv/bin/python bench/soak.py --minutes 30
    nice -n 10 .venv/bin/python bench/soak.py --minutes 30 \\
        --database-url postgresql://postgres@127.0.0.1:5432/dayuan_soak --cache-url redis://127.0.0.1:6379/11

It builds a throw-away site (`dayuan init --demo` plus --articles generated articles,
baked, then the baked files of every other article removed so those pages are
rendered live), starts `dayuan serve` with its background worker
(DAYUAN_CAPTCHA_TEST_MODE=1 so comments answer the captcha with "PASSED", and
DAYUAN_TRUST_X_FORWARDED_FOR=1 so X-Forwarded-For simulates --ips readers, and
DAYUAN_FETCH_ALLOW_NETWORKS=127.0.0.0/8 for the local collection site), then:

  1. capacity: --capacity-seconds of the mix in a closed loop (--concurrency clients
     back to back): requests per second at saturation, and p99 per kind there (the baseline);
  2. soak: --minutes of the same mix in an open loop at --load × capacity (requests
     are started on a fixed schedule; latency counts from the scheduled start, so a
     slow server cannot hide its queue), while a publisher publishes an article every
     10 s through the editorial services and `dayuan collect run` collects from a
     local fixture site (tests/collect/site.py on 127.0.0.1) every minute.

The mix: baked pages, cold (live-rendered) article pages and comment lists, search,
comment posts, likes, view beacons, /api/stats. Reported: errors (anything but 2xx,
3xx and the rate limits' intended 429), p50/p99 per kind, the server's RSS (whole
process tree) at minute 5 (or a third of the run when it is shorter) and at the end,
and whether every comment the server accepted (201) is stored.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
from procmem import tree_rss_kb  # noqa: E402

from tests.collect.site import FixtureSite  # noqa: E402

PY = sys.executable
MIX = {"baked": 35, "cold": 15, "search": 10, "comment": 5, "like": 5, "view": 25, "stats": 5}
SEARCHES = ["太原", "晋中", "经济", "文化 旅游", '"高质量发展"', "region:jinzhong 新闻", "平遥 OR 大同", "-太原 山西"]

SETUP = """
import django, json, sys
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from datetime import timedelta
from dayuan.news.models import Article, Channel, Region
from dayuan.collect.models import Source
regions = list(Region.objects.filter(parent__isnull=False)[:40]) or list(Region.objects.all()[:40])
channels = list(Channel.objects.all())
words = "太原 晋中 大同 经济 文化 旅游 高质量发展 平遥 古城 交通 教育 医疗 乡村振兴 新闻 山西".split()
for n in range({articles}):
    Article.objects.create(title=f"浸泡测试文章{{n}} " + " ".join(words[(n + i) % len(words)] for i in range(3)),
        channel=channels[n % len(channels)], region=regions[n % len(regions)],
        body="".join(f"<p>第{{n}}篇第{{p}}段，" + "，".join(words[(n * p + i) % len(words)] for i in range(12))
                     + "。</p>" for p in range(6)),
        status="published", published_at=timezone.now() - timedelta(minutes=n))
get_user_model().objects.create_superuser("soak", "soak@example.com", "soak-password-123")
call_command("collect", "add", "{feed}", "--name", "浸泡测试来源", "--channel", "gsyl", "--region", "taiyuan",
             "--kind", "feed", "--trusted", verbosity=0)
arts = [[a.pk, a.get_absolute_url()] for a in Article.objects.filter(status="published").order_by("pk")]
print(json.dumps({{"articles": arts, "source": Source.objects.latest("pk").pk}}))
"""

PUBLISHER = """
import django, time, sys
django.setup()
from django.contrib.auth import get_user_model
from dayuan.editorial import services
from dayuan.news.models import Article, Channel, Region
user = get_user_model().objects.get(username="soak")
deadline, n = time.monotonic() + {seconds}, 0
while time.monotonic() < deadline:
    started = time.monotonic()
    article = Article.objects.create(title=f"浸泡发布{{n}} 太原新闻", channel=Channel.objects.get(slug="gsyl"),
        region=Region.objects.get(slug="taiyuan"), body=f"<p>第{{n}}次定时发布的正文。</p>")
    services.publish(article, user)
    n += 1
    print(n, flush=True)
    time.sleep(max(0, 10 - (time.monotonic() - started)))
"""

COMMENTS = """
import django, json
django.setup()
from dayuan.engage.models import Comment
print(json.dumps(list(Comment.objects.values_list("content", flat=True))))
"""


def django_json(env, code, timeout=1800):
    out = subprocess.run([PY, "-c", code], env=env, check=True, capture_output=True, text=True, timeout=timeout)
    return json.loads(out.stdout.strip().splitlines()[-1])


def dayuan(env, *args, timeout=1800):
    return subprocess.run([PY, "-m", "dayuan", *args], env=env, capture_output=True, text=True, timeout=timeout)


def site_env(args, home):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DAYUAN_")}
    env.update(
        DAYUAN_HOME=str(home),
        DJANGO_SETTINGS_MODULE="dayuan.settings",
        DAYUAN_CAPTCHA_TEST_MODE="1",
        DAYUAN_TRUST_X_FORWARDED_FOR="1",
        # The collection run reads a local fixture site, which the SSRF guard refuses by default.
        DAYUAN_FETCH_ALLOW_NETWORKS="127.0.0.0/8",
        PYTHONPATH=str(ROOT),
    )
    if args.database_url:
        env["DAYUAN_DATABASE_URL"] = args.database_url
    if args.cache_url:
        env["DAYUAN_CACHE_URL"] = args.cache_url
    return env


def prepare_site(args, env, home, feed):
    for step in (("init", "--demo"),):
        result = dayuan(env, *step)
        if result.returncode:
            raise SystemExit(f"dayuan {' '.join(step)} failed:\n{result.stderr[-3000:]}")
    data = django_json(env, SETUP.format(articles=args.articles, feed=feed))
    result = dayuan(env, "bake", "--jobs", "2")
    if result.returncode:
        raise SystemExit(f"dayuan bake failed:\n{result.stderr[-3000:]}")
    baked, cold = [], []
    for number, (pk, url) in enumerate(data["articles"]):
        if number % 2:
            (home / "public" / url.lstrip("/")).unlink(missing_ok=True)
            cold.append((pk, url))
        else:
            baked.append((pk, url))
    baked_lists = ["/", "/gsyl/", "/region/taiyuan/", "/region/jinzhong/", "/about/", "/services/"]
    return {"baked": baked, "cold": cold, "lists": baked_lists, "source": data["source"]}


def start_server(env, port, workers):
    proc = subprocess.Popen(
        [PY, "-m", "dayuan", "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.5)
    stop(proc)
    raise SystemExit("server did not start: " + proc.stderr.read().decode()[-2000:])


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Reader:
    """One simulated reader: its own IP, cookies (visitor id, CSRF token) and connection pool."""

    def __init__(self, base, ip, article_id):
        self.http = httpx.Client(
            base_url=base, timeout=60, headers={"X-Forwarded-For": ip, "User-Agent": "Mozilla/5.0 (soak) Chrome/124"}
        )
        self.token = self.http.get(f"/api/stats/{article_id}").json()["csrf_token"]


class Mix:
    """Draws the next request of the mix; each returns (kind, status, comment content or None)."""

    def __init__(self, site, readers, seed=7):
        self.site, self.readers = site, readers
        self.rng = random.Random(seed)
        self.kinds = list(MIX)
        self.weights = [MIX[k] for k in self.kinds]
        self.lock = threading.Lock()

    def next(self):
        with self.lock:
            kind = self.rng.choices(self.kinds, self.weights)[0]
            reader = self.rng.choice(self.readers)
            article = self.rng.choice(self.site["baked"] + self.site["cold"])
            pick = self.rng.random()
        return kind, reader, article, pick

    def run(self, job):
        kind, reader, (pk, url), pick = job
        http, content = reader.http, None
        posting = {"Accept": "application/json", "X-CSRFToken": reader.token}
        if kind == "baked":
            paths = self.site["lists"] + [u for _, u in self.site["baked"]]
            response = http.get(paths[int(pick * len(paths))])
        elif kind == "cold":
            cold = self.site["cold"]
            response = http.get(cold[int(pick * len(cold))][1] if pick < 0.7 else f"/comments/{pk}/")
        elif kind == "search":
            response = http.get("/search/", params={"q": SEARCHES[int(pick * len(SEARCHES))]})
        elif kind == "comment":
            content = f"浸泡测试评论 {uuid.uuid4().hex[:12]}"
            response = http.post(
                f"/comments/{pk}/",
                headers=posting,
                data={
                    "csrfmiddlewaretoken": reader.token,
                    "content": content,
                    "nickname": "网友",
                    "captcha_0": "0" * 40,
                    "captcha_1": "PASSED",
                    "website": "",
                },
            )
        elif kind == "like":
            response = http.post(f"/likes/{pk}/", headers=posting, data={"csrfmiddlewaretoken": reader.token})
        elif kind == "view":
            response = http.post(f"/api/views/{pk}")
        else:
            response = http.get(f"/api/stats/{pk}")
        return kind, response.status_code, content if response.status_code == 201 else None


def timed(mix, job, scheduled=None):
    started = time.perf_counter()
    try:
        kind, status, accepted = mix.run(job)
    except httpx.HTTPError as error:
        kind, status, accepted = job[0], repr(error)[:120], None
    end = time.perf_counter()
    return {
        "kind": kind,
        "status": status,
        "accepted": accepted,
        "latency": end - (scheduled if scheduled is not None else started),
        "end": end,
    }


def measure_capacity(mix, seconds, concurrency):
    results, deadline = [], time.perf_counter() + seconds

    def client():
        while time.perf_counter() < deadline:
            results.append(timed(mix, mix.next()))

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(results) / (time.perf_counter() - started), results


def open_loop(mix, rate, seconds, concurrency):
    """Start requests on a fixed schedule (rate per second) for `seconds`."""
    futures, started = [], time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for number in range(int(rate * seconds)):
            due = started + number / rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(timed, mix, mix.next(), due))
    return [future.result() for future in futures], time.perf_counter() - started


class Background:
    """The publisher, the collector and the RSS sampler, all bounded by the soak's length."""

    def __init__(self, env, server, source_id, seconds):
        self.env, self.server, self.source_id, self.seconds = env, server, source_id, seconds
        self.rss, self.collections, self.stop = [], [], threading.Event()
        self.publisher = subprocess.Popen(
            [PY, "-c", PUBLISHER.format(seconds=seconds)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.threads = [threading.Thread(target=self.sample_rss), threading.Thread(target=self.collect)]
        self.started = time.monotonic()
        for thread in self.threads:
            thread.start()

    def sample_rss(self):
        while not self.stop.wait(5):
            self.rss.append((time.monotonic() - self.started, tree_rss_kb(self.server.pid)))

    def collect(self):
        while not self.stop.wait(30 if not self.collections else 60):
            started = time.monotonic()
            result = dayuan(self.env, "collect", "run", str(self.source_id), timeout=300)
            self.collections.append(
                {
                    "rc": result.returncode,
                    "seconds": round(time.monotonic() - started, 1),
                    "tail": result.stdout.strip().splitlines()[-1:],
                }
            )

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=320)
        out, err = self.publisher.communicate(timeout=60)
        lines = out.split()
        return {
            "publishes": int(lines[-1]) if lines else 0,
            "publisher_rc": self.publisher.returncode,
            "publisher_error": err.strip().splitlines()[-1:] if self.publisher.returncode else [],
        }


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] if values else 0.0


def summarize(results):
    table = {}
    for kind in MIX:
        rows = [r for r in results if r["kind"] == kind]
        latencies = [r["latency"] for r in rows]
        table[kind] = {
            "requests": len(rows),
            "429": sum(r["status"] == 429 for r in rows),
            "errors": sum(
                not (isinstance(r["status"], int) and (r["status"] < 400 or r["status"] == 429)) for r in rows
            ),
            "p50_ms": round(1000 * percentile(latencies, 0.50), 1),
            "p99_ms": round(1000 * percentile(latencies, 0.99), 1),
        }
    return table


def rss_at(samples, second):
    before = [kb for t, kb in samples if t <= second]
    return (before[-1] if before else (samples[0][1] if samples else 0)) // 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--database-url", help="an empty (or throw-away) database; default SQLite in the temp home")
    parser.add_argument("--cache-url", help="e.g. redis://127.0.0.1:6379/11 (use a DB number of your own)")
    parser.add_argument("--port", type=int, default=8131)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--ips", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--capacity-seconds", type=float, default=30)
    parser.add_argument("--load", type=float, default=0.8, help="share of the measured capacity (default 0.8)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary DAYUAN_HOME")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="dayuan-soak-"))
    env = site_env(args, home)
    fixture = FixtureSite().start()
    try:
        report = soak(args, env, home, fixture)
    finally:
        fixture.stop()
        if not args.keep:
            shutil.rmtree(home, ignore_errors=True)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0 if report["ok"] else 1


def soak(args, env, home, fixture):
    t0 = time.monotonic()
    site = prepare_site(args, env, home, fixture.url("/rss.xml"))
    print(
        f"site ready in {time.monotonic() - t0:.0f} s: {len(site['baked'])} baked and "
        f"{len(site['cold'])} cold article pages",
        flush=True,
    )
    server = start_server(env, args.port, args.workers)
    try:
        base = f"http://127.0.0.1:{args.port}"
        readers = [Reader(base, f"10.{i // 250}.{i % 250}.9", site["baked"][0][0]) for i in range(args.ips)]
        mix = Mix(site, readers)
        capacity, saturated = measure_capacity(mix, args.capacity_seconds, args.concurrency)
        rate = args.load * capacity
        print(f"capacity {capacity:.1f} req/s; soaking at {rate:.1f} req/s for {args.minutes} min", flush=True)
        seconds = args.minutes * 60
        background = Background(env, server, site["source"], seconds)
        results, elapsed = open_loop(mix, rate, seconds, args.concurrency * 2)
        jobs = background.finish()
        rss = background.rss + [(time.monotonic() - background.started, tree_rss_kb(server.pid))]
    finally:
        stop(server)
    stored = set(django_json(env, COMMENTS))
    accepted = [r["accepted"] for r in results + saturated if r["accepted"]]
    missing = [c for c in accepted if c not in stored]
    table = summarize(results)
    errors = sum(row["errors"] for row in table.values())
    bad = [
        r
        for r in results
        if r["kind"]
        and table[r["kind"]]["errors"]
        and not (isinstance(r["status"], int) and (r["status"] < 400 or r["status"] == 429))
    ][:5]
    warm = min(300, seconds / 3)
    return {
        "database": "postgresql" if args.database_url else "sqlite",
        "cache": "redis" if args.cache_url else "locmem",
        "minutes": args.minutes,
        "capacity_rps": round(capacity, 1),
        "target_rps": round(rate, 1),
        "achieved_rps": round(len(results) / elapsed, 1),
        "requests": len(results),
        "baseline_saturated": summarize(saturated),
        "soak": table,
        "errors": errors,
        "error_samples": [{"kind": r["kind"], "status": r["status"]} for r in bad],
        "comments_accepted": len(accepted),
        "comments_missing": len(missing),
        "rss_mb": {f"at {warm:.0f} s": rss_at(rss, warm), "end": rss_at(rss, 10**9)},
        "background": {**jobs, "collections": background.collections},
        "ok": errors == 0
        and not missing
        and jobs["publisher_rc"] == 0
        and all(c["rc"] == 0 for c in background.collections),
    }


if __name__ == "__main__":
    sys.exit(main())
