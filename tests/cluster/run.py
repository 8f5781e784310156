"""`make test-cluster`: Dayuan on PostgreSQL, Redis, nginx and three app servers, each host a
network namespace with its own address, checked over HTTP. Root only; exits non-zero on any
failed check and prints `cluster: K/N checks`.

    .venv/bin/python -m tests.cluster.run [--keep]
"""

import argparse
import sys
import tempfile
import threading
import time
import traceback
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from .netlab import Lab
from .services import ADDRESSES, APPS, Cluster, wait_for

BROWSER = {"User-Agent": "Mozilla/5.0 (cluster test) Chrome/124"}
CLIENTS = [f"10.213.13.{100 + n}" for n in range(20)]
RESULTS = []


def check(name):
    def wrap(func):
        def run(*args):
            started = time.time()
            try:
                ok, detail = func(*args)
            except Exception as error:
                ok, detail = False, f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=3)}"
            RESULTS.append((name, ok))
            print(f"[{'PASS' if ok else 'FAIL'}] {name} ({time.time() - started:.1f}s): {detail}", flush=True)
            return ok
        return run
    return wrap


def fetch(base, path, timeout=5):
    return httpx.get(base + path, timeout=timeout, headers=BROWSER)


EDIT = """
from dayuan.news.models import Article
a = Article.objects.get(pk={pk})
a.title = {title!r}
a.save()
import time
print(json.dumps(time.time()))
"""


def edit_title(cluster, host, pk, title):
    """Change an article's title on `host`; returns the time the change was committed."""
    return cluster.django(host, EDIT.format(pk=pk, title=title))


def served_everywhere(cluster, path, text, hosts):
    """Which of nginx and the given app servers serve `text` at `path` now."""
    bases = {"nginx": cluster.nginx_url, **{h: cluster.app_url(h) for h in hosts}}
    seen = {}
    for name, base in bases.items():
        try:
            seen[name] = text in fetch(base, path).text
        except httpx.HTTPError:
            seen[name] = False
    return seen


def watch(base, path, text, seen, stop):
    """Ask `base` for `path` every 50 ms; note when `text` first shows."""
    with httpx.Client(base_url=base, timeout=5, headers=BROWSER) as client:
        while not stop.is_set():
            try:
                if text in client.get(path).text:
                    seen[base] = time.time()
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)


@check("publish on app1: nginx and all three servers serve the new page within 2 s")
def coherence(cluster, article):
    pk, path = article
    settled = cluster.settle()
    title = f"集群一致性检查{uuid.uuid4().hex[:6]}"
    bases = {cluster.nginx_url: "nginx", **{cluster.app_url(h): h for h in APPS}}
    seen, stop = {}, threading.Event()
    watchers = [threading.Thread(target=watch, args=(base, path, title, seen, stop)) for base in bases]
    for watcher in watchers:
        watcher.start()
    try:
        committed = edit_title(cluster, "app1", pk, title)
        wait_for(lambda: len(seen) == len(bases), 10, 0.05)
    finally:
        stop.set()
        for watcher in watchers:
            watcher.join(timeout=10)
    baked = cluster.paths_mtime(path) - committed
    delay = max(seen.values()) - committed if len(seen) == len(bases) else float("inf")
    figures = ", ".join(f"{bases[base]} {t - committed:.2f}s" for base, t in sorted(seen.items(), key=lambda i: i[1]))
    return delay <= 2.0, (f"settled first={bool(settled)}; page re-baked {baked:.2f}s after commit; "
                          f"new title served by {figures}")


@check("app2 stopped during a publish, restarted: serves the new page after catching up")
def catch_up(cluster, article):
    pk, path = article
    cluster.lab.stop("app2")
    title = f"停机补齐检查{uuid.uuid4().hex[:6]}"
    edit_title(cluster, "app1", pk, title)
    others = wait_for(lambda: all(served_everywhere(cluster, path, title, ["app1", "app3"]).values()), 10, 0.1)
    cluster.start_app("app2")
    ready = cluster.wait_ready("app2")
    after = served_everywhere(cluster, path, title, ["app2"])
    return bool(others and ready and after["app2"]), f"others={bool(others)} app2 ready={bool(ready)} {after}"


def load_worker(base, paths, stop, log, limit):
    with httpx.Client(base_url=base, timeout=10, headers=BROWSER) as client:
        for n in range(limit):
            if stop.is_set():
                return
            started = time.time()
            try:
                status = client.get(paths[n % len(paths)] + f"?load={n}").status_code
            except httpx.HTTPError:
                status = 0
            log.append((started, time.time(), status))


@check("kill -9 of app3 under load: nginx keeps answering, failures <= in flight at the kill, none after")
def kill_under_load(cluster, article):
    pk, path = article
    paths = [f"/api/stats/{pk}", path, "/healthz"]
    stop, logs = threading.Event(), [[] for _ in range(8)]
    threads = [threading.Thread(target=load_worker, args=(cluster.nginx_url, paths, stop, logs[i], 400))
               for i in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(4)
    kill_at = time.time()
    killed = cluster.lab.crash("app3")
    time.sleep(6)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    requests = [r for log in logs for r in log]
    in_flight = sum(1 for s, e, _ in requests if s <= kill_at <= e)
    failed = [r for r in requests if r[2] != 200]
    after = [r for r in failed if r[0] > kill_at]
    served_after = sum(1 for s, _, status in requests if s > kill_at and status == 200)
    cluster.start_app("app3")
    back = cluster.wait_ready("app3")
    ok = killed > 0 and len(failed) <= in_flight and not after and served_after > 20 and bool(back)
    return ok, (f"{len(requests)} requests, {in_flight} in flight at the kill, {len(failed)} failed, "
                f"{len(after)} failed after it, {served_after} answered after it; app3 back={bool(back)}")


class Commenter:
    """One reader at a client address: CSRF token from /api/stats, then comments through nginx."""

    def __init__(self, cluster, address, pk):
        self.address = address
        transport = httpx.HTTPTransport(local_address=address)
        self.http = httpx.Client(base_url=cluster.nginx_url, transport=transport, timeout=30, headers=BROWSER)
        self.token = self.http.get(f"/api/stats/{pk}").json()["csrf_token"]

    def post(self, pk, content):
        data = {"content": content, "nickname": "网友", "captcha_0": "0" * 40, "captcha_1": "PASSED",
                "website": "", "csrfmiddlewaretoken": self.token}
        try:
            r = self.http.post(f"/comments/{pk}/", data=data,
                               headers={"X-Requested-With": "XMLHttpRequest", "Accept": "application/json",
                                        "X-CSRFToken": self.token})
            return r.status_code
        except httpx.HTTPError:
            return 0


def wait_for_fresh_minute(margin=25):
    """Start a burst early in a minute, so a 5/minute window holds all of it (waits < margin s)."""
    if time.time() % 60 > 60 - margin:
        time.sleep(60 - time.time() % 60 + 0.5)


COMMENTS = """
from dayuan.engage.models import Comment
from django.db.models import Count
rows = Comment.objects.filter(article_id={pk}).values("content").annotate(n=Count("id"))
print(json.dumps({{r["content"]: r["n"] for r in rows}}))
"""


@check("200 comments from 20 addresses through nginx, 5/minute: exactly 5 accepted each, each stored once")
def comments(cluster, article):
    pk, _ = article
    wait_for_fresh_minute()
    readers = [Commenter(cluster, address, pk) for address in CLIENTS]
    jobs = [(reader, f"集群评论 {reader.address} 第{n}条 {uuid.uuid4().hex[:6]}") for n in range(10) for reader in readers]
    with ThreadPoolExecutor(12) as pool:
        statuses = list(pool.map(lambda job: job[0].post(pk, job[1]), jobs))
    accepted = {}
    for (reader, content), status in zip(jobs, statuses):
        if status == 201:
            accepted.setdefault(reader.address, []).append(content)
    stored = cluster.django("app1", COMMENTS.format(pk=pk))
    per_address = sorted(len(accepted.get(a, [])) for a in CLIENTS)
    contents = [c for cs in accepted.values() for c in cs]
    once = all(stored.get(c) == 1 for c in contents)
    refused_stored = sum(1 for (_, c), s in zip(jobs, statuses) if s != 201 and c in stored)
    other = sorted({s for s in statuses if s not in (201, 429)})
    ok = per_address == [5] * 20 and once and not refused_stored and not other
    return ok, (f"accepted per address {sorted(set(per_address))}, {len(contents)} accepted, stored once={once}, "
                f"refused but stored={refused_stored}, other statuses={other}")


SCHEDULE = """
from datetime import timedelta
from django.utils import timezone
from dayuan.news.models import Article, Channel, Region
a = Article.objects.create(title={title!r}, channel=Channel.objects.get(slug="gsyl"),
    region=Region.objects.get(slug="jinzhong"), body="<p>定时发布正文。</p>", status="scheduled",
    published_at=timezone.now() + timedelta(seconds=3))
print(json.dumps([a.pk, a.get_absolute_url()]))
"""

SCHEDULED_STATE = """
from dayuan.editorial.models import AuditLog
from dayuan.news.models import Article
a = Article.objects.get(pk={pk})
print(json.dumps([a.status, AuditLog.objects.filter(article=a, action="auto_publish").count()]))
"""

COLLECT = """
from pathlib import Path
from django.utils import timezone
from dayuan.collect.models import Source
from dayuan.news.models import Channel, Region
page = Path({folder!r}) / "page.html"
page.parent.mkdir(parents=True, exist_ok=True)
page.write_text("<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
                + "<p>晋中市今日召开集群采集测试会议，会议讨论了多项民生议题，与会人员充分交流。</p>" * 6
                + "</article></body></html>", encoding="utf-8")
s = Source.objects.create(name="集群采集测试", kind="file", url=str(page.parent),
    channel=Channel.objects.get(slug="gsyl"), region=Region.objects.get(slug="jinzhong"),
    trusted=True, interval=600, next_run_at=timezone.now())
print(json.dumps(s.pk))
"""

COLLECT_STATE = """
from dayuan.collect.models import CollectRun
from dayuan.news.models import Article
runs = CollectRun.objects.filter(source_id={pk}).count()
print(json.dumps([runs, Article.objects.filter(title={title!r}).count()]))
"""


def start_jobs(cluster):
    """Queue a scheduled article and a due collection source; three workers are running."""
    title = f"集群定时发布{uuid.uuid4().hex[:6]}"
    scheduled = cluster.django("app1", SCHEDULE.format(title=title))
    collect_title = f"集群采集{uuid.uuid4().hex[:6]}"
    source = cluster.django("app1", COLLECT.format(folder=str(cluster.dir / "collect"), title=collect_title))
    return {"scheduled": scheduled, "source": source, "collect_title": collect_title}


@check("a scheduled article published exactly once with three workers running")
def scheduled_once(cluster, jobs):
    pk, path = jobs["scheduled"]
    state = wait_for(lambda: (s := cluster.django("app2", SCHEDULED_STATE.format(pk=pk)))[0] == "published" and s,
                     120, 2)
    time.sleep(2)
    status, published = cluster.django("app3", SCHEDULED_STATE.format(pk=pk))
    page = fetch(cluster.nginx_url, path).status_code
    return bool(state) and status == "published" and published == 1 and page == 200, (
        f"status={status}, auto_publish entries={published}, page {page}")


@check("a due collection source collected once with three workers running")
def collected_once(cluster, jobs):
    query = COLLECT_STATE.format(pk=jobs["source"], title=jobs["collect_title"])
    wait_for(lambda: cluster.django("app2", query)[0] >= 1, 120, 2)
    time.sleep(3)
    runs, articles = cluster.django("app3", query)
    return runs == 1 and articles == 1, f"{runs} run(s), {articles} article(s) from it"


LONG_TASK = """
from dayuan.news.models import Region
from dayuan.tasks.registry import enqueue
urls = [r.get_absolute_url() for r in Region.objects.order_by("pk")[:40]]
print(json.dumps(enqueue("publish.rebake_paths", urls).pk))
"""

TASK_STATE = "SELECT status || ' ' || attempts || ' ' || coalesce(claimed_by, '') FROM tasks_task WHERE id = {pk}"


def host_of_pid(cluster, pid):
    return next((h for h in APPS if pid in cluster.lab.host_pids(h)), None)


@check("a worker killed with kill -9 mid-task: the task runs again elsewhere after its lease, once")
def killed_mid_task(cluster, article):
    pk = cluster.django("app1", LONG_TASK)
    running = wait_for(lambda: (s := cluster.sql(TASK_STATE.format(pk=pk))).startswith("running") and s, 60, 0.2)
    if not running:
        return False, f"task never started: {cluster.sql(TASK_STATE.format(pk=pk))}"
    pid = int(running.split()[2].rsplit(":", 1)[1])
    host = host_of_pid(cluster, pid)
    cluster.lab.crash(host)
    killed_at = time.time()
    done = wait_for(lambda: (s := cluster.sql(TASK_STATE.format(pk=pk))).startswith("done") and s, 150, 0.5)
    cluster.start_app(host)
    back = cluster.wait_ready(host)
    status = cluster.sql(TASK_STATE.format(pk=pk))
    ok = bool(done) and status.split()[1] == "2" and host_of_pid(cluster, int(status.split()[2].rsplit(":", 1)[1])) \
        != host and bool(back)
    return ok, (f"claimed by {host}, killed; then {status} ({time.time() - killed_at:.0f}s after the kill); "
                f"{host} back={bool(back)}")


VIEWS = """
from dayuan.news.models import Article
print(json.dumps(Article.objects.get(pk={pk}).view_count))
"""


def post_views(cluster, pk, count):
    ok = 0
    with httpx.Client(base_url=cluster.nginx_url, timeout=10, headers=BROWSER) as client:
        for _ in range(count):
            ok += client.post(f"/api/views/{pk}").status_code == 204
    return ok


@check("Redis stopped 10 s: pages 200, comments answered, no view counted before the stop lost")
def redis_outage(cluster, article):
    pk, path = article
    before = cluster.django("app1", VIEWS.format(pk=pk))
    counted = post_views(cluster, pk, 30)
    cluster.lab.stop("redis")
    outage_started = time.time()
    pages, posts, views = [], [], 0
    reader = Commenter(cluster, CLIENTS[0], pk)
    while time.time() - outage_started < 10:
        pages.append(fetch(cluster.nginx_url, path).status_code)
        pages.append(fetch(cluster.nginx_url, f"{path}?outage=1").status_code)
        posts.append(reader.post(pk, f"Redis 停止期间评论 {uuid.uuid4().hex[:6]}"))
        views += post_views(cluster, pk, 3)
        time.sleep(0.5)
    cluster.start_redis()
    expected = before + counted + views
    wait_for(lambda: cluster.django("app1", VIEWS.format(pk=pk)) >= expected, 30, 1)
    time.sleep(6)  # one more flush interval: nothing counted twice either
    total = cluster.django("app1", VIEWS.format(pk=pk))
    # The documented policy: limits fall back to each process (one per server here), never to none.
    per_process = posts.count(201) <= 5 * len(APPS)
    ok = (set(pages) == {200} and posts and set(posts) <= {201, 429} and per_process and counted == 30
          and total == expected)
    return ok, (f"pages {sorted(set(pages))}, comment answers {sorted(set(posts))} ({posts.count(201)} of "
                f"{len(posts)} accepted, limit per process), views before {counted} "
                f"+ during {views}: view_count {before} -> {total} (expected {expected})")


@check("/healthz and /readyz on every server; `dayuan check --deploy` runs")
def health(cluster, article):
    answers = {h: (fetch(cluster.app_url(h), "/healthz").status_code, fetch(cluster.app_url(h), "/readyz").json())
               for h in APPS}
    ready = all(code == 200 and body["status"] == "ok" for code, body in answers.values())
    out = cluster.lab.run("app1", [sys.executable, "-m", "dayuan", "check", "--deploy"], env=cluster.env)
    ran = "dayuan.W001" in out.stdout + out.stderr  # captcha test mode is on in this lab: it must say so
    return ready and ran, f"ready={ready}, deploy check names the lab's captcha test mode={ran}"


PICK = """
from dayuan.news.models import Article
a = Article.objects.published().order_by("-published_at").first()
print(json.dumps([a.pk, a.get_absolute_url()]))
"""


def bring_up(cluster):
    started = time.time()
    cluster.start_postgres()
    cluster.start_redis()
    cluster.dayuan("app1", "init", "--demo")
    cluster.dayuan("app1", "bake", "--no-progress", "--jobs", "2")
    for host in APPS:
        cluster.start_app(host)
    for host in APPS:
        if not cluster.wait_ready(host):
            raise RuntimeError(f"{host} not ready: " + (cluster.logs / f"{host}.log").read_text()[-2000:])
    cluster.start_nginx()
    print(f"cluster up in {time.time() - started:.0f}s: " + ", ".join(f"{h} {a}" for h, a in ADDRESSES.items()),
          flush=True)


def run_checks(cluster):
    article = tuple(cluster.django("app1", PICK))
    jobs = start_jobs(cluster)
    health(cluster, article)
    coherence(cluster, article)
    catch_up(cluster, article)
    kill_under_load(cluster, article)
    comments(cluster, article)
    killed_mid_task(cluster, article)
    scheduled_once(cluster, jobs)
    collected_once(cluster, jobs)
    redis_outage(cluster, article)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="Keep the run folder (logs) after the run.")
    args = parser.parse_args()
    started = time.time()
    run_dir = Path(tempfile.mkdtemp(prefix="dayuan-cluster-"))
    try:
        with Lab(run_dir) as lab:
            try:
                lab.add_client_addresses(CLIENTS)
                for host, address in ADDRESSES.items():
                    lab.add_host(host, address)
                cluster = Cluster(lab, run_dir)
                bring_up(cluster)
                run_checks(cluster)
            except Exception:
                traceback.print_exc()
                RESULTS.append(("cluster set-up", False))
    finally:
        if not args.keep:
            import shutil

            shutil.rmtree(run_dir, ignore_errors=True)
        else:
            print(f"logs kept in {run_dir}")
    passed = sum(ok for _, ok in RESULTS)
    print(f"cluster: {passed}/{len(RESULTS)} checks ({time.time() - started:.0f}s)")
    return 0 if RESULTS and passed == len(RESULTS) else 1


if __name__ == "__main__":
    sys.exit(main())
