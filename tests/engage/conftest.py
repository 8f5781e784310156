"""Fixtures for readers' voice: ORM-built articles and an HTTP reader against the live server."""

import re
from datetime import timedelta

import httpx
import pytest
from django.core.cache import cache
from django.utils import timezone

BROWSER_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
)


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def base_data(db):
    """Regions, channels and flags (into empty tables: a few bulk inserts)."""
    from dayuan.news.basedata import load_base_data

    load_base_data()


def make_article(title="太忻一体化经济区建设提速", region="jinzhong", channel="gsyl", **fields):
    from dayuan.news.models import Article, Channel, Region

    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    return Article.objects.create(
        title=title,
        channel=Channel.objects.get(slug=channel),
        region=Region.objects.get(slug=region),
        body="<p>党的二十大报告指出，深入实施区域协调发展战略。</p>",
        **fields,
    )


@pytest.fixture
def article(base_data):
    return make_article()


@pytest.fixture
def moderation_off(db):
    from dayuan.core.models import SiteSettings

    site = SiteSettings.load()
    site.comments_moderated = False
    site.save()
    return site


class Reader:
    """A browser-like HTTP client: keeps cookies, sends the CSRF token like a form does."""

    def __init__(self, base_url, user_agent=BROWSER_UA):
        self.http = httpx.Client(base_url=base_url, headers={"User-Agent": user_agent}, timeout=20)

    def get(self, path, **kwargs):
        return self.http.get(path, **kwargs)

    def token(self, path="/admin/login/"):
        if "csrftoken" not in self.http.cookies:
            self.http.get(path)
        return self.http.cookies["csrftoken"]

    def post(self, path, data=None, json=False, csrf=True, files=None, headers=None, page=None):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrfmiddlewaretoken", self.token(page or "/admin/login/"))
        headers = dict(headers or {})
        if json:
            headers["X-Requested-With"] = "XMLHttpRequest"
            headers["Accept"] = "application/json"
        return self.http.post(path, data=data, files=files, headers=headers)

    def comment(self, article, content, nickname="", captcha="PASSED", json=False, **extra):
        data = {
            "content": content,
            "nickname": nickname,
            "captcha_0": "x" * 40,
            "captcha_1": captcha,
            "website": "",
            **extra,
        }
        return self.post(f"/comments/{article.pk}/", data, json=json)

    def like(self, article, json=False):
        return self.post(f"/likes/{article.pk}/", {}, json=json)

    def login_admin(self, username="admin", password="s3cret-pass"):
        page = self.get("/admin/login/?next=/admin/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = self.http.post(
            "/admin/login/?next=/admin/",
            data={"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/admin/"},
        )
        assert response.status_code == 302, response.text[:500]
        return self

    def admin_action(self, changelist, action, ids):
        return self.post(
            changelist, {"action": action, "_selected_action": [str(i) for i in ids], "index": "0"}, page=changelist
        )

    def close(self):
        self.http.close()


@pytest.fixture
def reader(live_server):
    client = Reader(live_server.url)
    yield client
    client.close()


@pytest.fixture
def admin_user(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("admin", "admin@example.com", "s3cret-pass")


@pytest.fixture
def admin_reader(live_server, admin_user):
    client = Reader(live_server.url).login_admin()
    yield client
    client.close()


@pytest.fixture(autouse=True)
def empty_view_buffer():
    """View counts wait in process memory: each test starts with none left by another."""
    from dayuan.engage import counters

    counters.reset_buffer()
    yield
    counters.reset_buffer()
