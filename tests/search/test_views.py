"""The search page and /api/search over real HTTP requests."""

import pytest
from django.urls import reverse
from django.utils import timezone

from .conftest import make_article


@pytest.mark.django_db
def test_page_shows_count_time_marks_and_meta(client, articles):
    """Results show the count, the time taken, marked words, flag, region and date."""
    from dayuan.news.models import Flag

    article = articles["taixin"]
    article.flag = Flag.objects.get(name="重点关注")
    article.save()
    response = client.get(reverse("search:search"), {"q": "雄忻高铁"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="search-total">2<' in html
    assert "毫秒" in html
    assert "<mark>雄忻高铁</mark>" in html
    assert "【重点关注】" in html and "忻州" in html
    assert timezone.localtime(article.published_at).strftime("%Y-%m-%d") in html
    assert 'value="雄忻高铁"' in html  # the header box keeps the query


@pytest.mark.django_db
def test_snippets_escape_article_text(client, base_data):
    """Text of the article is escaped; only <mark> is markup."""
    make_article("安全测试", "&lt;script&gt;alert(1)&lt;/script&gt; 太原迎泽公园")
    html = client.get(reverse("search:search"), {"q": "迎泽公园"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>迎泽公园</mark>" in html


@pytest.mark.django_db
def test_filters_are_links(client, articles):
    """Regions and channels of the results are links that add a filter; active filters can be removed."""
    html = client.get(reverse("search:search"), {"q": "太忻"}).content.decode()
    assert "region%3Axinzhou" in html and "region%3Ajinzhong" in html
    html = client.get(reverse("search:search"), {"q": "太忻 region:jinzhong"}).content.decode()
    assert 'class="search-total">1<' in html
    assert 'class="filter-remove"' in html


@pytest.mark.django_db
def test_newest_first_and_pagination(client, base_data):
    """sort=newest orders by time; 25 results make two pages with links."""
    for n in range(25):
        make_article(f"阳泉新闻{n}号", "阳泉的消息")
    html = client.get(reverse("search:search"), {"q": "阳泉", "sort": "newest"}).content.decode()
    assert 'rel="next"' in html and "共 2 页" in html
    html2 = client.get(reverse("search:search"), {"q": "阳泉", "sort": "newest", "page": "2"}).content.decode()
    assert html2.count('class="search-result"') == 5


@pytest.mark.django_db
def test_empty_state_suggests(client, articles):
    """No results: suggestions to drop filters, exclusions or words, and popular tags."""
    html = client.get(reverse("search:search"), {"q": "太忻 手撕钢 -太原 region:datong"}).content.decode()
    assert "没有找到" in html
    assert "去掉筛选条件" in html and "不排除任何词" in html and "只搜索“太忻”" in html
    assert "热门标签" in html


HOSTILE = [
    "",
    "x" * 10_000,
    "！！。。",
    "NEAR(太原",
    "*",
    '"',
    "'",
    "--",
    "' OR 1=1 --",
    "'; DROP TABLE news_article;--",
    "region:火星 太原",
    "after:2099-99-99",
    "太原 -",
    "<script>alert(1)</script>",
    "%00",
    "\\",
    "OR",
    "太原 AND NOT",
    'tag:"',
    "{太原}",
    "太原^2",
    "col:太原",
    'NEAR("太原" "忻州", 2)',
]


@pytest.mark.django_db
def test_hostile_queries_answer_normally(client, articles):
    """Hostile input answers a normal 200 page and JSON, never an error."""
    for q in HOSTILE:
        response = client.get(reverse("search:search"), {"q": q, "page": "abc"})
        assert response.status_code == 200, q
        assert "<script>alert(1)</script>" not in response.content.decode()
        response = client.get(reverse("search:api"), {"q": q, "page": "99999"})
        assert response.status_code == 200 and "total" in response.json(), q


@pytest.mark.django_db
def test_api_returns_results(client, articles):
    """/api/search gives the same results as JSON."""
    data = client.get(reverse("search:api"), {"q": "手撕钢"}).json()
    assert data["total"] == 1
    row = data["results"][0]
    assert row["id"] == articles["steel"].pk
    assert row["url"].endswith(articles["steel"].get_absolute_url())
    assert "<mark>手撕钢</mark>" in row["snippet_html"]


@pytest.mark.django_db(transaction=True)
def test_search_over_live_http(live_server, articles):
    """The page answers over a real HTTP server (the header box posts GET to /search/)."""
    import httpx

    response = httpx.get(live_server.url + "/search/", params={"q": "太忻一体化"})
    assert response.status_code == 200
    assert "<mark>" in response.text
    response = httpx.get(live_server.url + "/api/search", params={"q": 'NEAR("'})
    assert response.status_code == 200


@pytest.mark.django_db
def test_related_articles_on_the_article_page(client, articles):
    """The article page lists related articles: shared tags and words, same city first."""
    response = client.get(articles["taixin"].get_absolute_url())
    html = response.content.decode()
    assert "相关文章" in html
    related = html.split("相关文章", 1)[1]
    assert related.index(articles["highway"].title) < related.index(articles["body_only"].title)
    assert articles["draft"].title not in related


@pytest.mark.django_db
def test_words_no_article_has_all_of_fall_back_to_any_of_them(client, base_data):
    """空气污染 where the text says 大气污染: the articles with some of the words, with a note
    that says so; a query some article matches in full is not loosened."""
    smog = make_article("太原市发布秋冬季大气污染防治措施", "今冬将加强工地扬尘和机动车尾气管控。")
    heat = make_article("关于太原市冬季供暖准备工作的通知", "各供热企业要在十一月一日前完成设备检修。")
    page = client.get(reverse("search:search"), {"q": "空气污染"}).content.decode()
    assert "没有找到包含全部搜索词的文章" in page and "（空气、污染）" in page
    assert smog.get_absolute_url() in page and heat.get_absolute_url() not in page
    data = client.get(reverse("search:api"), {"q": "取暖 火星 供暖"}).json()
    assert [row["id"] for row in data["results"]] == [heat.pk]
    assert data["notes"] and "部分词语" in data["notes"][0]
    data = client.get(reverse("search:api"), {"q": "大气污染"}).json()
    assert [row["id"] for row in data["results"]] == [smog.pk] and data["notes"] == []


@pytest.mark.django_db
def test_a_query_of_single_characters_is_not_loosened(client, base_data):
    """2号线 cuts into single characters, which nearly every article has: no fall-back."""
    make_article("太原地铁二号线客流稳步增长", "二号线日均客流超过二十万人次。")
    data = client.get(reverse("search:api"), {"q": "2号线"}).json()
    assert data["total"] == 0 and data["notes"] == []
