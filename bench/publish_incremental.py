"""Incremental publish on a baked site: time from the editor's save to every affected page re-baked.

    DAYUAN_HOME=/tmp/pbench/home python bench/publish_incremental.py --count 100

Each publish creates a new article with three tags and runs the worker (in this process, so the
worker's poll interval is not counted) until no re-bake is due; the sitemap re-bake is debounced
(DAYUAN_SITEMAP_DELAY) and reported separately. Baseline in the same run: one plain render of the
home page through Django, the cheapest page a publish must re-bake.
"""

import argparse
import os
import random
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dayuan.settings")
# The debounced sitemap re-bake would land inside whichever publish its delay ran out in;
# it is run once after the publishes and reported on its own line.
os.environ.setdefault("DAYUAN_SITEMAP_DELAY", "3600")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from dayuan.news.models import Article, Channel, Region, Tag  # noqa: E402
from dayuan.publish import baking  # noqa: E402
from dayuan.tasks.models import Task  # noqa: E402
from dayuan.tasks.worker import run_once  # noqa: E402


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("-v", "--verbose", action="store_true", help="each publish's time and the tasks it ran")
    args = parser.parse_args()
    assert baking.site_is_baked(), "bake the site first (dayuan bake)"
    Task.objects.filter(status="pending").delete()
    rng = random.Random(11)
    channels, regions = list(Channel.objects.all()), list(Region.objects.exclude(level=1))
    tags = list(Tag.objects.values_list("name", flat=True)[:200])
    total = Article.objects.published().count()
    saves, rebakes, pages = [], [], []
    for i in range(args.count):
        started = time.perf_counter()
        with transaction.atomic():
            article = Article.objects.create(
                title=f"增量发布测试第{i}篇",
                channel=rng.choice(channels),
                region=rng.choice(regions),
                body="<p>" + "正文。" * 300 + "</p>",
                status=Article.Status.PUBLISHED,
                published_at=timezone.now(),
            )
            article.set_tags(rng.sample(tags, 3))
        saved = time.perf_counter()
        done_before = Task.objects.filter(status="done").count()
        last_task = Task.objects.order_by("-id").values_list("id", flat=True).first() or 0
        while run_once(timezone.now()):
            pass
        finished = time.perf_counter()
        assert article.title in (baking.paths.file_for("/").read_text()), "home page not re-baked"
        saves.append((saved - started) * 1000)
        rebakes.append((finished - started) * 1000)
        pages.append(Task.objects.filter(status="done").count() - done_before)
        if args.verbose:
            ran = Task.objects.filter(id__gt=last_task, status="done").values_list("name", flat=True)
            print(f"publish {i}: {rebakes[-1]:.0f} ms, tasks {sorted(ran)}")
    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/")
    t = time.perf_counter()
    for _ in range(5):
        client.get("/")
    home_ms = (time.perf_counter() - t) / 5 * 1000
    sitemap_started = time.perf_counter()
    from dayuan.publish.tasks import bake_sitemaps

    bake_sitemaps()
    sitemap_ms = (time.perf_counter() - sitemap_started) * 1000
    print(f"{args.count} publishes on a site of {total} articles")
    print(f"editor's save (commit, re-bake queued): p50 {pct(saves, 0.5):.0f} ms, p95 {pct(saves, 0.95):.0f} ms")
    print(
        f"save → every affected page re-baked: p50 {pct(rebakes, 0.5):.0f} ms, p95 {pct(rebakes, 0.95):.0f} ms "
        f"(mean {statistics.mean(rebakes):.0f} ms; tasks per publish {statistics.mean(pages):.1f})"
    )
    print(f"debounced sitemap re-bake: {sitemap_ms:.0f} ms; baseline: one live render of / = {home_ms:.0f} ms")


if __name__ == "__main__":
    main()
