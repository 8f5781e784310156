"""相关文章 on the demo site and the seed: the top items share a tag or a region with the article."""

import pytest
from django.core.cache import cache

from dayuan.news.models import Article, city_of
from dayuan.search.related import related_articles

pytestmark = pytest.mark.django_db


def shares_tag_or_region(article, other):
    tags = {tag.name for tag in article.ordered_tags}
    place_tags = {tag.name.removesuffix("市") for tag in article.ordered_tags}
    return (
        bool(tags & {tag.name for tag in other.ordered_tags})
        or city_of(other.region_id) == city_of(article.region_id)
        or other.region.city.short_name in place_tags
    )


@pytest.fixture
def demo_site(base_data):
    from dayuan.portal.demo import load_demo

    cache.clear()
    load_demo()


def test_every_demo_articles_top_related_share_a_tag_or_region(demo_site):
    checked = 0
    for article in Article.objects.published().prefetch_related("tags"):
        related = related_articles(article, limit=3)
        for other in related:
            assert shares_tag_or_region(article, other), (article.title, other.title)
        checked += bool(related)
    assert checked >= 30


def test_the_seed_articles_related_are_from_its_cities_not_any_story_with_a_common_word(demo_site, seed_article):
    """The seed (an economic-zone story about 忻州, filed under 晋中) gets 晋中 and 忻州 stories,
    not 庭院经济 in 娄烦 for the word 经济."""
    related = related_articles(seed_article, limit=5)
    assert len(related) >= 3
    for other in related:
        assert shares_tag_or_region(seed_article, other), other.title
    assert {other.region.city.short_name for other in related} <= {"晋中", "忻州"}
    assert "娄烦县发展庭院经济带动农户增收" not in [other.title for other in related]


def test_shared_tags_outrank_a_shared_city(demo_site):
    yungang = Article.objects.get(title="大同市云冈石窟推出夜游项目")
    related = related_articles(yungang, limit=5)
    wenlv = [other for other in related if "文旅" in {t.name for t in other.ordered_tags}]
    assert related[0] in wenlv  # a 文旅 story from another city before a 大同 market story
