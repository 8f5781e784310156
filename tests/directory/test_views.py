import pytest

from dayuan.directory.models import ServiceCategory, ServiceEntry
from dayuan.news.models import Region

pytestmark = pytest.mark.django_db


def test_index_renders_province_entries_and_city_picker(client, services):
    """/services/ lists the province's portals by category and links every city's page."""
    page = client.get("/services/").content.decode()
    assert "山西省人民政府" in page and "https://www.shanxi.gov.cn/" in page
    assert "山西政务服务网" in page and "12345" in page
    assert 'href="/services/taiyuan/"' in page and 'href="/services/yuncheng/"' in page
    assert "太原市人民政府" not in page  # city entries live on the city page


def test_city_page_lists_city_then_counties_then_province(client, services):
    """/services/taiyuan/ shows Taiyuan's entries, then its counties', then the province's."""
    ServiceEntry.objects.create(
        name="小店区政务服务中心",
        url="https://example.org/xd",
        category=ServiceCategory.objects.get(slug="zwfw"),
        region=Region.objects.get(slug="xiaodian"),
    )
    page = client.get("/services/taiyuan/").content.decode()
    city, county, province = (
        page.index("太原市人民政府"),
        page.index("小店区政务服务中心"),
        page.index("山西省人民政府"),
    )
    assert city < county < province
    assert "大同市人民政府" not in page
    # Readers are not told that addresses await checking; a checked one shows its date.
    assert "待核实" not in page and "尚未核实" not in page


def test_county_or_unknown_slug_is_404(client, services):
    assert client.get("/services/xiaodian/").status_code == 404
    assert client.get("/services/nowhere/").status_code == 404


def test_filter_by_category_and_search(client, services):
    """The category filter and the search box narrow the entries; a miss says so."""
    page = client.get("/services/", {"category": "rx12345"}).content.decode()
    assert "12345政务服务便民热线" in page and "山西政务服务网" not in page
    page = client.get("/services/", {"q": "大同"}).content.decode()
    assert "大同市人民政府" in page and "太原市人民政府" not in page
    page = client.get("/services/", {"q": "<script>不存在"}).content.decode()
    assert "没有找到" in page and "<script>不存在" not in page


def test_city_home_links_its_service_page(client, services):
    page = client.get("/region/taiyuan/").content.decode()
    assert 'href="/services/taiyuan/"' in page
