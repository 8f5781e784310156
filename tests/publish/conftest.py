"""Fixtures for the publishing tests: a throw-away public root and a few articles."""

from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def public(settings, tmp_path):
    """A fresh PUBLIC_ROOT (and journal home) for this test."""
    settings.PUBLIC_ROOT = tmp_path / "public"
    settings.DAYUAN_HOME = tmp_path
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    settings.DAYUAN_SITEMAP_DELAY = 0
    return settings.PUBLIC_ROOT


def make_article(title, channel="gsyl", region="jinzhong", tags=(), minutes_ago=60, **fields):
    from dayuan.news.models import Article, Channel, Region

    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timedelta(minutes=minutes_ago))
    article = Article.objects.create(
        title=title,
        channel=Channel.objects.get(slug=channel),
        region=Region.objects.get(slug=region),
        body=f"<p>{title}的正文。</p><h2>小标题</h2><p>第二段。</p>",
        **fields,
    )
    if tags:
        article.set_tags(tags)
    return article


@pytest.fixture
def articles(base_data):
    """Three published articles in two channels and regions, with tags."""
    return [
        make_article("晋中市推进数字经济发展", tags=["经济区", "晋中"], minutes_ago=300),
        make_article("太原地铁二号线客流创新高", channel="ms", region="taiyuan", tags=["地铁"], minutes_ago=200),
        make_article("榆次老城迎来旅游旺季", region="yuci", tags=["旅游", "晋中"], minutes_ago=100),
    ]


def bake_pages_of(articles):
    """Bake the site pages and every page that shows these articles (a full bake, minus the
    hundred-odd empty region lists, to keep the tests fast)."""
    from dayuan.publish import baking, pages

    urls = pages.site_paths()
    for article in articles:
        urls += pages.plan_for_article(None, pages.state_of(article)).bake
    counts = baking.bake_paths(urls)
    assert not counts.get("failed"), counts


@pytest.fixture
def baked_site(public, articles):
    """The home page and the articles baked: enough for re-bakes to keep the site fresh."""
    from dayuan.publish import baking

    counts = baking.bake_paths(["/", *(article.get_absolute_url() for article in articles)])
    assert counts == {"written": 4}, counts
    from dayuan.tasks.models import Task

    Task.objects.all().delete()  # the fixture's own articles were queued; the pages above stand for that
    return public


@pytest.fixture
def quiet_periodic(db):
    """Keep the worker's periodic jobs (hot-list re-bakes) out of a test's run_once passes."""
    from dayuan.tasks.models import PeriodicRun
    from dayuan.tasks.registry import PERIODIC

    for name in PERIODIC:
        PeriodicRun.objects.update_or_create(
            name=name, defaults={"last_started_at": timezone.now() + timedelta(days=1)}
        )


def run_worker():
    """Run the worker until nothing is due (re-bakes may queue the sitemap re-bake)."""
    from dayuan.tasks.worker import run_once

    for _ in range(5):
        if not run_once(timezone.now() + timedelta(seconds=1)):
            break


def wsgi_get(path, method="GET", query="", **headers):
    """Call `dayuan serve`'s WSGI application (baked pages in front of Django) like a server would."""
    from io import BytesIO

    from django.core.handlers.wsgi import WSGIHandler

    from dayuan.publish.serving import BakedPages

    app = BakedPages(WSGIHandler())  # per call: PUBLIC_ROOT differs between tests
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(),
        "wsgi.errors": BytesIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in headers.items():
        environ["HTTP_" + name.upper()] = value
    seen = {}

    def start_response(status, response_headers, exc_info=None):
        seen["status"] = int(status.split()[0])
        seen["headers"] = dict(response_headers)

    # As Django's test client does: the test's transaction must outlive the request.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = app(environ, start_response)
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return seen["status"], seen["headers"], body
