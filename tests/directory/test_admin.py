import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dayuan.directory.models import ServiceCategory, ServiceEntry

pytestmark = pytest.mark.django_db


def entry_form(**overrides):
    data = {
        "name": "测试服务",
        "url": "https://example.org/",
        "phone": "",
        "description": "",
        "category": ServiceCategory.objects.get(slug="zwfw").pk,
        "region": "",
        "position": 0,
        "is_active": "on",
        "verified_on": "",
    }
    from dayuan.news.models import Region

    data["region"] = Region.objects.get(slug="taiyuan").pk
    data.update(overrides)
    return data


def test_javascript_url_is_refused_with_chinese_message(admin_client, services):
    """A `javascript:` entry is refused, the form is shown again with what was typed."""
    response = admin_client.post("/admin/directory/serviceentry/add/", entry_form(url="javascript:alert(1)"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "不接受 javascript:" in page and "测试服务" in page
    assert not ServiceEntry.objects.filter(name="测试服务").exists()


def test_admin_adds_an_entry(admin_client, services):
    response = admin_client.post("/admin/directory/serviceentry/add/", entry_form())
    assert response.status_code == 302
    assert ServiceEntry.objects.get(name="测试服务").url == "https://example.org/"


def test_admin_export_action_and_import_view(admin_client, services):
    """Exported CSV imports back; edits in the file update the matching entry."""
    ids = list(ServiceEntry.objects.values_list("pk", flat=True))
    response = admin_client.post(
        "/admin/directory/serviceentry/", {"action": "export_selected", "_selected_action": ids}
    )
    text = response.content.decode("utf-8-sig")
    assert text.startswith("name,url,category,region") and "山西省人民政府" in text
    edited = text.replace("山西省人民政府门户网站", "省政府门户")
    upload = SimpleUploadedFile("s.csv", edited.encode("utf-8"), content_type="text/csv")
    response = admin_client.post("/admin/directory/serviceentry/import/", {"file": upload})
    assert response.status_code == 302
    assert ServiceEntry.objects.get(name="山西省人民政府").description.startswith("省政府门户")
    assert ServiceEntry.objects.count() == len(ids)


def test_admin_import_refuses_bad_file_and_changes_nothing(admin_client, services):
    before = ServiceEntry.objects.count()
    bad = (
        "name,url,category,region\n好服务,https://example.org/,zwfw,taiyuan\n坏服务,javascript:alert(1),zwfw,taiyuan\n"
    )
    upload = SimpleUploadedFile("s.csv", bad.encode("utf-8"), content_type="text/csv")
    page = admin_client.post("/admin/directory/serviceentry/import/", {"file": upload}).content.decode()
    assert "第 3 行" in page and "导入失败" in page
    assert ServiceEntry.objects.count() == before
    gbk = SimpleUploadedFile("s.csv", "名称".encode("gbk"), content_type="text/csv")
    assert "UTF-8" in admin_client.post("/admin/directory/serviceentry/import/", {"file": gbk}).content.decode()


def test_mark_verified_action(admin_client, services):
    """An editor's check clears 待核实 and shows as the last-verified date on the page."""
    from django.utils import timezone

    entry = ServiceEntry.objects.get(name="太原市人民政府")
    admin_client.post("/admin/directory/serviceentry/", {"action": "mark_verified", "_selected_action": [entry.pk]})
    entry.refresh_from_db()
    assert not entry.needs_review and entry.verified_on == timezone.localdate()
    page = admin_client.get("/services/taiyuan/").content.decode()
    assert f'链接检查：<time datetime="{timezone.localdate():%Y-%m-%d}"' in page
