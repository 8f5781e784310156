"""Readers' posts and counts across servers: comments under a shared limit, a Redis outage."""

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx

from .report import BROWSER, check, fetch
from .services import APPS, wait_for

CLIENTS = [f"10.213.13.{100 + n}" for n in range(20)]


class Commenter:
    """One reader at a client address: CSRF token from /api/stats, then comments through nginx."""

    def __init__(self, cluster, address, pk):
        self.address = address
        transport = httpx.HTTPTransport(local_address=address)
        self.http = httpx.Client(base_url=cluster.nginx_url, transport=transport, timeout=60, headers=BROWSER)
        self.token = self.http.get(f"/api/stats/{pk}").json()["csrf_token"]

    def post(self, pk, content):
        data = {
            "content": content,
            "nickname": "网友",
            "captcha_0": "0" * 40,
            "captcha_1": "PASSED",
            "website": "",
            "csrfmiddlewaretoken": self.token,
        }
        try:
            r = self.http.post(
                f"/comments/{pk}/",
                data=data,
                headers={"X-Requested-With": "XMLHttpRequest", "Accept": "application/json", "X-CSRFToken": self.token},
            )
            return r.status_code
        except httpx.HTTPError as error:  # named in the check's report
            return type(error).__name__


def wait_for_fresh_minute(margin=25):
    """Start a burst early in a minute, so a 5/minute window holds all of it (waits < margin s)."""
    if time.time() % 60 > 60 - margin:
        time.sleep(60 - time.time() % 60 + 0.5)


COMMENTS = "SELECT content || '|' || count(*) FROM engage_comment WHERE article_id = {pk} GROUP BY content"


@check("200 comments from 20 addresses through nginx, 5/minute: exactly 5 accepted each, each stored once")
def comments(cluster, article):
    pk, _ = article
    wait_for_fresh_minute()
    readers = [Commenter(cluster, address, pk) for address in CLIENTS]
    jobs = [
        (reader, f"集群评论 {reader.address} 第{n}条 {uuid.uuid4().hex[:6]}") for n in range(10) for reader in readers
    ]
    with ThreadPoolExecutor(12) as pool:
        statuses = list(pool.map(lambda job: job[0].post(pk, job[1]), jobs))
    accepted = {}
    for (reader, content), status in zip(jobs, statuses):
        if status == 201:
            accepted.setdefault(reader.address, []).append(content)
    rows = cluster.sql(COMMENTS.format(pk=pk)).splitlines()
    stored = {content: int(n) for content, n in (row.rsplit("|", 1) for row in rows)}
    per_address = sorted(len(accepted.get(a, [])) for a in CLIENTS)
    contents = [c for cs in accepted.values() for c in cs]
    once = all(stored.get(c) == 1 for c in contents)
    refused_stored = sum(1 for (_, c), s in zip(jobs, statuses) if s != 201 and c in stored)
    other = sorted({str(s) for s in statuses if s not in (201, 429)})
    ok = per_address == [5] * 20 and once and not refused_stored and not other
    return ok, (
        f"accepted per address {sorted(set(per_address))}, {len(contents)} accepted, stored once={once}, "
        f"refused but stored={refused_stored}, other statuses={other}"
    )


VIEWS = "SELECT view_count FROM news_article WHERE id = {pk}"


def post_views(cluster, pk, count):
    ok = 0
    with httpx.Client(base_url=cluster.nginx_url, timeout=10, headers=BROWSER) as client:
        for _ in range(count):
            ok += client.post(f"/api/views/{pk}").status_code == 204
    return ok


@check("Redis stopped 10 s: pages 200, comments answered, no view counted before the stop lost")
def redis_outage(cluster, article):
    pk, path = article
    before = int(cluster.sql(VIEWS.format(pk=pk)))
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
    wait_for(lambda: int(cluster.sql(VIEWS.format(pk=pk))) >= expected, 30, 1)
    time.sleep(6)  # one more flush interval: nothing counted twice either
    total = int(cluster.sql(VIEWS.format(pk=pk)))
    # The documented policy: limits fall back to each process (one per server here), never to none.
    per_process = posts.count(201) <= 5 * len(APPS)
    ok = (
        set(pages) == {200}
        and posts
        and set(posts) <= {201, 429}
        and per_process
        and counted == 30
        and total == expected
    )
    return ok, (
        f"pages {sorted(set(pages))}, comment answers {sorted(set(posts))} ({posts.count(201)} of "
        f"{len(posts)} accepted, limit per process), views before {counted} "
        f"+ during {views}: view_count {before} -> {total} (expected {expected})"
    )
