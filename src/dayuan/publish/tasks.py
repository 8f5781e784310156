"""Re-baking jobs for the worker: the editor's save only queues them."""

import os
import uuid
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from dayuan.core import memo
from dayuan.tasks.registry import enqueue, periodic, task

from . import baking, conf, pages, paths


def checked(counts):
    """Fail the task when a page failed, so the worker retries it with backoff."""
    if counts.get("failed"):
        raise RuntimeError(f"{counts['failed']} page(s) failed to bake (old files kept); the worker retries")
    return counts


def apply_plan(plan):
    """Remove what went away, bake what changed, drop deeper list pages; returns bake counts."""
    for url_path in plan.remove:
        baking.remove_page(url_path)
    counts = baking.refresh_paths(plan.bake)
    for head in plan.drop_deeper:
        drop_deeper_pages(head)
    if plan.sitemaps:
        queue_sitemaps()
    return checked(counts)


def drop_deeper_pages(head):
    """Delete the baked pages of a list past the ones re-baked at once (`<head>page/N/`)."""
    directory = paths.file_for(head)
    if directory is None:
        return
    page_dir = directory.parent / "page"
    keep = conf.get("DAYUAN_REBAKE_LIST_PAGES")
    try:
        entries = os.listdir(page_dir)
    except (FileNotFoundError, NotADirectoryError):
        return
    # A big list has thousands of pages: they leave the served tree in one rename each
    # (hidden names are never served) and are deleted in the background.
    trash = directory.parent / f"{baking.DROPPED_PREFIX}{uuid.uuid4().hex}"
    kept = [name for name in entries if not (name.isascii() and name.isdigit()) or int(name) <= keep]
    try:
        if kept:
            trash.mkdir()
            for name in entries:
                if name not in kept:
                    os.rename(page_dir / name, trash / name)
        else:
            os.rename(page_dir, trash)
    except FileNotFoundError:  # another worker dropped them first
        pass
    baking.delete_in_background(trash)


def queue_sitemaps():
    delay = conf.get("DAYUAN_SITEMAP_DELAY")
    enqueue("publish.bake_sitemaps", run_after=timezone.now() + timedelta(seconds=delay), unique_key="publish:sitemaps")


@task("publish.article_changed")
def article_changed(article_id, before=None):
    """Re-bake what an article's change touched (its state before the change is in `before`)."""
    from dayuan.news.models import Article

    article = Article.objects.select_related("channel", "region").filter(pk=article_id).first()
    after = pages.state_of(article) if article else None
    return apply_plan(pages.plan_for_article(pages.ArticleState.from_json(before), after))


@task("publish.bake_paths")
def bake_paths(url_paths):
    """Bake pages a reader asked for (the serving layer queues them after a live render)."""
    return checked(baking.bake_paths(url_paths))


@task("publish.rebake_paths")
def rebake_paths(url_paths):
    """Re-bake pages a change touched (see baking.refresh_paths)."""
    return checked(baking.refresh_paths(url_paths))


@task("publish.bake_sitemaps")
def bake_sitemaps():
    """The sitemap index, news and tag sitemaps, and the article sections whose articles changed.

    Sections hold articles oldest first, so a new article changes only the last one; what each
    section held at its last bake is kept in a hidden file beside them."""
    import json

    urls = pages.sitemap_paths()
    try:
        before = json.loads(sitemap_record().read_text())
    except (FileNotFoundError, ValueError):
        before = {}
    now = sitemap_sections()
    unchanged = {
        reverse("publish:sitemap_section", args=["articles", int(n)]) for n, fp in now.items() if before.get(n) == fp
    }
    todo = [url for url in urls if url not in unchanged or not paths.file_for(url).is_file()]
    counts = checked(baking.refresh_paths(todo))
    if baking.site_is_baked():
        record_sitemap_sections(now)
    return counts


def sitemap_record():
    return conf.public_root() / ".sitemap-sections.json"


def sitemap_sections():
    from . import sitemaps

    return {str(n): fp for n, fp in sitemaps.article_section_fingerprints().items()}


def record_sitemap_sections(sections=None):
    """Note what each article sitemap section holds now (after a bake of all of them)."""
    import json

    baking.write_atomic(sitemap_record(), json.dumps(sitemap_sections() if sections is None else sections).encode())


# Apps above publish that follow a site-wide re-bake (portal's 生成静态 page): see watch_site_bakes().
_site_bake_watchers = []


def watch_site_bakes(start):
    """Let an app above this layer follow site-wide re-bakes: `start()` is called as one begins
    and returns an object with progress(done, total), finished(counts) and failed(error)."""
    if start not in _site_bake_watchers:
        _site_bake_watchers.append(start)


@task("publish.bake_site", max_attempts=1)
def bake_site():
    """The whole site again, after a change every page shows (a setting, a footer link, an ad).
    Such a change moves no article, so each article page shows the related articles its last
    bake kept: scoring them is two fifths of an article page."""
    if not baking.site_is_baked():
        return {}
    from .full import bake_all

    watchers = [start() for start in _site_bake_watchers]
    try:
        counts = bake_all(
            jobs=1,
            progress=False,
            on_progress=lambda done, total: [w.progress(done, total) for w in watchers],
            kept_related=True,
        )
    except Exception as error:
        for watcher in watchers:
            watcher.failed(error)
        raise
    for watcher in watchers:
        watcher.finished(counts)
    return counts


@task("publish.baidu_push", max_attempts=5)
def baidu_push(urls):
    from .baidu import push

    push(urls)


@periodic("publish.time_dependent", every=timedelta(minutes=5))
def bake_time_dependent(now):
    """Pages that change with the clock: the home page, the news sitemap, articles that came due."""
    from dayuan.news.models import Article

    if not baking.site_is_baked():
        return
    # Scheduled articles were last saved before their publishing time came.
    due = Article.objects.filter(
        status=Article.Status.PUBLISHED,
        published_at__gt=now - timedelta(minutes=6),
        published_at__lte=now,
        updated_at__lt=F("published_at"),
    ).values_list("pk", flat=True)
    for pk in due:
        with transaction.atomic():
            memo.bump()
            enqueue("publish.article_changed", pk, None, unique_key=f"publish:article:{pk}")
    baking.bake_paths([reverse("portal:home"), reverse("publish:sitemap_news")])


@periodic("publish.region_pages", every=timedelta(minutes=30))
def bake_region_pages(now):
    """Region pages carry a hot list (most read in a period), which moves with the clock."""
    from dayuan.news.models import Region

    if not baking.site_is_baked():
        return
    baking.bake_paths([region.get_absolute_url() for region in Region.objects.all()])


@periodic("publish.recent_articles", every=timedelta(minutes=30))
def bake_recent_articles(now):
    """Article pages carry "latest" and "nearby" blocks that every publish changes; re-baking all of
    them on each publish would re-bake the whole site, so recent articles (the ones read most) are
    refreshed on a schedule and older ones by the next full `dayuan bake`."""
    from dayuan.news.models import Article

    if not baking.site_is_baked():
        return
    recent = (
        Article.objects.published()
        .filter(published_at__gte=now - timedelta(days=2))
        .select_related("channel", "region")
        .order_by("-published_at")[:500]
    )
    baking.bake_paths([article.get_absolute_url() for article in recent])
