import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from dayuan.directory.checker import check_url
from dayuan.directory.models import ServiceCategory, ServiceEntry
from dayuan.news.models import Region
from dayuan.tasks.worker import run_once

pytestmark = pytest.mark.django_db


def make_entries(link_server):
    category = ServiceCategory.objects.create(name="测试", slug="test")
    region = Region.objects.get(slug="taiyuan")
    paths = {
        "好": link_server["http"] + "/good",
        "跳转": link_server["http"] + "/redirect",
        "坏": link_server["http"] + "/fail",
        "不存在": link_server["http"] + "/missing",
        "慢": link_server["http"] + "/slow",
        "证书坏": link_server["https"] + "/good",
    }
    for name, url in paths.items():
        ServiceEntry.objects.create(name=name, url=url, category=category, region=region)
    return paths


def failing_names():
    return set(ServiceEntry.objects.filter(is_failing=True).values_list("name", flat=True))


def test_check_url_outcomes(link_server):
    """Redirects are followed, errors and timeouts fail, a self-signed certificate is invalid TLS."""
    good = check_url(link_server["http"] + "/redirect", timeout=1)
    assert good.ok and good.status_code == 200 and good.final_url.endswith("/good")
    assert check_url(link_server["http"] + "/fail", timeout=1).status_code == 500
    slow = check_url(link_server["http"] + "/slow", timeout=0.5)
    assert not slow.ok and "超时" in slow.error
    tls = check_url(link_server["https"] + "/good", timeout=1)
    assert not tls.ok and tls.tls_valid is False and "证书" in tls.error


def test_check_links_marks_exactly_the_failing_entries(base_data, link_server, settings):
    """After N consecutive failures exactly the broken entries are failing; none is deleted."""
    settings.DIRECTORY_FAILING_AFTER = 2
    make_entries(link_server)
    call_command("check-links", timeout=1, verbosity=0)
    assert failing_names() == set()
    assert ServiceEntry.objects.get(name="坏").consecutive_failures == 1
    out = io.StringIO()
    call_command("check-links", timeout=1, stdout=out)
    assert failing_names() == {"坏", "不存在", "慢", "证书坏"}
    assert "已检查 6 个链接，4 个标记为异常" in out.getvalue() and "链接异常：证书坏" in out.getvalue()
    assert ServiceEntry.objects.count() == 6
    redirected = ServiceEntry.objects.get(name="跳转")
    assert redirected.status_code == 200 and redirected.final_url.endswith("/good")
    assert redirected.last_ok_at and redirected.response_ms is not None and redirected.tls_valid is None
    assert ServiceEntry.objects.get(name="证书坏").tls_valid is False


def test_recovered_entry_is_no_longer_failing(base_data, link_server, settings):
    """One good check clears the failing mark and the failure count."""
    settings.DIRECTORY_FAILING_AFTER = 1
    category = ServiceCategory.objects.create(name="测试", slug="test")
    entry = ServiceEntry.objects.create(
        name="坏", url=link_server["http"] + "/fail", category=category, region=Region.objects.get(slug="taiyuan")
    )
    call_command("check-links", timeout=1, verbosity=0)
    entry.refresh_from_db()
    assert entry.is_failing
    entry.url = link_server["http"] + "/good"
    entry.save()
    call_command("check-links", timeout=1, verbosity=0)
    entry.refresh_from_db()
    assert not entry.is_failing and entry.consecutive_failures == 0


def test_failing_mark_shows_on_page_and_admin(client, admin_client, base_data, link_server, settings):
    """A failing entry is marked on its city page and filterable in the admin."""
    settings.DIRECTORY_FAILING_AFTER = 1
    category = ServiceCategory.objects.create(name="测试", slug="test")
    ServiceEntry.objects.create(
        name="坏链接服务",
        url=link_server["http"] + "/fail",
        category=category,
        region=Region.objects.get(slug="taiyuan"),
    )
    call_command("check-links", timeout=1, verbosity=0)
    page = client.get("/services/taiyuan/").content.decode()
    assert "坏链接服务" in page and "链接异常" in page
    listing = admin_client.get("/admin/directory/serviceentry/?is_failing__exact=1").content.decode()
    assert "坏链接服务" in listing


def test_weekly_job_runs_through_the_worker(base_data, link_server, settings):
    """The worker runs the link check on its first pass, then again only a week later."""
    settings.DIRECTORY_CHECK_TIMEOUT = 1
    category = ServiceCategory.objects.create(name="测试", slug="test")
    entry = ServiceEntry.objects.create(
        name="好", url=link_server["http"] + "/good", category=category, region=Region.objects.get(slug="taiyuan")
    )
    now = timezone.now()
    run_once(now)
    entry.refresh_from_db()
    assert entry.last_checked_at == now
    run_once(now + timedelta(days=1))
    entry.refresh_from_db()
    assert entry.last_checked_at == now
    later = now + timedelta(days=7, seconds=1)
    run_once(later)
    entry.refresh_from_db()
    assert entry.last_checked_at == later


def test_initial_directory_covers_the_province_and_every_city(base_data):
    """At least 30 province entries across the usual categories and each city's main entries,
    official addresses only, each 待核实 until a check confirms it."""
    from urllib.parse import urlsplit

    from dayuan.directory.basedata import load_initial_services
    from dayuan.news.models import Region

    load_initial_services()
    province = ServiceEntry.objects.filter(region__slug="shanxi")
    assert province.count() >= 30
    assert set(province.values_list("category__name", flat=True)) >= {
        "政务服务",
        "社保医保",
        "公积金",
        "税务",
        "公安户政",
        "教育考试",
        "不动产",
        "市场监管",
        "12345热线",
    }
    for city in Region.objects.filter(level=Region.CITY):
        assert ServiceEntry.objects.filter(region=city, name=f"{city.name}人民政府").exists(), city.name
    for entry in ServiceEntry.objects.exclude(url=""):
        assert urlsplit(entry.url).hostname.endswith(".gov.cn"), entry.url
        assert entry.needs_review, entry.name


def test_a_successful_check_confirms_an_entry(base_data, link_server, settings):
    entry = ServiceEntry.objects.create(
        name="待核实站点",
        url=link_server["http"] + "/good",
        needs_review=True,
        category=ServiceCategory.objects.create(name="测试", slug="test"),
        region=Region.objects.get(slug="taiyuan"),
    )
    call_command("check-links")
    entry.refresh_from_db()
    assert not entry.needs_review and entry.last_ok_at is not None
