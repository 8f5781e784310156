"""Blocks that pages share are computed once per content version, and every content change
(in any process) makes the next page show it."""

import pytest

from dayuan.core import memo
from dayuan.core.models import ContentVersion, SiteSettings
from dayuan.news.templatetags.news import latest_articles
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_a_block_is_computed_once_per_version(base_data, django_assert_num_queries):
    make_article(title="第一篇")
    with memo.scope(41):
        with django_assert_num_queries(1):
            first = latest_articles(8)
        with django_assert_num_queries(0):
            assert latest_articles(8) == first
    with memo.scope(42):  # another version: computed afresh
        with django_assert_num_queries(1):
            latest_articles(8)
    with django_assert_num_queries(1):  # outside a request nothing is kept
        latest_articles(8)


def test_leaving_the_page_article_out_of_the_shared_list(base_data):
    articles = [make_article(title=f"文章{n}") for n in range(10)]
    with memo.scope(7):
        newest = latest_articles(8)
        assert len(newest) == 8 and newest[0] == articles[0]
        without_first = latest_articles(8, exclude=articles[0])
        assert articles[0] not in without_first and without_first[-1] == articles[8]


def test_publishing_bumps_the_version_and_the_next_page_shows_it(base_data, client):
    """A new article is in the 最新资讯 block of a page rendered before it in the same process."""
    make_article("ms", "taiyuan", title="早先的文章")
    before = ContentVersion.objects.get(pk=1).number if ContentVersion.objects.exists() else 0
    assert "早先的文章" in client.get("/ms/").text
    assert "刚刚发布的新闻" not in client.get("/ms/").text
    make_article("gsyl", "jinzhong", title="刚刚发布的新闻")
    assert ContentVersion.objects.get(pk=1).number != before
    assert "刚刚发布的新闻" in client.get("/ms/").text  # in the aside, from another channel


def test_site_settings_change_shows_on_the_next_page(base_data, client):
    assert "大院网-大院资讯网" in client.get("/").text
    site = SiteSettings.load()
    site.title = "晋中大院网"
    site.save()
    page = client.get("/").text
    assert "<title>晋中大院网</title>" in page, page[:600]


def test_withdrawing_drops_the_article_from_shared_blocks(base_data, client, admin_user):
    """The complaint queue withdraws through the workflow; the version moves in its transaction."""
    from dayuan.engage.services import withdraw

    gone = make_article("ms", "taiyuan", title="将被撤稿的文章")
    assert "将被撤稿的文章" in client.get("/gsyl/").text
    withdraw(gone, user=admin_user)
    assert "将被撤稿的文章" not in client.get("/gsyl/").text
