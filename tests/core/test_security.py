"""Security headers on every answer (live and baked), cookies, and allowed hosts for baked pages."""

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
    for path in [
        "/",
        article.get_absolute_url(),
        "/gsyl/",
        "/tag/古城/",
        "/search/?q=古城",
        "/services/",
        f"/comments/{article.pk}/",
        "/complaints/",
        "/no-such-page/",
        "/admin/login/",
        "/sitemap.xml",
        "/api/form-token/",
    ]:
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
