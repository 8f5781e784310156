"""The `dayuan` command as an operator runs it: real processes, exit codes and Chinese messages.

Each test runs the installed entry point in a subprocess with its own data folder
(DAYUAN_HOME), so nothing here touches the test database or the developer's ./var.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import stop

SHARED_SITE_TOML = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "site.toml"
DAYUAN = [sys.executable, "-m", "dayuan"]


def dayuan(home, *args, cwd=None, timeout=120):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DAYUAN_", "DJANGO_"))}
    env["DAYUAN_HOME"] = str(home)
    return subprocess.run(
        [*DAYUAN, *args], cwd=cwd or home.parent, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def ready_home(tmp_path_factory):
    """A data folder after `dayuan init` (made once for the module: init takes a few seconds)."""
    home = tmp_path_factory.mktemp("cli") / "var"
    result = dayuan(home, "init")
    assert result.returncode == 0, result.stderr
    return home


@pytest.fixture
def home(ready_home, tmp_path):
    """A private copy of the initialised data folder, so tests don't see each other's writes."""
    copy = tmp_path / "var"
    shutil.copytree(ready_home, copy)
    return copy


def test_a_command_without_a_database_names_the_folder_and_says_run_init(tmp_path):
    home = tmp_path / "var"
    result = dayuan(home, "collect", "list")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert str(home) in line and "dayuan init" in line and line.startswith("错误：")
    assert not (home / "dayuan.sqlite3").exists()  # looking did not create an empty database


def test_bare_dayuan_lists_dayuan_commands_first_and_notes_the_missing_database(tmp_path):
    result = dayuan(tmp_path / "var", cwd=tmp_path)
    assert result.returncode == 0
    out = result.stdout
    assert out.index("大院网的命令") < out.index("collect") < out.index("createsuperuser")
    listed = [line.split()[0] for line in out.splitlines() if line.startswith("  ")]
    assert "init" in listed and "createsuperuser" in listed
    assert "startproject" not in listed and "makemigrations" not in listed
    assert "dayuan help --all" in out
    assert "dayuan init" in out and str(tmp_path / "var") in out


def test_help_all_shows_djangos_developer_commands(home):
    result = dayuan(home, "help", "--all")
    assert result.returncode == 0
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")]
    assert "startproject" in listed and "makemigrations" in listed


def test_help_for_a_subcommand_shows_the_subcommands_options(home):
    result = dayuan(home, "help", "collect", "add")
    assert result.returncode == 0
    assert "用法：dayuan collect add" in result.stdout
    assert "--max-items" in result.stdout and "显示本帮助并退出" in result.stdout


def test_bad_usage_exits_2_with_a_chinese_message(home):
    result = dayuan(home, "serve", "--port", "abc")
    assert result.returncode == 2
    assert "无效的值 'abc'（应为整数）" in result.stderr
    result = dayuan(home, "collect", "run", "--bogus")
    assert result.returncode == 2 and "无法识别的参数：--bogus" in result.stderr
    result = dayuan(home, "no-such-command")
    assert result.returncode == 2 and "没有命令“no-such-command”" in result.stderr


def test_command_errors_are_one_chinese_line_with_exit_1(home):
    result = dayuan(
        home, "collect", "add", "http://example.com/", "--name", "x", "--channel", "nope", "--region", "晋中"
    )
    assert result.returncode == 1
    assert result.stderr.startswith("错误：没有别名为“nope”的栏目")
    assert "CommandError" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_extract_fails_on_a_missing_file_and_a_refused_connection(home, tmp_path):
    result = dayuan(home, "extract", str(tmp_path / "missing.html"))
    assert result.returncode == 1
    assert "文件不存在" in result.stdout and "未能提取" in result.stderr
    result = dayuan(home, "extract", "--json", "http://127.0.0.1:9/page.html")
    assert result.returncode == 1
    assert "Connection refused" in result.stdout or "ConnectError" in result.stdout


def test_extract_succeeds_on_a_good_page(home):
    page = Path(__file__).resolve().parents[1] / "text" / "extract_pages" / "cms_article.html"
    result = dayuan(home, "extract", str(page))
    assert result.returncode == 0, result.stderr
    assert "忻州加快融入太忻一体化经济区" in result.stdout


def test_collect_run_all_fails_when_a_source_fails(home):
    added = dayuan(
        home,
        "collect",
        "add",
        "http://127.0.0.1:9/feed.xml",
        "--name",
        "坏来源",
        "--channel",
        "gsyl",
        "--region",
        "jinzhong",
    )
    assert added.returncode == 0, added.stderr
    result = dayuan(home, "collect", "run", "--all", "--no-progress")
    assert result.returncode == 1
    assert "坏来源：失败" in result.stdout and "1 个来源采集失败：坏来源" in result.stderr


def test_bake_of_a_page_that_does_not_exist_fails(home):
    result = dayuan(home, "bake", "/nope/", "--no-static")
    assert result.returncode == 1
    assert "这些网址没有页面" in result.stderr and "/nope/" in result.stderr
    result = dayuan(home, "bake", "/", "--no-static")
    assert result.returncode == 0, result.stderr
    assert (home / "public" / "index.html").exists()


def test_init_site_prints_what_it_changed(home):
    if not SHARED_SITE_TOML.exists():
        pytest.skip("shared/seed/site.toml is absent")
    result = dayuan(home, "init", "--site", str(SHARED_SITE_TOML))
    assert result.returncode == 0, result.stderr
    assert f"站点文字：从 {SHARED_SITE_TOML} 更新了" in result.stdout and "网站名称" in result.stdout
    result = dayuan(home, "init", "--site", str(home / "nope.toml"))
    assert result.returncode == 1 and "找不到站点配置文件" in result.stderr


def test_serve_starts_without_granians_thread_warning(home):
    """granian warns when a worker may spawn more Python threads than 2 × cores + 1."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DAYUAN_", "DJANGO_"))}
    env["DAYUAN_HOME"] = str(home)
    log = home / "serve.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [*DAYUAN, "serve", "--port", str(port), "--no-worker"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        import httpx

        for _ in range(100):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            import time

            time.sleep(0.2)
        else:
            pytest.fail("the server did not answer within 20 seconds")
    finally:
        stop(process)
    output = log.read_text()
    assert "大院网已启动" in output
    assert "Python threads" not in output and "WARNING" not in output, output
