"""Likes, the per-request stats endpoint, buffered view counts and the hot lists."""

import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from dayuan.engage import counters
from dayuan.engage.models import ArticleDailyStat, Like
from dayuan.news.models import Article, Region
from dayuan.tasks.worker import run_once

from .conftest import BROWSER_UA, Reader, make_article


@pytest.mark.django_db(transaction=True)
def test_like_twice_counts_once(reader, article):
    """One like per visitor: the signed cookie makes the second like a no-op."""
    first = reader.like(article, json=True).json()
    assert (first["created"], first["likes"]) == (True, 1)
    second = reader.like(article, json=True).json()
    assert (second["created"], second["likes"]) == (False, 1)
    assert reader.get(f"/api/stats/{article.pk}").json()["liked"] is True
    article.refresh_from_db()
    assert article.like_count == 1
    assert ArticleDailyStat.objects.get(article=article).likes == 1


@pytest.mark.django_db(transaction=True)
def test_like_without_js_redirects_with_message(reader, article, live_server):
    response = reader.like(article)
    assert response.status_code == 302
    page = reader.get(response.headers["location"])
    assert "感谢点赞！" in page.text
    assert '<span class="like-count" data-like-count>1</span>' in page.text
    assert "您已经赞过这篇文章了。" in reader.get(reader.like(article).headers["location"]).text
    same_ip_no_cookie = Reader(live_server.url)
    assert same_ip_no_cookie.like(article, json=True).json()["likes"] == 1
    same_ip_no_cookie.close()
    with_cookie = Reader(live_server.url)
    with_cookie.get(f"/api/stats/{article.pk}")  # JavaScript readers get their own visitor cookie
    assert with_cookie.like(article, json=True).json()["likes"] == 2
    with_cookie.close()


@pytest.mark.django_db(transaction=True)
def test_like_refusals(reader, article, settings):
    settings.DAYUAN_LIKE_RATE = "1/d"
    Article.objects.filter(pk=article.pk).update(status=Article.Status.WITHDRAWN)
    assert reader.like(article).status_code == 410
    assert reader.post("/likes/424242/", {}).status_code == 404
    assert reader.post(f"/likes/{article.pk}/", {}, csrf=False).status_code == 403
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)
    other = make_article("第二篇")
    assert reader.like(article, json=True).status_code == 200
    response = reader.like(other, json=True)
    assert response.status_code == 429 and response.json()["message"] == "点赞太频繁，请稍后再试。"
    settings.DAYUAN_LIKE_RATE, settings.DAYUAN_LIKE_ARTICLE_RATE = "0", "0/d"
    assert reader.like(other, json=True).status_code == 200
    settings.DAYUAN_LIKE_ARTICLE_RATE = "1/d"
    third = make_article("第三篇")
    assert reader.like(third, json=True).status_code == 200
    other_reader = Reader(reader.http.base_url, user_agent="Mozilla/5.0 other")
    other_reader.get(f"/api/stats/{third.pk}")
    response = other_reader.like(third, json=True)
    assert response.status_code == 429 and "点赞太多" in response.json()["message"]
    other_reader.close()
    assert Like.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_stats_endpoint_carries_per_request_values(reader, article):
    """Counters, liked, a CSRF token and pending messages come from /api/stats/<id>, never cached."""
    Article.objects.filter(pk=article.pk).update(view_count=7, like_count=3, comment_count=2)
    reader.like(article)  # leaves a message for the next page
    response = reader.get(f"/api/stats/{article.pk}")
    data = response.json()
    assert (data["views"], data["likes"], data["comments"], data["liked"]) == (7, 4, 2, True)
    assert data["csrf_token"] and data["messages"] == [{"level": "success", "text": "感谢点赞！"}]
    assert "no-store" in response.headers["cache-control"]
    assert reader.get(f"/api/stats/{article.pk}").json()["messages"] == []
    assert reader.get("/api/stats/999999").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_views_are_buffered_and_flushed_by_the_worker(live_server, article):
    """Beacon views sit in the cache (shown by the stats endpoint) until the periodic flush writes them."""
    browser = Reader(live_server.url)
    bot = Reader(live_server.url, user_agent="Mozilla/5.0 (compatible; Baiduspider/2.0)")
    for _ in range(3):
        assert browser.post(f"/api/views/{article.pk}", csrf=False).status_code == 204
    assert browser.get(f"/api/views/{article.pk}.gif").headers["content-type"] == "image/gif"
    bot.post(f"/api/views/{article.pk}", csrf=False)
    Reader(live_server.url, user_agent="").post(f"/api/views/{article.pk}", csrf=False)
    article.refresh_from_db()
    assert article.view_count == 0
    assert browser.get(f"/api/stats/{article.pk}").json()["views"] == 4
    run_once(timezone.now() + timedelta(seconds=3 * counters.BUCKET_SECONDS))
    article.refresh_from_db()
    assert article.view_count == 4
    assert ArticleDailyStat.objects.get(article=article).views == 4
    assert browser.get(f"/api/stats/{article.pk}").json()["views"] == 4
    browser.close()
    bot.close()


@pytest.mark.django_db
def test_a_view_never_writes_the_database(client, article, django_assert_num_queries, monkeypatch):
    """Counting views costs no query (but one a minute per article, to check it is public);
    the flush writes them in one batch."""
    now = time.time()
    monkeypatch.setattr(counters, "time", SimpleNamespace(time=lambda: now))  # all in one bucket
    counters.flush_views()
    with django_assert_num_queries(1):
        assert client.post(f"/api/views/{article.pk}", HTTP_USER_AGENT=BROWSER_UA).status_code == 204
    with django_assert_num_queries(0):
        for _ in range(50):
            assert client.post(f"/api/views/{article.pk}", HTTP_USER_AGENT=BROWSER_UA).status_code == 204
    later = now + 2 * counters.BUCKET_SECONDS
    assert counters.flush_views(ts=later) == 51
    assert counters.flush_views(ts=later) == 0
    article.refresh_from_db()
    assert article.view_count == 51


@pytest.mark.django_db
def test_view_rate_limit_per_ip(client, article, settings):
    settings.DAYUAN_VIEW_RATE = "5/d"
    for _ in range(9):
        client.post(f"/api/views/{article.pk}", HTTP_USER_AGENT=BROWSER_UA)
    assert counters.pending_views(article.pk) == 5


@pytest.mark.django_db(transaction=True)
def test_hot_lists_on_home_and_city_pages(reader, base_data):
    """最热 day/week/month rank by the daily counters; a city page lists only its region."""
    today = timezone.localdate()
    hot = make_article("晋中今日最热文章")
    old = make_article("晋中上周热门文章")
    taiyuan = make_article("太原热门文章", region="taiyuan")
    ArticleDailyStat.objects.create(article=hot, day=today, views=100)
    ArticleDailyStat.objects.create(article=old, day=today - timedelta(days=3), views=500)
    ArticleDailyStat.objects.create(article=taiyuan, day=today, views=50, likes=20)
    home = reader.get("/").text
    assert "最热" in home
    day = home[home.index("今日最热") : home.index("本周最热")]
    assert day.index("太原热门文章") < day.index("晋中今日最热文章") and "晋中上周热门文章" not in day
    week = home[home.index("本周最热") : home.index("本月最热")]
    assert week.index("晋中上周热门文章") < week.index("太原热门文章")
    jinzhong = Region.objects.get(slug="jinzhong")
    city = reader.get(jinzhong.get_absolute_url()).text
    assert "最热 · 晋中" in city and "晋中今日最热文章" in city
    hot_section = city[city.index("最热 · 晋中") :]
    hot_section = (
        hot_section[: hot_section.index("</section>\n</section>")]
        if "</section>\n</section>" in hot_section
        else hot_section.split('class="aside', 1)[0]
    )
    assert "太原热门文章" not in hot_section


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.SCHEDULED, Article.Status.WITHDRAWN]
)
def test_stats_and_view_pixel_do_not_reveal_articles_that_are_not_public(reader, base_data, status):
    """A draft (or withdrawn, or not yet due) article's id gets the same 404 as a missing one."""
    hidden = make_article("内部稿件", status=status, published_at=timezone.now() + timedelta(days=1))
    assert reader.get(f"/api/stats/{hidden.pk}").status_code == 404
    assert reader.get(f"/api/views/{hidden.pk}.gif").status_code == 404
    assert reader.post(f"/api/views/{hidden.pk}", csrf=False).status_code == 404
    public = make_article("公开稿件")
    assert reader.get(f"/api/stats/{public.pk}").status_code == 200
    assert reader.get(f"/api/views/{public.pk}.gif").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_fresh_cookies_do_not_inflate_likes_from_one_ip(article, live_server, settings):
    """A new visitor cookie before each like gives a new visitor, but one IP's likes of one article
    are bounded per day (DAYUAN_LIKE_IP_ARTICLE_RATE)."""
    settings.DAYUAN_LIKE_IP_ARTICLE_RATE = "3/d"
    answers = []
    for _ in range(8):
        fresh = Reader(live_server.url)
        fresh.get(f"/api/stats/{article.pk}")  # a fresh signed visitor cookie
        answers.append(fresh.like(article, json=True))
        fresh.close()
    assert [a.status_code for a in answers] == [200] * 3 + [429] * 5
    assert "点赞" in answers[-1].json()["message"]
    article.refresh_from_db()
    assert article.like_count == 3 and Like.objects.count() == 3
    other = make_article("另一篇")
    fresh = Reader(live_server.url)
    fresh.get(f"/api/stats/{other.pk}")
    assert fresh.like(other, json=True).status_code == 200  # another article is another bound
    fresh.close()
