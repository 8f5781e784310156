"""Client identity and rate limits: rates, IP hashing, the X-Forwarded-For switch, bots, Redis."""

import socket

import pytest
from django.test import RequestFactory, override_settings

from dayuan.engage import counters, limits


def test_parse_rate():
    assert limits.parse_rate("5/m") == (5, 60)
    assert limits.parse_rate("100/10s") == (100, 10)
    assert limits.parse_rate("3/hour") == (3, 3600)
    assert limits.parse_rate("0") is None and limits.parse_rate("") is None and limits.parse_rate("0/m") is None
    with pytest.raises(ValueError, match="N/m"):
        limits.parse_rate("five a minute")


def test_ip_hash_is_salted_and_stable(settings):
    first = limits.hash_ip("203.0.113.9")
    assert first == limits.hash_ip("203.0.113.9") and first != limits.hash_ip("203.0.113.10")
    # Only hex digits: the address (with its dots) is not in it. ("203" not in it was
    # wrong about 1 run in 140: a random hex string contains it by chance.)
    assert len(first) == 32 and set(first) <= set("0123456789abcdef")
    settings.SECRET_KEY = "another-site-secret"
    assert limits.hash_ip("203.0.113.9") != first


def test_x_forwarded_for_is_trusted_only_when_switched_on(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.7, 172.16.0.1")
    settings.DAYUAN_TRUST_X_FORWARDED_FOR = False
    assert limits.client_ip(request) == "127.0.0.1"
    settings.DAYUAN_TRUST_X_FORWARDED_FOR = True
    assert limits.client_ip(request) == "10.0.0.7"


@pytest.mark.parametrize(
    "ua, bot",
    [
        ("Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", True),
        ("Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)", True),
        ("Mozilla/5.0 (compatible; Googlebot/2.1)", True),
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/124.0 Safari/537.36", True),
        ("curl/8.5.0", True),
        ("", True),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0", False),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36", False),
    ],
)
def test_known_bots(ua, bot):
    assert limits.is_bot(RequestFactory().get("/", HTTP_USER_AGENT=ua)) is bot


def test_fixed_window_limit(settings):
    settings.DAYUAN_COMMENT_RATE = "2/d"
    results = [limits.hit("t", "ip", "DAYUAN_COMMENT_RATE") for _ in range(3)]
    assert results == [True, True, False]
    assert limits.hit("t", "other-ip", "DAYUAN_COMMENT_RATE")


def _redis_up():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


REDIS_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/3",
        "KEY_PREFIX": "dayuan-test-engage",
    }
}


@pytest.mark.skipif(not _redis_up(), reason="Redis is not running on 127.0.0.1:6379")
@pytest.mark.django_db
def test_views_and_limits_on_redis(settings):
    """The shared-cache set-up (several app servers): buffered views and windows work on Redis too."""
    from django.core.cache import cache

    from .conftest import make_article

    with override_settings(CACHES=REDIS_CACHE):
        cache.clear()
        try:
            from dayuan.news.basedata import load_base_data

            load_base_data()
            article = make_article()
            now = 1_900_000_000.0
            for _ in range(7):
                counters.count_view(article.pk, ts=now)
            assert counters.pending_views(article.pk, ts=now) == 7
            assert counters.flush_views(ts=now + 2 * counters.BUCKET_SECONDS) == 7
            assert counters.flush_views(ts=now + 2 * counters.BUCKET_SECONDS) == 0
            article.refresh_from_db()
            assert article.view_count == 7
            settings.DAYUAN_LIKE_RATE = "1/d"
            assert limits.hit("r", "ip", "DAYUAN_LIKE_RATE") and not limits.hit("r", "ip", "DAYUAN_LIKE_RATE")
        finally:
            cache.clear()
