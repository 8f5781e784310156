"""Tag names are valid URL path segments: whatever an editor or the extractor gives, no page breaks."""

from urllib.parse import unquote

import pytest
from django.urls import resolve

from dayuan.news.models import Article, ArticleTag, Tag
from tests.publish.conftest import make_article, public  # noqa: F401

pytestmark = pytest.mark.django_db
BAD_NAMES = ["A/B测试", "..", "a\\b", "50%涨幅", "问答?", "#话题", "换\n行"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_tag_from_code_is_transformed_so_every_page_works(client, base_data, public, name):
    """set_tags (extractor, importer, revisions) transforms names; article page, sitemap, re-bake
    and removal of the tag all work."""
    from dayuan.publish import baking

    article = make_article("带有怪标签的文章", tags=[name, "经济"])
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/sitemap.xml").status_code == 200
    for tag in article.ordered_tags:
        assert tag.name.strip(".") and not set(tag.name) & set("/\\\n\r\t\x00"), tag.name
        url = tag.get_absolute_url()
        assert resolve(unquote(url)).kwargs["name"] == tag.name
        assert client.get(url).status_code == 200, url
    counts = baking.bake_paths([article.get_absolute_url(), "/sitemap.xml"])
    assert not counts.get("failed"), counts
    article.set_tags(["经济"])
    assert client.get(article.get_absolute_url()).status_code == 200


def test_tag_created_with_orm_is_transformed_too(base_data):
    tag = Tag.objects.create(name="A/B")
    assert "/" not in tag.name and tag.get_absolute_url().startswith("/tag/")


def test_admin_refuses_a_tag_name_that_cannot_be_a_url(admin_client):
    response = admin_client.post("/admin/news/tag/add/", {"name": "A/B测试"})
    assert response.status_code == 200 and "不能包含" in response.content.decode()
    assert not Tag.objects.exists()
    response = admin_client.post("/admin/news/tag/add/", {"name": "经济区"})
    assert response.status_code == 302 and Tag.objects.get().name == "经济区"


def test_existing_chinese_tag_urls_keep_working(client, base_data):
    article = make_article("普通文章", tags=["经济区"])
    tag = Tag.objects.get(name="经济区")
    assert tag.get_absolute_url() == "/tag/%E7%BB%8F%E6%B5%8E%E5%8C%BA/"
    assert client.get("/tag/经济区/").status_code == 200
    assert ArticleTag.objects.filter(article=article).count() == 1


def test_a_bad_tag_already_in_the_database_does_not_break_pages(client, base_data):
    """Rows written before the rule (bulk_create skips save()): pages still answer."""
    article = make_article("旧数据", tags=["经济"])
    Tag.objects.filter(name="经济").update(name="旧/标签")
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/sitemap.xml").status_code == 200
    assert Article.objects.get(pk=article.pk).ordered_tags[0].name == "旧/标签"
