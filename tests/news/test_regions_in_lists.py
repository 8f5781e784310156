"""A county's articles are its city's articles: kept in Article.city, so city lists read one index range."""

import pytest

from dayuan.news.models import Article, Region
from tests.factories import make_article
from tests.news.test_views import listed_titles

pytestmark = pytest.mark.django_db


def test_city_and_province_lists_hold_their_counties_articles(base_data):
    county = make_article("gsyl", "yuci", title="榆次的新闻")
    city = make_article("gsyl", "jinzhong", title="晋中市的新闻")
    elsewhere = make_article("gsyl", "taiyuan", title="太原的新闻")
    jinzhong, shanxi = Region.objects.get(slug="jinzhong"), Region.objects.get(level=Region.PROVINCE)
    assert county.city == jinzhong and city.city == jinzhong and shanxi.city == shanxi
    assert set(Article.objects.in_region(jinzhong)) == {county, city}
    assert set(Article.objects.in_region(Region.objects.get(slug="yuci"))) == {county}
    assert set(Article.objects.in_region(shanxi)) == {county, city, elsewhere}


def test_moving_an_article_or_a_county_moves_its_city(base_data, client):
    article = make_article("gsyl", "yuci", title="搬家的新闻")
    article.region = Region.objects.get(slug="xiaodian")  # a Taiyuan district
    article.save()
    assert Article.objects.get(pk=article.pk).city.slug == "taiyuan"
    assert "搬家的新闻" in listed_titles(client.get("/region/taiyuan/").text)
    assert "搬家的新闻" not in listed_titles(client.get("/region/jinzhong/").text)

    county = Region.objects.get(slug="xiaodian")
    county.parent = Region.objects.get(slug="jinzhong")  # a boundary change
    county.save()
    assert Article.objects.get(pk=article.pk).city.slug == "jinzhong"
    assert "搬家的新闻" in listed_titles(client.get("/region/jinzhong/").text)
