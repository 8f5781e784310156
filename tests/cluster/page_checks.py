"""Pages on every server: coherence after a publish, a stopped server catching up, kill -9 under load,
health endpoints."""

import sys
import threading
import time
import uuid

import httpx

from .report import BROWSER, check, fetch
from .services import APPS, wait_for

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
    return delay <= 2.0, (
        f"settled first={bool(settled)}; page re-baked {baked:.2f}s after commit; new title served by {figures}"
    )


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
    threads = [
        threading.Thread(target=load_worker, args=(cluster.nginx_url, paths, stop, logs[i], 400)) for i in range(8)
    ]
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
    return ok, (
        f"{len(requests)} requests, {in_flight} in flight at the kill, {len(failed)} failed, "
        f"{len(after)} failed after it, {served_after} answered after it; app3 back={bool(back)}"
    )


@check("/healthz and /readyz on every server; `dayuan check --deploy` runs")
def health(cluster, article):
    answers = {
        h: (fetch(cluster.app_url(h), "/healthz").status_code, fetch(cluster.app_url(h), "/readyz").json())
        for h in APPS
    }
    ready = all(code == 200 and body["status"] == "ok" for code, body in answers.values())
    out = cluster.lab.run("app1", [sys.executable, "-m", "dayuan", "check", "--deploy"], env=cluster.env)
    ran = "dayuan.W001" in out.stdout + out.stderr  # captcha test mode is on in this lab: it must say so
    return ready and ran, f"ready={ready}, deploy check names the lab's captcha test mode={ran}"
