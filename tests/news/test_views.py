"""The channel, region, channel × region and tag lists, and article URLs, over real HTTP."""

from datetime import timedelta

import pytest

from dayuan.news.models import Article
from dayuan.news.views import PAGE_SIZE
from tests.factories import make_article, make_many
from tests.htmltree import parse
from tests.livehttp import fresh_cache, http  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def listed_titles(html):
    """Titles of the page's own list, in order (not the sidebar's)."""
    primary = parse(html).find("div", class_="primary")
    return [item.find("a", class_="item-title").text for item in primary.find_all("li", class_="article-item")]


def pagination_links(html):
    nav = parse(html).find("nav", class_="pagination")
    return {link.text: link.attrs["href"] for link in nav.find_all("a")} if nav else {}


def assert_chinese_404(response):
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="zh-CN">' in response.text
    assert "页面不存在" in response.text


def test_channel_list_paginates_newest_first(http):
    """A channel with more than a page of articles links page 2, which holds the rest."""
    articles = make_many(PAGE_SIZE + 3)
    first = http.get("/gsyl/")
    assert first.status_code == 200
    assert listed_titles(first.text) == [a.title for a in articles[:PAGE_SIZE]]
    links = pagination_links(first.text)
    assert links["2"] == "/gsyl/page/2/" and links["下一页"] == "/gsyl/page/2/"
    assert "共 2 页" in first.text

    second = http.get(links["2"])
    assert second.status_code == 200
    assert listed_titles(second.text) == [a.title for a in articles[PAGE_SIZE:]]
    assert pagination_links(second.text)["上一页"] == "/gsyl/"
    assert "第2页" in parse(second.text).find("title").text


def test_page_past_the_end_is_a_chinese_404(http):
    """Page numbers beyond the last page (or page 0) answer 404 in Chinese."""
    make_many(3)
    for url in (
        "/gsyl/page/2/",
        "/gsyl/page/0/",
        "/region/taiyuan/page/5/",
        "/gsyl/taiyuan/page/2/",
        "/tag/不存在的页/page/2/",
    ):
        assert_chinese_404(http.get(url))
    assert "没有这一页" in http.get("/gsyl/page/2/").text


def test_single_page_list_has_no_pagination(http):
    make_many(2)
    response = http.get("/gsyl/")
    assert pagination_links(response.text) == {}
    assert 'class="pagination"' not in response.text


def test_channel_list_links_each_city(http):
    """The channel page offers its news per city, and those pages answer."""
    make_article("gsyl", "datong")
    html = http.get("/gsyl/").text
    chips = parse(html).find("nav", class_="chip-row")
    hrefs = [a.attrs["href"] for a in chips.find_all("a")]
    assert len(hrefs) == 11 and "/gsyl/jinzhong/" in hrefs
    assert http.get("/gsyl/datong/").status_code == 200


def test_region_home_includes_its_counties(http):
    """A city's page lists its own and its counties' articles and links every county."""
    city = make_article("jj", "jinzhong", title="晋中市级新闻")
    county = make_article("whly", "pingyao", title="平遥县新闻")
    make_article("gsyl", "datong", title="大同新闻")
    response = http.get("/region/jinzhong/")
    assert response.status_code == 200
    assert listed_titles(response.text) == [city.title, county.title]
    tree = parse(response.text)
    assert tree.find("h1").text == "晋中市"
    county_links = {
        a.text: a.attrs["href"] for nav in tree.find_all("nav", class_="chip-row") for a in nav.find_all("a")
    }
    assert county_links["平遥"] == "/region/pingyao/"
    assert county_links["各市一览"] == "/gsyl/jinzhong/"

    county_page = http.get("/region/pingyao/")
    assert listed_titles(county_page.text) == [county.title]
    assert 'href="/region/jinzhong/"' in county_page.text  # breadcrumb back to the city


def test_region_home_paginates(http):
    articles = make_many(PAGE_SIZE + 1, "ms", "xiaodian")
    assert listed_titles(http.get("/region/taiyuan/").text) == [a.title for a in articles[:PAGE_SIZE]]
    assert listed_titles(http.get("/region/taiyuan/page/2/").text) == [articles[-1].title]


def test_channel_region_list_filters_both_ways(http):
    """/<channel>/<region>/ holds only that channel's articles from that city and its counties."""
    wanted = [make_article("gsyl", "taiyuan"), make_article("gsyl", "qingxu")]
    make_article("jj", "taiyuan")
    make_article("gsyl", "datong")
    response = http.get("/gsyl/taiyuan/")
    assert response.status_code == 200
    assert listed_titles(response.text) == [a.title for a in wanted]
    assert "各市一览 · 太原" in parse(response.text).find("h1").text


def test_channel_region_list_paginates(http):
    articles = make_many(PAGE_SIZE + 2, "gsyl", "yingze")
    first = http.get("/gsyl/taiyuan/")
    assert pagination_links(first.text)["2"] == "/gsyl/taiyuan/page/2/"
    assert listed_titles(http.get("/gsyl/taiyuan/page/2/").text) == [a.title for a in articles[PAGE_SIZE:]]


def test_tag_page_lists_tagged_articles_and_paginates(http):
    tagged = make_many(PAGE_SIZE + 1, "jj", "datong", tags=["营商环境", "大同"])
    make_article("jj", "datong", tags=["别的标签"])
    response = http.get("/tag/营商环境/")
    assert response.status_code == 200
    assert parse(response.text).find("h1").text == "标签：营商环境"
    assert listed_titles(response.text) == [a.title for a in tagged[:PAGE_SIZE]]
    links = pagination_links(response.text)
    page_two = http.get(links["2"])
    assert page_two.status_code == 200
    assert listed_titles(page_two.text) == [tagged[-1].title]


def test_unknown_channel_region_tag_and_article_are_chinese_404s(http):
    article = make_article("gsyl", "jinzhong")
    for url in (
        "/nosuchchannel/",
        "/region/nowhere/",
        "/gsyl/nowhere/",
        "/nosuchchannel/taiyuan/",
        "/tag/没有这个标签/",
        "/gsyl/jinzhong/999999.html",
        "/nosuchchannel/nowhere/999999.html",
        f"/gsyl/jinzhong/{article.pk + 1000}.html",
        "/gsyl/jinzhong/abc.html",
    ):
        assert_chinese_404(http.get(url))


def test_article_under_wrong_channel_or_region_redirects_to_canonical_url(http):
    """A known article reached by another (or an unknown, e.g. renamed) channel or region
    moves permanently to its own URL, so old links keep working."""
    article = make_article("gsyl", "jinzhong")
    canonical = f"/gsyl/jinzhong/{article.pk}.html"
    assert http.get(canonical).status_code == 200
    for wrong in (
        f"/jj/jinzhong/{article.pk}.html",
        f"/gsyl/taiyuan/{article.pk}.html",
        f"/yw/pingyao/{article.pk}.html",
        f"/oldname/jinzhong/{article.pk}.html",
        f"/gsyl/nowhere/{article.pk}.html",
    ):
        response = http.get(wrong)
        assert response.status_code == 301, wrong
        assert response.headers["location"] == canonical


@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.SCHEDULED, Article.Status.WITHDRAWN]
)
def test_unpublished_articles_are_nowhere_to_be_read(http, status):
    """Drafts, articles in review, scheduled and withdrawn ones: not listed; their URL is a 404
    (a withdrawn article's is 410 Gone with a Chinese notice)."""
    hidden = make_article("gsyl", "jinzhong", title="不应出现的文章", tags=["隐藏"], status=status)
    make_article("gsyl", "jinzhong", tags=["隐藏"])
    response = http.get(f"/gsyl/jinzhong/{hidden.pk}.html")
    if status == "withdrawn":
        assert response.status_code == 410 and "撤稿" in response.text
    else:
        assert_chinese_404(response)
    for url in ("/", "/gsyl/", "/region/jinzhong/", "/gsyl/jinzhong/", "/tag/隐藏/"):
        response = http.get(url)
        assert response.status_code == 200, url
        assert hidden.title not in response.text, url


def test_future_articles_wait_for_their_time(http):
    """A published article dated in the future is not shown before its time."""
    future = make_article("gsyl", "jinzhong", title="明天才发布的文章", age=timedelta(hours=-2))
    assert_chinese_404(http.get(f"/gsyl/jinzhong/{future.pk}.html"))
    assert future.title not in http.get("/gsyl/").text


def test_article_meta_links_resolve(http):
    """The region and tag links on an article's meta line lead to pages that answer."""
    article = make_article("gsyl", "pingyao", tags=["古城", "文旅"])
    tree = parse(http.get(article.get_absolute_url()).text)
    meta = tree.find("p", class_="article-meta")
    region = meta.find("a", class_="region")
    assert region.text == "平遥" and region.attrs["href"] == "/region/pingyao/"
    tags = meta.find_all("a", class_="tag")
    assert [t.text for t in tags] == ["古城", "文旅"]
    for link in [region, *tags]:
        response = http.get(link.attrs["href"])
        assert response.status_code == 200
        assert article.title in response.text


def test_reprinted_article_names_its_source(http):
    article = make_article(
        "ms",
        "yuncheng",
        statement=Article.Statement.REPRINTED,
        source_name="示例晚报",
        source_url="https://news.example.com/a.html",
    )
    statement = parse(http.get(article.get_absolute_url()).text).find("section", class_="statement")
    source = statement.find("p", class_="source")
    assert source.text == "来源：示例晚报"
    assert source.find("a").attrs["href"] == "https://news.example.com/a.html"
    assert "本文转载自网络" in statement.text


def test_long_pagination_elides_middle_pages(http, monkeypatch):
    """With many pages the pager shows the ends and the neighbours, and … for the rest."""
    monkeypatch.setattr("dayuan.news.views.PAGE_SIZE", 2)
    articles = make_many(20, "jj", "datong")

    def pager(url):
        nav = parse(http.get(url).text).find("nav", class_="pagination")
        return [node.text for node in nav.iter() if node.tag in ("a", "span")]

    assert pager("/jj/") == ["1", "2", "3", "…", "9", "10", "下一页", "共 10 页"]
    assert pager("/jj/page/10/") == ["上一页", "1", "2", "…", "8", "9", "10", "共 10 页"]
    assert listed_titles(http.get("/jj/page/10/").text) == [a.title for a in articles[18:]]


def test_page_one_has_one_address(http):
    """/<list>/page/1/ answers 301 to the list's own URL."""
    make_article("gsyl", "jinzhong", tags=["一页"])
    for list_url in ("/gsyl/", "/gsyl/jinzhong/", "/region/jinzhong/"):
        response = http.get(list_url + "page/1/")
        assert response.status_code == 301 and response.headers["location"] == list_url
