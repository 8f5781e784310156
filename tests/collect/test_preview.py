"""试采: the admin shows what a source would collect from one page, and saves nothing."""

import pytest

from dayuan.collect.models import CollectedItem, CollectRun, Fingerprint
from dayuan.news.models import Article

pytestmark = pytest.mark.django_db


def nothing_saved():
    return not (Article.objects.exists() or CollectRun.objects.exists() or CollectedItem.objects.exists()) and (
        not Fingerprint.objects.exists()
    )


def test_preview_of_a_feed_shows_the_first_article_without_saving(admin_client, fixture_site, make_source):
    source = make_source(fixture_site.url("/atom.xml"))
    url = f"/admin/collect/source/{source.pk}/preview/"
    page = admin_client.get(url).content.decode()
    assert "不保存任何东西" in page and "preview-title" not in page  # nothing read before asked
    page = admin_client.get(url, {"run": "1"}).content.decode()
    assert 'class="preview-title"' in page and "来源中找到" in page
    assert "没有采集过" in page and "共 " in page
    assert nothing_saved()


def test_preview_of_one_given_page_extracts_title_time_and_region(admin_client, fixture_site, make_source):
    from dayuan.collect.preview import preview

    source = make_source(fixture_site.url("/a/gsxw/"), kind="list")
    result = preview(source, fixture_site.url("/a/gsxw/2024/0516/101.html"))
    assert result.error == ""
    assert result.title == "太原市启动城中村改造三年行动 首批涉及二十个村"
    assert result.published is not None and result.published.year == 2024
    assert result.region.slug == "taiyuan" and result.text_length > 200 and result.tags
    page = admin_client.get(
        f"/admin/collect/source/{source.pk}/preview/", {"url": fixture_site.url("/a/gsxw/2024/0516/101.html")}
    ).content.decode()
    assert "城中村改造" in page
    assert nothing_saved()


def test_preview_says_in_chinese_why_it_read_nothing(admin_client, base_data, make_source):
    source = make_source("http://127.0.0.1:9/feed.xml")
    page = admin_client.get(f"/admin/collect/source/{source.pk}/preview/", {"run": "1"}).content.decode()
    assert 'class="errornote"' in page and "无法读取" in page
    assert nothing_saved()


def test_source_list_and_form_link_to_the_preview(admin_client, fixture_site, make_source):
    source = make_source(fixture_site.url("/atom.xml"))
    link = f"/admin/collect/source/{source.pk}/preview/"
    assert link in admin_client.get("/admin/collect/source/").content.decode()
    assert link in admin_client.get(f"/admin/collect/source/{source.pk}/change/").content.decode()
