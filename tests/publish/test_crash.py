"""kill -9 in the middle of `dayuan bake`: every baked file is the old page or the new one, never part."""

import gzip
import os
import signal
import subprocess
import sys
import time

CREATE = """
import django; django.setup()
from datetime import timedelta
from django.utils import timezone
from dayuan.news.models import Article, Channel, Region
from dayuan.publish.signals import paused
channels = list(Channel.objects.all()); regions = list(Region.objects.filter(level=2))
now = timezone.now()
with paused():
    Article.objects.bulk_create([Article(
        title=f"第{i}号新闻", channel=channels[i % len(channels)], region=regions[i % len(regions)],
        body="<p>" + "正文内容。" * 200 + "</p>", status="published",
        published_at=now - timedelta(minutes=i + 1)) for i in range(150)])
"""
RETITLE = """
import django; django.setup()
from dayuan.core.models import SiteSettings
from dayuan.publish.signals import paused
with paused():
    s = SiteSettings.load(); s.title = "改版后的站名"; s.save()
"""


def run(env, *args):
    subprocess.run([sys.executable, *args], env=env, check=True, capture_output=True, timeout=300)


def test_kill_9_mid_bake_leaves_every_file_old_or_new(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DAYUAN_")}
    env.update(DAYUAN_HOME=str(tmp_path), DJANGO_SETTINGS_MODULE="dayuan.settings")
    run(env, "-m", "dayuan", "init", "-v", "0")
    run(env, "-c", CREATE)
    only = ["--only", "site", "--only", "article"]  # 157 pages: enough to be killed halfway, quick to bake
    run(env, "-m", "dayuan", "bake", "--no-progress", "-j", "2", *only)
    public = tmp_path / "public"
    old = {p: p.read_bytes() for p in public.rglob("*") if p.is_file()}
    assert len(old) > 300  # pages and their gzip twins

    run(env, "-c", RETITLE)
    baker = subprocess.Popen(
        [sys.executable, "-m", "dayuan", "bake", "--no-progress", "--no-static", "-j", "1", *only],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    journal = tmp_path / "bake.journal"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and baker.poll() is None:
        if journal.exists() and journal.read_text().count("\n") >= 100:
            break
        time.sleep(0.05)
    assert baker.poll() is None, "the bake finished before it could be killed"
    os.killpg(baker.pid, signal.SIGKILL)
    baker.wait()

    new_title = "改版后的站名".encode()
    counts = {"old": 0, "new": 0}
    for path in public.rglob("*"):
        if not path.is_file() or path.name.startswith("."):
            continue  # hidden temporary files are never served
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)  # a torn gzip file would raise here
            original = old.get(path)
            assert original is None or gzip.decompress(original) == data or new_title in data, path
            continue
        if data == old.get(path):
            counts["old"] += 1
        else:
            assert new_title in data, path
            assert data.rstrip().endswith((b"</html>", b"</rss>", b"</feed>", b"</urlset>")), path
            counts["new"] += 1
    assert counts["old"] and counts["new"], counts

    # The next bake resumes from the journal and finishes the job.
    result = subprocess.run(
        [sys.executable, "-m", "dayuan", "bake", "--no-progress", "--no-static", "-j", "2", *only],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "续做跳过" in result.stdout and "续做跳过 0" not in result.stdout
    assert not journal.exists()
    for path in old:
        if path.suffix == ".html" and path.exists():
            assert new_title in path.read_bytes(), path
