"""Operator tools in the back office over HTTP: the 推荐位 overview with number ordering, and
生成静态 started from the admin, run by the worker, its progress read back."""

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command

from dayuan.news.models import Flag
from dayuan.portal.models import BakeJob, SlotPosition
from dayuan.tasks.models import Task
from tests.factories import make_article
from tests.htmltree import parse

pytestmark = pytest.mark.django_db
SLOTS = "/admin/portal/slotposition/"
BAKE = "/admin/portal/bakejob/"


@pytest.fixture
def chief(client, base_data, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("主编", password="pw"))
    return client


def recommended_titles(client):
    tree = parse(client.get("/").content.decode())
    block = tree.find("section", class_="recommended")
    return [a.text for a in block.find_all("a", class_="item-title")]


def test_slot_overview_lists_each_slot_and_numbers_reorder_the_home_page(chief):
    old, new = (
        make_article(title="较早的推荐", placements=["推荐"]),
        make_article(title="较新的推荐", placements=["推荐"]),
    )
    new.published_at, old.published_at = old.published_at, new.published_at  # `new` is the newer one
    new.save(), old.save()
    page = chief.get(SLOTS).content.decode()
    tuijian = Flag.objects.get(slug="tuijian")
    block = parse(page).find("section", id="slot-tuijian")
    assert [a.text for a in block.find_all("a")] == ["较新的推荐", "较早的推荐"]  # unranked: newest first
    assert recommended_titles(chief) == ["较新的推荐", "较早的推荐"]

    response = chief.post(SLOTS, {f"pos-{tuijian.pk}-{old.pk}": "1", f"pos-{tuijian.pk}-{new.pk}": ""})
    assert response.status_code == 302
    assert SlotPosition.objects.get(flag=tuijian, article=old).position == 1
    assert Task.objects.filter(name="publish.rebake_paths", args=[["/"]]).exists()  # the baked home follows
    block = parse(chief.get(SLOTS).content.decode()).find("section", id="slot-tuijian")
    assert [a.text for a in block.find_all("a")] == ["较早的推荐", "较新的推荐"]
    assert recommended_titles(chief) == ["较早的推荐", "较新的推荐"]

    # A word instead of a number is refused with a Chinese message, the rank kept.
    response = chief.post(SLOTS, {f"pos-{tuijian.pk}-{old.pk}": "第一"}, follow=True)
    assert any("不是整数" in str(m) for m in get_messages(response.wsgi_request))
    assert SlotPosition.objects.get(flag=tuijian, article=old).position == 1
    # Emptied: back to newest first.
    chief.post(SLOTS, {f"pos-{tuijian.pk}-{old.pk}": ""})
    assert not SlotPosition.objects.exists()


def test_bake_started_from_the_admin_runs_in_the_worker_with_progress(chief, settings):
    make_article(title="要生成静态的文章")
    page = chief.get(BAKE).content.decode()
    assert "开始生成静态" in page and "bake.js" in page
    assert chief.get(BAKE + "add/")["Location"] == BAKE  # no form: the button starts a bake
    response = chief.post(BAKE + "start/")
    assert response.status_code == 302
    job = BakeJob.objects.get()
    assert job.status == BakeJob.Status.PENDING
    assert Task.objects.filter(name="portal.bake", args=[job.pk]).exists()
    progress = chief.get(f"{BAKE}{job.pk}/progress/").json()
    assert progress["status"] == "pending" and progress["finished"] is False

    # A second start while one is waiting is refused, nothing queued twice.
    response = chief.post(BAKE + "start/", follow=True)
    assert any("已有一次生成在进行" in str(m) for m in get_messages(response.wsgi_request))
    assert BakeJob.objects.count() == 1

    call_command("worker", "--once")
    progress = chief.get(f"{BAKE}{job.pk}/progress/").json()
    assert progress["status"] == "done" and progress["finished"] is True, progress
    assert progress["total"] > 5 and progress["done"] == progress["total"] and progress["percent"] == 100
    assert "完成" in progress["summary"] and "失败 0" in progress["summary"]
    assert (settings.DAYUAN_HOME / "public" / "index.html").exists()
    page = chief.get(BAKE).content.decode()
    assert "已完成" in page and "data-progress-url" not in page  # nothing left to poll


def test_bake_needs_the_add_permission(client, base_data, django_user_model):
    user = django_user_model.objects.create_user("编辑", password="pw", is_staff=True)
    client.force_login(user)
    assert client.post(BAKE + "start/").status_code == 403
    assert not BakeJob.objects.exists()


def test_a_bake_whose_task_ended_without_it_does_not_block_the_next(chief):
    chief.post(BAKE + "start/")
    stuck = BakeJob.objects.get()
    Task.objects.filter(name="portal.bake").update(status=Task.Status.FAILED)  # its worker died for good
    chief.post(BAKE + "start/")
    stuck.refresh_from_db()
    assert stuck.status == BakeJob.Status.FAILED and "中断" in stuck.summary
    assert BakeJob.objects.filter(status=BakeJob.Status.PENDING).count() == 1


def test_ad_pictures_are_checked_like_covers(chief, settings, tmp_path):
    """An SVG (it may carry script) is refused with a Chinese message; a JPEG is kept, re-encoded
    (editorial.images.clean_image: size and pixel limits, metadata dropped)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from dayuan.portal.models import AdSlot

    settings.MEDIA_ROOT = tmp_path
    form = {"place": "home_top", "title": "通栏", "url": "https://ad.example.com/", "position": 0, "is_active": "on"}
    svg = SimpleUploadedFile("ad.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    page = chief.post("/admin/portal/adslot/add/", {**form, "image": svg}).content.decode()
    assert 'class="errorlist' in page and "有效的图片" in page and not AdSlot.objects.exists()
    jpeg = io.BytesIO()
    Image.new("RGB", (300, 100), (10, 120, 200)).save(jpeg, format="JPEG")
    upload = SimpleUploadedFile("ad.jpg", jpeg.getvalue(), content_type="image/jpeg")
    assert chief.post("/admin/portal/adslot/add/", {**form, "image": upload}).status_code == 302
    assert AdSlot.objects.get().image.name.endswith(".jpg")


def test_a_site_wide_re_bake_shows_its_progress_on_the_bake_page(chief, settings):
    from dayuan.portal.models import FriendLink

    make_article(title="全站重新生成的文章")
    call_command("bake", no_progress=True, jobs=1, no_static=True)
    FriendLink.objects.create(name="山西新闻网", url="https://www.sxrb.com/")  # on every page's footer
    assert Task.objects.filter(name="publish.bake_site", status="pending").exists()
    assert not BakeJob.objects.exists()

    call_command("worker", "--once")
    job = BakeJob.objects.get()
    assert job.status == BakeJob.Status.DONE and job.started_by is None
    assert job.total > 5 and job.done == job.total, (job.done, job.total)
    assert "自动重新生成全站" in job.summary and "失败 0" in job.summary
    assert "山西新闻网" in (settings.DAYUAN_HOME / "public" / "index.html").read_text()
    page = chief.get(BAKE).content.decode()
    assert "自动重新生成全站" in page and "已完成" in page
    progress = chief.get(f"{BAKE}{job.pk}/progress/").json()
    assert progress["percent"] == 100 and progress["finished"] is True
