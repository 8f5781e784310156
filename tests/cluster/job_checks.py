"""Jobs once across three workers: scheduled publishing, collection, a task whose worker was killed."""

import time
import uuid

from .report import check, fetch
from .services import APPS, wait_for

SCHEDULE = """
from datetime import timedelta
from django.utils import timezone
from dayuan.news.models import Article, Channel, Region
a = Article.objects.create(title={title!r}, channel=Channel.objects.get(slug="gsyl"),
    region=Region.objects.get(slug="jinzhong"), body="<p>定时发布正文。</p>", status="scheduled",
    published_at=timezone.now() + timedelta(seconds=3))
print(json.dumps([a.pk, a.get_absolute_url()]))
"""

SCHEDULED_STATE = (
    "SELECT status || ' ' || (SELECT count(*) FROM editorial_auditlog WHERE article_id = {pk} "
    "AND action = 'auto_publish') FROM news_article WHERE id = {pk}"
)

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

COLLECT_STATE = (
    "SELECT (SELECT count(*) FROM collect_collectrun WHERE source_id = {pk}) || ' ' || "
    "(SELECT count(*) FROM news_article WHERE title = '{title}')"
)


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
    state = wait_for(lambda: cluster.sql(SCHEDULED_STATE.format(pk=pk)).startswith("published"), 120, 2)
    time.sleep(2)
    status, published = cluster.sql(SCHEDULED_STATE.format(pk=pk)).split()
    published = int(published)
    page = fetch(cluster.nginx_url, path).status_code
    return bool(state) and status == "published" and published == 1 and page == 200, (
        f"status={status}, auto_publish entries={published}, page {page}"
    )


@check("a due collection source collected once with three workers running")
def collected_once(cluster, jobs):
    query = COLLECT_STATE.format(pk=jobs["source"], title=jobs["collect_title"])
    wait_for(lambda: int(cluster.sql(query).split()[0]) >= 1, 120, 1)
    time.sleep(3)
    runs, articles = map(int, cluster.sql(query).split())
    return runs == 1 and articles == 1, f"{runs} run(s), {articles} article(s) from it"


LONG_TASK = """
from dayuan.news.models import Region
from dayuan.tasks.registry import enqueue
# Every region's page: long enough (seconds) for the check to see it running and kill its worker.
urls = [r.get_absolute_url() for r in Region.objects.order_by("pk")]
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
    ok = (
        bool(done)
        and status.split()[1] == "2"
        and host_of_pid(cluster, int(status.split()[2].rsplit(":", 1)[1])) != host
        and bool(back)
    )
    return ok, (
        f"claimed by {host}, killed; then {status} ({time.time() - killed_at:.0f}s after the kill); "
        f"{host} back={bool(back)}"
    )
