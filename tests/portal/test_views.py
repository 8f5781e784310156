"""The home page, the about page, the 404 page and static files, over real HTTP."""

import pytest

from dayuan.core.models import SiteSettings
from dayuan.news.models import Article, Region
from tests.factories import make_article
from tests.htmltree import parse
from tests.livehttp import fresh_cache, http  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def section(tree, heading_id):
    return next(node for node in tree.find_all("section") if node.attrs.get("aria-labelledby") == heading_id)


def titles(node):
    return [a.text for a in node.find_all("a", class_="item-title")]


def test_home_shows_headlines_focus_latest_and_every_city(http):
    """Home: 头条 on top, flagged articles under 重点关注, the newest under 最新资讯, a block per city."""
    top = make_article(
        "yw",
        "taiyuan",
        title="头条新闻",
        placements=["头条"],
        body="<p>头条导语第一段。</p><h2>小标题</h2><p>第二段。</p>",
    )
    make_article("gsyl", "datong", title="重点新闻", flag="重点关注")
    recommended = make_article("jj", "changzhi", title="推荐新闻", placements=["推荐"])
    plain = make_article("ms", "pingyao", title="普通新闻")
    make_article("ms", "pingyao", title="草稿新闻", status=Article.Status.DRAFT)

    response = http.get("/")
    assert response.status_code == 200
    tree = parse(response.text)
    assert tree.find("h1").text == SiteSettings.load().name

    headline = tree.find("article", class_="headline")
    assert headline.find("a").text == top.title
    assert headline.find("p").text == "头条导语第一段。"  # the lead paragraph, not the sub-heading

    # Each story once up top: 推荐 has its own block, so 重点关注 and 最新资讯 leave out
    # what the blocks above them show.
    assert titles(section(tree, "recommended-title")) == [recommended.title]
    focus_titles = titles(section(tree, "focus-title"))
    assert focus_titles == ["【重点关注】重点新闻"]
    assert titles(section(tree, "latest-title")) == [plain.title]

    blocks = section(tree, "cities-title").find_all("section", class_="city-block")
    cities = list(Region.objects.filter(level=Region.CITY))
    assert [b.find("h3").find("a").text for b in blocks] == [c.short_name for c in cities]
    by_city = {b.find("h3").find("a").attrs["href"]: titles(b) for b in blocks}
    assert by_city["/region/jinzhong/"] == [plain.title]  # a county's article shows under its city
    assert by_city["/region/lvliang/"] == []
    assert "草稿新闻" not in response.text
    for href in by_city:
        assert http.get(href).status_code == 200


def test_home_without_articles_still_reads(http):
    response = http.get("/")
    assert response.status_code == 200
    assert "暂无文章" in response.text


def test_about_page_uses_site_settings(http, site_toml):
    from dayuan.core.siteconfig import load_site_file

    load_site_file(site_toml)
    response = http.get("/about/")
    assert response.status_code == 200
    tree = parse(response.text)
    assert tree.find("h1").text == "关于山西大院新闻网"
    assert "本地公共服务导航一站式进入本地各大政府服务平台" in tree.find("main").text
    assert "联系站长处理" in tree.find("main").text
    # The footer links the about page on every page.
    assert 'href="/about/"' in http.get("/").text


def test_unknown_path_is_a_chinese_404_with_the_layout(http):
    response = http.get("/no/such/page/here/")
    assert response.status_code == 404
    tree = parse(response.text)
    assert tree.find("html").attrs["lang"] == "zh-CN"
    assert tree.find("h1").text == "页面不存在"
    assert tree.find("a", class_="site-title") is not None
    assert tree.find("footer") is not None


def test_static_files_are_served(http):
    """The stylesheet and icon come from this server (WhiteNoise), not another host."""
    html = http.get("/").text
    tree = parse(html)
    hrefs = [link.attrs["href"] for link in tree.find_all("link") if link.attrs.get("rel") in ("stylesheet", "icon")]
    assert len(hrefs) == 2
    for href in hrefs:
        assert href.startswith("/static/")
        response = http.get(href)
        assert response.status_code == 200
        assert response.content
    assert http.get("/static/portal/site.css").headers["content-type"].startswith("text/css")


def test_pages_load_nothing_from_other_hosts(http):
    article = make_article("gsyl", "jinzhong", tags=["示例"])
    for url in ("/", article.get_absolute_url(), "/gsyl/", "/region/jinzhong/", "/tag/示例/", "/about/"):
        tree = parse(http.get(url).text)
        loaded = [
            node.attrs.get("src")
            for node in tree.iter()
            if node.tag in ("script", "img", "iframe", "source")
            and not (node.tag == "script" and "src" not in node.attrs)
        ]  # inline JSON-LD loads nothing
        loaded += [
            node.attrs.get("href")
            for node in tree.find_all("link")
            if node.attrs.get("rel") in ("stylesheet", "icon", "preload", "modulepreload")
        ]
        assert loaded, url
        for value in loaded:
            assert value and not value.startswith(("http:", "https:", "//")), (url, value)


def test_footer_shows_record_numbers_when_set_and_the_chinese_disclaimer(http):
    """The Chinese disclaimer is there (the English one too: DESIGN P11 keeps the seed's footer)."""
    site = SiteSettings.load()
    site.disclaimer_en = "copyright protection: All articles"
    site.disclaimer_zh = "版权声明：本站所有文章"
    site.save()
    page = http.get("/about/").text
    assert "版权声明：本站所有文章" in page
    assert "beian.miit.gov.cn" not in page and "公网安备" not in page
    site.icp_number = "晋ICP备12345678号-1"
    site.police_record = "晋公网安备 14010502000001号"
    site.save()
    footer = parse(http.get("/about/").text).find("footer")
    links = {a.text: a.attrs["href"] for a in footer.find_all("a")}
    assert links["晋ICP备12345678号-1"] == "https://beian.miit.gov.cn/"
    assert links["晋公网安备 14010502000001号"].endswith("?code=14010502000001")


def test_search_page_is_gzipped_and_has_one_search_landmark(http):
    response = http.get("/search/?q=太原", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.text.count('role="search"') == 1
    assert http.get("/services/").text.count('role="search"') == 1
