"""The demo content: spread over the site, and loading it twice changes nothing."""

from collections import Counter

import pytest

from dayuan.news.models import Article, ArticleTag, Region
from dayuan.news.views import PAGE_SIZE
from dayuan.portal.demo import FIRST_DEMO_ID, load_demo


@pytest.fixture
def demo(base_data):
    return load_demo()


def test_demo_covers_every_city_channel_and_statement(demo):
    articles = list(Article.objects.published().select_related("region__parent", "channel", "flag"))
    assert demo == len(articles) >= 40
    cities = {a.region.city.slug for a in articles}
    assert cities == set(Region.objects.filter(level=Region.CITY).values_list("slug", flat=True))
    assert any(a.region.level == Region.COUNTY for a in articles)
    channels = Counter(a.channel.slug for a in articles)
    assert set(channels) == {"yw", "gsyl", "jj", "ms", "whly", "ggtz"}
    statements = Counter(a.statement for a in articles)
    assert statements.keys() == {"original", "authorized", "reprinted"}
    assert all(a.source_name and a.source_url for a in articles if a.statement == "reprinted")
    assert any(a.title_prefix == "重点关注" for a in articles)
    placements = set(Article.flags.through.objects.values_list("flag__name", flat=True))
    assert placements == {"头条", "推荐", "幻灯"}
    assert all(a.ordered_tags for a in articles)
    assert any("<h2>" in a.body for a in articles)


def test_demo_fills_more_than_a_page_somewhere(demo):
    """Pagination shows after `make run`: a channel and a city hold more than a page."""
    published = Article.objects.published()
    gsyl = published.filter(channel__slug="gsyl").count()
    taiyuan = published.in_region(Region.objects.get(slug="taiyuan")).count()
    assert gsyl > PAGE_SIZE and taiyuan > PAGE_SIZE


def test_loading_twice_changes_nothing(demo):
    before = list(Article.objects.order_by("pk").values())
    links_before = list(ArticleTag.objects.order_by("pk").values())
    assert load_demo() == 0
    assert list(Article.objects.order_by("pk").values()) == before
    assert list(ArticleTag.objects.order_by("pk").values()) == links_before


def test_a_changed_demo_article_is_brought_back_in_line(demo):
    article = Article.objects.get(pk=FIRST_DEMO_ID)
    title, published_at = article.title, article.published_at
    article.title = "被改过的标题"
    article.save()
    article.set_tags(["别的"])
    assert load_demo() == 0
    article.refresh_from_db()
    assert article.title == title and article.published_at == published_at
    assert [t.name for t in article.ordered_tags] != ["别的"]
