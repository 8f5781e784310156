"""The `dayuan` command as a user runs it: a fresh data folder, init, serve."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.processes import stop

DAYUAN = [sys.executable, "-m", "dayuan"]


def run_dayuan(args, home, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DAYUAN_")}
    environment.update({"DAYUAN_HOME": str(home), "DJANGO_SETTINGS_MODULE": "dayuan.settings", **env})
    return subprocess.run([*DAYUAN, *args], env=environment, capture_output=True, text=True, timeout=120)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_production_refuses_to_start_without_required_setting(tmp_path):
    """With DAYUAN_ENV=production a missing setting stops the process and is named."""
    result = run_dayuan(["check"], tmp_path, DAYUAN_ENV="production", DAYUAN_ALLOWED_HOSTS="example.com")
    assert result.returncode != 0
    assert "DAYUAN_SECRET_KEY" in result.stderr


def test_help_lists_dayuan_commands(tmp_path):
    """`dayuan help` lists Dayuan's own subcommands (tests/cli has the rest of the listing)."""
    result = run_dayuan(["help"], tmp_path)
    assert result.returncode == 0
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")]
    for command in ("init", "import", "serve", "worker"):
        assert command in listed


@pytest.fixture(scope="module")
def initialized_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    result = run_dayuan(["init", "--demo"], home)
    assert result.returncode == 0, result.stderr
    assert "129 个地区" in result.stdout
    return home


def test_init_is_idempotent_and_loads_site_file(initialized_home, site_toml):
    """init can run again on an existing database; --site loads the site texts."""
    again = run_dayuan(["init", "--demo", "--site", str(site_toml)], initialized_home)
    assert again.returncode == 0, again.stderr
    assert "新增 0 篇" in again.stdout
    assert (initialized_home / "dayuan.sqlite3").exists()


def test_init_collects_the_mit_editor_not_the_gpl_one(initialized_home):
    """The editor is the vendored TinyMCE 6.8 (MIT); django-tinymce's TinyMCE 7 (GPL) is left out."""
    static = initialized_home / "static"
    assert (static / "editorial" / "tinymce" / "tinymce.min.js").exists()
    assert (static / "editorial" / "tinymce" / "langs" / "zh-Hans.js").exists()
    assert (static / "django_tinymce" / "init_tinymce.js").exists()
    assert not (static / "tinymce").exists()


def test_init_with_missing_site_file_names_it(tmp_path):
    """A wrong --site path is a one-line Chinese error."""
    result = run_dayuan(["init", "--site", str(tmp_path / "nope.toml")], tmp_path)
    assert result.returncode != 0
    assert "找不到站点配置文件" in result.stderr


def test_serve_answers_over_http_with_debug_off(initialized_home):
    """`dayuan serve` is a real server: the home page and a Chinese 404."""
    tmp_path = initialized_home
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DAYUAN_")}
    environment.update({"DAYUAN_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "dayuan.settings"})
    server = subprocess.Popen(
        [*DAYUAN, "serve", "--port", str(port), "--no-worker"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                with urllib.request.urlopen(base + "/", timeout=2) as response:
                    home = response.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("dayuan serve did not answer within 20 s")
        assert "最新资讯" in home
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "/gsyl/jinzhong/1.html", timeout=5)
        assert missing.value.code == 404
        assert "页面不存在" in missing.value.read().decode()
    finally:
        stop(server)
