"""The reader pages' site blocks over real HTTP: share (copy link, WeChat QR code), friend links,
ad slots in their named places, and the footer's disclaimers with the Chinese one first."""

import pytest

from dayuan.core.models import SiteSettings
from dayuan.portal.models import AdSlot, FriendLink
from tests.factories import make_article
from tests.htmltree import parse
from tests.livehttp import fresh_cache, http  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_article_page_offers_a_copy_button_and_a_qr_code_of_its_address(http):
    article = make_article(title="分享测试文章")
    page = http.get(article.get_absolute_url()).text
    tree = parse(page)
    share = tree.find("section", class_="share")
    url = SiteSettings.load().base_url + article.get_absolute_url()
    assert share.find("button", class_="share-copy").attrs["data-share-url"] == url
    svg = share.find("svg")
    assert svg is not None and "share-qr" in svg.attrs["class"] and svg.find("path") is not None
    assert any("share" in node.attrs.get("src", "") for node in tree.find_all("script"))
    assert "微信" in share.text
    # No third-party or inline script anywhere on the page (CSP; JSON-LD is data, not script).
    for node in tree.find_all("script"):
        if node.attrs.get("type") == "application/ld+json":
            continue
        assert node.attrs.get("src", "").startswith("/static/") and not node.text.strip(), node.attrs


def test_friend_links_show_in_the_footer_in_their_order_and_follow_changes(http):
    assert "友情链接" not in http.get("/about/").text
    FriendLink.objects.create(name="山西新闻网", url="https://www.sxrb.com/", position=2)
    FriendLink.objects.create(name="太原市政府", url="https://www.taiyuan.gov.cn/", position=1)
    FriendLink.objects.create(name="已停用", url="https://example.com/", is_active=False)
    footer = parse(http.get("/about/").text).find("footer")
    links = footer.find("nav", class_="friend-links")
    assert [a.text for a in links.find_all("a")] == ["太原市政府", "山西新闻网"]
    FriendLink.objects.filter(name="太原市政府").delete()
    footer = parse(http.get("/about/").text).find("footer")
    assert [a.text for a in footer.find("nav", class_="friend-links").find_all("a")] == ["山西新闻网"]


def test_ads_show_in_their_named_places_only(http):
    article = make_article()
    AdSlot.objects.create(place="home_top", title="首页通栏广告", url="https://ad.example.com/a")
    AdSlot.objects.create(place="article_bottom", title="文章底部广告", url="https://ad.example.com/b")
    AdSlot.objects.create(place="home_side", title="停用的广告", url="https://ad.example.com/c", is_active=False)
    home = http.get("/").text
    assert "首页通栏广告" in home and "文章底部广告" not in home and "停用的广告" not in home
    top = parse(home).find("aside", class_="ad-home_top")
    link = top.find("a")
    assert link.attrs["href"] == "https://ad.example.com/a" and "sponsored" in link.attrs["rel"]
    assert "广告" in top.find(class_="ad-mark").text
    page = http.get(article.get_absolute_url()).text
    assert "文章底部广告" in page and "首页通栏广告" not in page


def test_footer_reads_the_chinese_disclaimer_before_the_english_one(http):
    site = SiteSettings.load()
    site.disclaimer_en = "copyright protection: All articles"
    site.disclaimer_zh = "版权声明：本站所有文章"
    site.save()
    footer = parse(http.get("/about/").text).find("footer")
    texts = [p.text for p in footer.find_all("p", class_="disclaimer")]
    assert texts == ["版权声明：本站所有文章", "copyright protection: All articles"]
