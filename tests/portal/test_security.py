"""Security headers on every answer (live and baked), cookies, allowed hosts for baked pages,
and admin login throttling per account and per IP."""

import re

import pytest

from tests.factories import make_article
from tests.livehttp import fresh_cache, http  # noqa: F401
from tests.publish.conftest import public, wsgi_get  # noqa: F401

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>", re.IGNORECASE)
DATA_TYPES = ("application/ld+json", "application/json")


def assert_strict_csp(policy):
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in directives["script-src"]
    assert directives["object-src"] == "'none'" and "frame-ancestors" in directives


@pytest.mark.django_db(transaction=True)
def test_every_reader_page_has_a_csp_and_no_inline_script(http):
    article = make_article("gsyl", "pingyao", title="古城新闻", tags=["古城"])
    for path in ["/", article.get_absolute_url(), "/gsyl/", "/tag/古城/", "/search/?q=古城", "/services/",
                 f"/comments/{article.pk}/", "/complaints/", "/no-such-page/", "/admin/login/", "/sitemap.xml",
                 "/api/form-token/"]:
        response = http.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        assert_strict_csp(response.headers["content-security-policy"])
        if "html" in response.headers["content-type"]:
            for attributes in INLINE_SCRIPT.findall(response.text):
                assert any(kind in attributes for kind in DATA_TYPES), (path, attributes)
            assert not re.search(r"\son(load|click|submit|error|change)=", response.text), path


@pytest.mark.django_db
def test_baked_pages_carry_the_same_csp_and_answer_only_allowed_hosts(public, base_data, settings):
    from dayuan.publish import baking

    article = make_article("gsyl", "pingyao", title="古城新闻")
    assert baking.bake_paths([article.get_absolute_url()]) == {"written": 1}
    status, headers, _ = wsgi_get(article.get_absolute_url())
    assert status == 200 and "ETag" in headers
    assert_strict_csp(headers["Content-Security-Policy"])
    status, headers, body = wsgi_get(article.get_absolute_url(), host="evil.example.com")
    assert status == 400 and "ETag" not in headers


@pytest.mark.django_db
@pytest.mark.parametrize("https", [True, False])
def test_hsts_and_secure_visitor_cookie_follow_dayuan_https(client, public, base_data, settings, https):
    from dayuan.publish import baking

    settings.DAYUAN_HTTPS = https
    article = make_article("gsyl", "pingyao", title="古城新闻")
    response = client.get(f"/api/stats/{article.pk}")
    assert ("Strict-Transport-Security" in response) is https
    assert bool(response.cookies["dy_visitor"]["secure"]) is https
    assert baking.bake_paths(["/"]) == {"written": 1}
    _, headers, _ = wsgi_get("/")
    assert ("Strict-Transport-Security" in headers) is https
    if https:
        assert "max-age=" in headers["Strict-Transport-Security"]


def login(client, username, password, ip):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password,
                                                      "next": "/admin/"}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_admin_login_locks_an_account_after_repeated_failures(client, django_user_model, settings):
    settings.DAYUAN_LOGIN_ACCOUNT_RATE = "5/15m"
    settings.DAYUAN_LOGIN_RATE = "100/15m"
    django_user_model.objects.create_superuser("chief", "c@example.com", "right-pass-1")
    django_user_model.objects.create_superuser("other", "o@example.com", "right-pass-2")
    for n in range(5):
        assert login(client, "chief", f"wrong{n}", f"203.0.113.{n}").status_code == 200
    response = login(client, "chief", "right-pass-1", "203.0.113.99")  # the right password, another IP
    assert response.status_code == 200 and "登录失败次数过多" in response.content.decode()
    assert login(client, "other", "right-pass-2", "203.0.113.1").status_code == 302  # other accounts work


@pytest.mark.django_db
def test_admin_login_throttles_an_ip_after_repeated_failures(client, django_user_model, settings):
    settings.DAYUAN_LOGIN_ACCOUNT_RATE = "100/15m"
    settings.DAYUAN_LOGIN_RATE = "10/15m"
    django_user_model.objects.create_superuser("chief", "c@example.com", "right-pass-1")
    for n in range(10):
        login(client, f"guess{n}", "x", "198.51.100.7")
    response = login(client, "chief", "right-pass-1", "198.51.100.7")
    assert response.status_code == 200 and "登录失败次数过多" in response.content.decode()
    assert login(client, "chief", "right-pass-1", "198.51.100.8").status_code == 302
