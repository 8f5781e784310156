"""scripts/partner_sync.py between two Dayuan instances, each with its own database and DAYUAN_HOME:
the source is the test's live server, the mirror a `dayuan serve` process started here."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from dayuan.editorial import services
from dayuan.news.models import Article
from tests.factories import make_article
from tests.livehttp import fresh_cache  # noqa: F401
from tests.processes import stop

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "partner_sync.py"
MAKE_REVIEWER = """
from dayuan.editorial.roles import create_roles
from django.contrib.auth import get_user_model
from dayuan.api.models import ApiToken
user = get_user_model().objects.create_user("mirror", is_staff=True)
user.groups.add(create_roles()[1])
print(ApiToken.issue(user, "partner sync")[1])
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mirror(tmp_path):
    """A second Dayuan (own SQLite database and DAYUAN_HOME) served on a free port; yields (url, token)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DAYUAN_"))}
    env.update(DAYUAN_HOME=str(tmp_path / "mirror-home"), DJANGO_SETTINGS_MODULE="dayuan.settings")
    run = [sys.executable, "-m", "dayuan"]
    subprocess.run([*run, "init", "-v", "0"], env=env, check=True, timeout=300)
    token = (
        subprocess.run(
            [*run, "shell", "-c", MAKE_REVIEWER], env=env, check=True, timeout=120, capture_output=True, text=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    port = free_port()
    server = subprocess.Popen(
        [*run, "serve", "--port", str(port), "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if httpx.get(url + "/api/v1/channels", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("the mirror instance did not start")
        yield url, token
    finally:
        stop(server)


def sync(source, mirror, state):
    url, token = mirror
    done = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            source,
            "--target",
            url,
            "--token",
            token,
            "--state",
            str(state),
            "--source-name",
            "源站",
        ],
        check=True,
        timeout=300,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


def mirrored(mirror):
    with httpx.Client(base_url=mirror[0] + "/api/v1") as client:
        items = client.get("/articles", params={"limit": 100}).json()["items"]
        return {item["title"]: client.get(f"/articles/{item['id']}").json() for item in items}


def test_partner_sync_mirrors_new_edited_and_withdrawn_articles(
    live_server, roles, mirror, tmp_path, django_user_model
):
    """A first run copies every article; the next run carries an edit, a new article and a withdrawal."""
    reviewer = django_user_model.objects.create_user("chief")
    reviewer.groups.add(roles[1])
    first, second = make_article("gsyl", "yuci", title="榆次灯会开幕", tags=["灯会"]), make_article(title="太原地铁")
    state = tmp_path / "state.json"

    assert sync(live_server.url, mirror, state) == {"created": 2, "updated": 0, "withdrawn": 0}
    copies = mirrored(mirror)
    assert set(copies) == {"榆次灯会开幕", "太原地铁"}
    copy = copies["榆次灯会开幕"]
    assert copy["body_html"] == Article.objects.get(pk=first.pk).body and copy["tags"] == ["灯会"]
    assert copy["region"]["slug"] == "yuci" and copy["statement"]["kind"] == "reprinted"
    canonical = httpx.get(f"{live_server.url}/api/v1/articles/{first.pk}").json()["url"]
    assert copy["source"] == {"name": "源站", "url": canonical}

    services.withdraw(second, by=reviewer)
    Article.objects.filter(pk=first.pk).update(title="榆次灯会闭幕")
    Article.objects.get(pk=first.pk).save()  # an edit through save(): updated_at moves
    make_article(title="晋城新闻")
    counts = sync(live_server.url, mirror, state)
    assert counts["withdrawn"] == 1 and counts["created"] == 1
    assert set(mirrored(mirror)) == {"榆次灯会闭幕", "晋城新闻"}
    copy_of_second = json.loads(state.read_text())["ids"][str(second.pk)]
    assert httpx.get(f"{mirror[0]}/api/v1/articles/{copy_of_second}").status_code == 410
    assert sync(live_server.url, mirror, state)["created"] == 0  # nothing new: no duplicates
