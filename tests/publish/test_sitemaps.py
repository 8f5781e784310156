import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest

from tests.publish.conftest import make_article

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "n": "http://www.google.com/schemas/sitemap-news/0.9"}


@pytest.fixture(scope="session")
def sitemap_xsd(tmp_path_factory):
    """sitemap.xsd (0.9) from the npm `sitemap` package, installed in a temporary directory."""
    if not shutil.which("xmllint"):
        pytest.skip("xmllint missing: install Debian's libxml2-utils (make browser-deps does when root)")
    if not shutil.which("npm"):
        pytest.skip("npm missing: the sitemap 0.9 schema comes from the npm `sitemap` package")
    directory = tmp_path_factory.mktemp("npm-sitemap")
    result = subprocess.run(
        ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(directory), "sitemap@8"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    xsd = directory / "node_modules" / "sitemap" / "schema" / "sitemap.xsd"
    if result.returncode or not xsd.exists():
        pytest.skip(f"could not install the npm sitemap package: {result.stderr[-300:]}")
    return xsd


def xmllint(xsd, content, tmp_path):
    document = Path(tmp_path) / "sitemap.xml"
    document.write_bytes(content)
    result = subprocess.run(["xmllint", "--noout", "--schema", str(xsd), str(document)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_sitemap_validates_against_the_xsd(client, base_data, sitemap_xsd, tmp_path):
    """sitemap.xml lists pages, articles and tags, and is valid sitemap 0.9."""
    article = make_article("晋中新闻", tags=["晋中"])
    content = client.get("/sitemap.xml").content
    xmllint(sitemap_xsd, content, tmp_path)
    locs = [e.text for e in ET.fromstring(content).findall("s:url/s:loc", NS)]
    base = "http://127.0.0.1:8000"
    assert {base + "/", base + article.get_absolute_url(), base + "/tag/%E6%99%8B%E4%B8%AD/"} <= set(locs)
    section = client.get("/sitemaps/articles-1.xml")
    assert section.status_code == 200
    xmllint(sitemap_xsd, section.content, tmp_path)


def test_sitemap_becomes_an_index_past_50000_urls(client, base_data, monkeypatch):
    """Past the single-file limit, sitemap.xml is an index of sections that each answer."""
    from dayuan.publish import sitemaps

    monkeypatch.setattr(sitemaps, "SINGLE_FILE_LIMIT", 100)
    monkeypatch.setattr(sitemaps.DayuanSitemap, "limit", 60)
    content = client.get("/sitemap.xml").content
    root = ET.fromstring(content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    locs = [e.text for e in root.findall("s:sitemap/s:loc", NS)]
    assert "http://127.0.0.1:8000/sitemaps/pages-3.xml" in locs
    for loc in locs:
        assert client.get(loc.removeprefix("http://127.0.0.1:8000")).status_code == 200
    assert client.get("/sitemaps/pages-99.xml").status_code == 404


def test_news_sitemap_has_the_last_two_days(client, base_data):
    recent = make_article("新近文章", minutes_ago=30)
    old = make_article("三天前文章", minutes_ago=int(timedelta(days=3).total_seconds() // 60))
    root = ET.fromstring(client.get("/sitemap-news.xml").content)
    titles = [e.text for e in root.findall("s:url/n:news/n:title", NS)]
    assert recent.title in titles and old.title not in titles


def test_robots_txt_names_the_sitemaps(client, base_data):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text


def test_article_section_lists_public_articles_with_their_local_change_date(client, base_data):
    """Each public article at its canonical address with the local (Beijing) date of its last
    change; a draft and a scheduled article are not listed."""
    from django.utils import timezone

    from dayuan.news.models import Article

    listed = make_article("晋中新闻", channel="ms", region="taiyuan")
    # 17:30 UTC is already the next day in Beijing: the date shown must be the local one.
    changed = timezone.now().replace(hour=17, minute=30) - timedelta(days=3)
    Article.objects.filter(pk=listed.pk).update(updated_at=changed)
    make_article("草稿", status=Article.Status.DRAFT)
    make_article("定时发布", minutes_ago=-60)
    content = client.get("/sitemaps/articles-1.xml").content
    urls = ET.fromstring(content).findall("s:url", NS)
    assert [u.find("s:loc", NS).text for u in urls] == ["http://127.0.0.1:8000" + listed.get_absolute_url()]
    assert urls[0].find("s:lastmod", NS).text == timezone.localtime(changed).date().isoformat()
    assert timezone.localtime(changed).date() != changed.date()
    assert urls[0].find("s:changefreq", NS).text == "weekly"
