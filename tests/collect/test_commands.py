"""`dayuan collect add|list|run|show` and the admin pages."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dayuan.collect.models import CollectRun, Source

pytestmark = pytest.mark.django_db


def collect(*args):
    out = StringIO()
    call_command("collect", *args, stdout=out)
    return out.getvalue()


def test_add_list_run_show(base_data, fixture_site):
    """A source added from the shell is listed, run, and its items shown with their outcomes."""
    out = collect(
        "add",
        fixture_site.url("/atom.xml"),
        "--name",
        "三晋在线",
        "--channel",
        "gsyl",
        "--region",
        "晋中",
        "--trusted",
        "--rule",
        "幼儿园 => ms",
        "--interval",
        "15",
    )
    assert "已添加采集来源 #" in out
    source = Source.objects.get()
    assert (source.region.slug, source.interval, source.trusted) == ("jinzhong", 15, True)
    assert "尚未采集" in collect("list")

    out = collect("run", str(source.pk), "--no-progress")
    assert "新增 3" in out
    out = collect("show", str(source.pk))
    assert out.count("[新增]") == 3 and "幼儿园 => ms" in out
    assert "完成" in collect("list")

    out = collect("run", "--all", "--no-progress")
    assert "无更新" in out  # Last-Modified answered with 304
    assert CollectRun.objects.count() == 2


def test_add_rejects_bad_input(base_data):
    """Bad channel, region, URL or rule give one clear Chinese message."""
    with pytest.raises(CommandError, match="栏目"):
        collect("add", "http://example.com/rss", "--name", "x", "--channel", "nope", "--region", "taiyuan")
    with pytest.raises(CommandError, match="找不到地区"):
        collect("add", "http://example.com/rss", "--name", "x", "--channel", "gsyl", "--region", "火星")
    with pytest.raises(CommandError, match="http://"):
        collect("add", "example.com/rss", "--name", "x", "--channel", "gsyl", "--region", "taiyuan")
    with pytest.raises(CommandError, match="没有这些栏目别名"):
        collect(
            "add",
            "http://example.com/rss",
            "--name",
            "x",
            "--channel",
            "gsyl",
            "--region",
            "taiyuan",
            "--rule",
            "旅游 => nosuch",
        )
    with pytest.raises(CommandError, match="导入目录"):  # outside DAYUAN_IMPORT_DIR
        collect("add", "/no/such/dir", "--kind", "file", "--name", "x", "--channel", "gsyl", "--region", "taiyuan")
    with pytest.raises(CommandError, match="找不到本地文件"):
        collect("add", "no-such-dir", "--kind", "file", "--name", "x", "--channel", "gsyl", "--region", "taiyuan")
    assert not Source.objects.exists()


def test_run_needs_a_target(db):
    with pytest.raises(CommandError, match="--all"):
        collect("run")
    with pytest.raises(CommandError, match="没有这些来源编号"):
        collect("run", "99")


def test_admin_pages(admin_client, base_data, fixture_site, make_source):
    """The source, run and item admin pages open, and "collect now" queues a task."""
    from dayuan.collect.services import run_source
    from dayuan.tasks.models import Task

    source = make_source(fixture_site.url("/atom.xml"))
    run = run_source(source)
    for url in [
        "/admin/collect/source/",
        f"/admin/collect/source/{source.pk}/change/",
        "/admin/collect/collectrun/",
        f"/admin/collect/collectrun/{run.pk}/change/",
        "/admin/collect/collecteditem/",
        "/admin/collect/articlesource/",
    ]:
        assert admin_client.get(url).status_code == 200, url
    response = admin_client.post("/admin/collect/source/", {"action": "collect_now", "_selected_action": [source.pk]})
    assert response.status_code == 302
    assert Task.objects.filter(name="collect.run_source", args=[source.pk]).exists()


def test_admin_add_source_validates(admin_client, base_data):
    """The admin form refuses a bad URL and an unknown channel in a rule, in Chinese, keeping the input."""
    from dayuan.news.models import Channel, Region

    data = {
        "name": "某网",
        "kind": "feed",
        "url": "example.com/rss",
        "enabled": "on",
        "channel": Channel.objects.get(slug="gsyl").pk,
        "region": Region.objects.get(slug="taiyuan").pk,
        "channel_rules": "旅游 => nosuch",
        "interval": 60,
        "max_items": 30,
        "link_pattern": "",
    }
    page = admin_client.post("/admin/collect/source/add/", data).content.decode()
    assert "请填写以 http:// 或 https:// 开头的网址" in page and "没有这些栏目别名：nosuch" in page
    assert "旅游 =&gt; nosuch" in page
    data.update(url="https://example.com/rss", channel_rules="旅游 => whly")
    assert admin_client.post("/admin/collect/source/add/", data).status_code == 302
    assert Source.objects.get().rules() == [("旅游", "whly")]
