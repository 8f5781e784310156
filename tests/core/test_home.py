"""Loading settings writes nothing: a read-only command leaves no data folder behind (issue 11)."""

import os
import subprocess
import sys

PAGE = (
    "<html><head><title>测试</title></head><body><article><h1>太原市召开经济工作会议</h1>"
    "<p>太原市今天召开会议，研究部署全市经济工作。会议指出，要坚持稳中求进工作总基调。</p>"
    "</article></body></html>"
)


def dayuan(args, folder, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DAYUAN_", "DJANGO_"))}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "dayuan", *args],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_read_only_commands_leave_an_empty_folder_empty(tmp_path):
    page = tmp_path.parent / f"{tmp_path.name}-page.html"
    page.write_text(PAGE, encoding="utf-8")
    extracted = dayuan(["extract", str(page), "--json"], tmp_path)
    assert extracted.returncode == 0, extracted.stderr
    assert "太原市召开经济工作会议" in extracted.stdout
    assert dayuan(["help"], tmp_path).returncode == 0
    assert list(tmp_path.iterdir()) == []


def test_the_first_database_use_makes_the_folder_and_later_commands_share_one_key(tmp_path):
    assert dayuan(["migrate", "-v", "0"], tmp_path).returncode == 0
    assert (tmp_path / "var" / "dayuan.sqlite3").exists()
    show_key = ["shell", "-v", "0", "-c", "from django.conf import settings; print(settings.SECRET_KEY)"]
    first, second = dayuan(show_key, tmp_path), dayuan(show_key, tmp_path)
    assert first.stdout == second.stdout == (tmp_path / "var" / "secret_key").read_text() + "\n"
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o777 == 0o600


def test_init_makes_the_home_and_keeps_its_key(tmp_path):
    home = tmp_path / "site"
    result = dayuan(["init"], tmp_path, DAYUAN_HOME=str(home))
    assert result.returncode == 0, result.stderr
    assert (home / "secret_key").exists() and (home / "dayuan.sqlite3").exists()
