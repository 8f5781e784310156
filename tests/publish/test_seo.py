import json
import re

import pytest

from .conftest import make_article

pytestmark = pytest.mark.django_db


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_article_page_has_news_article_json_ld(client, base_data):
    """JSON-LD NewsArticle with headline, dates, author, publisher, image and isBasedOn for a reprint."""
    article = make_article(
        "晋中“</script>”测试转载",
        tags=["晋中"],
        statement="reprinted",
        source_name="山西日报",
        source_url="https://example.com/news/1.html",
        author="李记者",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    data = json_ld(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["datePublished"].startswith(article.published_at.astimezone().date().isoformat()[:4])
    assert data["dateModified"] and data["author"][0]["name"] == "李记者"
    assert data["publisher"]["name"] and data["publisher"]["logo"]["url"].startswith("http")
    assert data["image"][0].startswith("http://127.0.0.1:8000/static/")
    assert data["isBasedOn"] == "https://example.com/news/1.html"
    assert data["url"] == "http://127.0.0.1:8000" + article.get_absolute_url()


def test_original_article_has_no_is_based_on(client, base_data):
    html = client.get(make_article("原创文章").get_absolute_url()).content.decode()
    assert "isBasedOn" not in json_ld(html)


def test_article_page_has_canonical_opengraph_and_keywords(client, base_data):
    article = make_article("带图文章", tags=["经济区", "忻州"])
    article.body = '<p>正文</p><p><img src="/media/a.jpg" alt="图"></p>'
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    url = "http://127.0.0.1:8000" + article.get_absolute_url()
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta name="keywords" content="经济区,忻州">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:image" content="http://127.0.0.1:8000/media/a.jpg">' in html
    assert '<meta property="article:tag" content="忻州">' in html
    assert 'type="application/rss+xml"' in html


def test_list_pages_have_canonical_and_their_feed(client, base_data):
    html = client.get("/region/jinzhong/").content.decode()
    assert '<link rel="canonical" href="http://127.0.0.1:8000/region/jinzhong/">' in html
    assert 'href="/feeds/region/jinzhong/rss.xml"' in html
