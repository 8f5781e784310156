from dayuan.news.basedata import load_base_data
from dayuan.news.models import Region


def test_gazetteer_has_shanxi_cities_and_counties(base_data):
    """Shanxi, its 11 prefecture-level cities and 117 county-level divisions are loaded."""
    assert Region.objects.get(level=Region.PROVINCE).name == "山西省"
    cities = Region.objects.filter(level=Region.CITY)
    assert cities.count() == 11
    assert Region.objects.filter(level=Region.COUNTY).count() == 117
    jinzhong = Region.objects.get(slug="jinzhong")
    assert (jinzhong.name, jinzhong.short_name, jinzhong.code) == ("晋中市", "晋中", "140700")


def test_slugs_follow_official_romanization(base_data):
    """Polyphonic place names get their official readings, not pypinyin's defaults."""
    slugs = dict(Region.objects.values_list("name", "slug"))
    assert slugs["长治市"] == "changzhi"
    assert slugs["长子县"] == "zhangzi"
    assert slugs["洪洞县"] == "hongtong"
    assert slugs["吕梁市"] == "lvliang"
    assert slugs["万柏林区"] == "wanbailin"


def test_loading_twice_changes_nothing(base_data):
    """Base data loads idempotently."""
    before = Region.objects.count()
    load_base_data()
    assert Region.objects.count() == before


def test_counties_roll_up_to_their_city(base_data):
    """Every county-level division has its prefecture-level city as parent."""
    yuci = Region.objects.get(slug="yuci")
    assert yuci.parent.slug == "jinzhong" and yuci.city.slug == "jinzhong"
    assert not Region.objects.filter(level=Region.COUNTY, parent__isnull=True).exists()
    assert Region.objects.get(slug="jinzhong").parent.level == Region.PROVINCE
