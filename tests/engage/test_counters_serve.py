"""Views counted by a real `dayuan serve` reach the database when it stops cleanly."""

import os
import subprocess
import sys
import time

import httpx

from tests.portal.test_config import free_port, run_dayuan
from tests.processes import stop

CREATE = """
import django
django.setup()
from django.utils import timezone
from dayuan.news.models import Article, Channel, Region
a = Article.objects.create(title="计数测试", channel=Channel.objects.get(slug="gsyl"),
    region=Region.objects.get(slug="jinzhong"), body="<p>正文</p>", status="published", published_at=timezone.now())
print(a.pk)
"""

VIEWS = """
import django
django.setup()
from dayuan.news.models import Article
print(Article.objects.get(pk={pk}).view_count)
"""


def python(code, env):
    return (
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=True)
        .stdout.strip()
        .splitlines()[-1]
    )


def test_views_buffered_in_granian_workers_are_written_at_a_clean_stop(tmp_path):
    assert run_dayuan(["init"], tmp_path).returncode == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("DAYUAN_")}
    env.update({"DAYUAN_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "dayuan.settings"})
    pk = int(python(CREATE, env))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dayuan", "serve", "--port", str(port), "--workers", "2", "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        with httpx.Client(base_url=base, headers={"User-Agent": "Mozilla/5.0 Chrome/124"}) as client:
            answers = [client.post(f"/api/views/{pk}").status_code for _ in range(7)]
        assert answers == [204] * 7
    finally:
        stop(server)  # before the 5-second flush: the stop itself must write them
    assert int(python(VIEWS.format(pk=pk), env)) == 7
