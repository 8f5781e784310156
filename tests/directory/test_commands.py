import io

import pytest
from django.core.management import CommandError, call_command

from dayuan.directory.basedata import load_initial_services
from dayuan.directory.models import ServiceEntry

pytestmark = pytest.mark.django_db


def test_initial_data_covers_province_and_every_city(services):
    """The province's portal and service platform plus each of the 11 cities' two entries."""
    assert ServiceEntry.objects.filter(region__slug="shanxi", url="https://www.shanxi.gov.cn/").exists()
    assert ServiceEntry.objects.filter(region__level=2).values("region").distinct().count() == 11
    assert ServiceEntry.objects.filter(region__level=2, needs_review=True).count() == 22


def test_loading_twice_keeps_editor_changes(services):
    entry = ServiceEntry.objects.get(name="山西省人民政府")
    entry.description = "编辑改过"
    entry.save()
    assert load_initial_services() == 0
    assert ServiceEntry.objects.get(name="山西省人民政府").description == "编辑改过"


def test_init_command_loads_the_directory(db):
    call_command("init", verbosity=0)
    assert (
        ServiceEntry.objects.filter(region__slug="taiyuan").count() == 3
    )  # the city portal, its 政务服务 and its 12345 line


def test_export_import_round_trip(services, tmp_path):
    path = tmp_path / "services.csv"
    call_command("services-export", str(path), stderr=io.StringIO())
    count = ServiceEntry.objects.count()
    ServiceEntry.objects.filter(name="太原市人民政府").update(phone="")
    text = path.read_text(encoding="utf-8-sig").replace(
        "太原市人民政府门户网站：政务公开、政策文件与办事指南。,", "新说明,"
    )
    path.write_text(text + "新服务,https://example.org/,bmcx,taiyuan,0351-1,说明,9,1,0\n", encoding="utf-8")
    out = io.StringIO()
    call_command("services-import", str(path), stdout=out)
    assert "新增 1 条" in out.getvalue()
    assert ServiceEntry.objects.count() == count + 1
    assert ServiceEntry.objects.get(name="太原市人民政府").description == "新说明"


def test_import_refuses_bad_rows_with_line_numbers(services, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "name,url,category,region\n甲,javascript:alert(1),zwfw,taiyuan\n乙,https://x.org/,无此类,taiyuan\n"
        "丙,https://x.org/,zwfw,atlantis\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        call_command("services-import", str(path))
    message = str(error.value)
    assert "第 2 行" in message and "第 3 行" in message and "第 4 行" in message
    assert not ServiceEntry.objects.filter(name__in=["甲", "乙", "丙"]).exists()
    path.write_text("title,link\n", encoding="utf-8")
    with pytest.raises(CommandError, match="缺少列"):
        call_command("services-import", str(path))
