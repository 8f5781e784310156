"""The settings table: every variable documented, every value checked when a command starts."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dayuan.core import conf
from dayuan.core.checks import environment_settings

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_variables():
    """The first column of README's configuration table."""
    section = README.read_text(encoding="utf-8").split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", section, flags=re.MULTILINE)


def test_every_setting_is_in_the_readme_and_every_readme_row_is_a_setting():
    documented = readme_variables()
    assert len(documented) == len(set(documented)), "a variable is in README's table twice"
    assert sorted(set(documented) - conf.BY_NAME.keys()) == [], "add these to SETTINGS in dayuan/core/conf.py"
    assert sorted(conf.BY_NAME.keys() - set(documented)) == [], "add these to README's configuration table"


def test_every_default_fits_its_own_type():
    for setting in conf.SETTINGS:
        if setting.default is None:
            continue
        written = ",".join(setting.default) if isinstance(setting.default, list) else str(setting.default)
        assert setting.type(written.lower() if isinstance(setting.default, bool) else written) == setting.default


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("DAYUAN_COMMENT_RATE", "5 per minute", "次数/时间单位"),
        ("DAYUAN_VIEW_RATE", "120/w", "次数/时间单位"),
        ("DAYUAN_BAIDU_PUSH_URL", "data.zz.baidu.com/urls", "http:// 或 https://"),
        ("DAYUAN_CSRF_TRUSTED_ORIGINS", "https://a.example.com,b.example.com", "http:// 或 https://"),
        ("DAYUAN_SERVE_CACHE_BYTES", "-1", "不能为负数"),
        ("DAYUAN_COLLECT_MAX_BYTES", "5MB", "应为整数"),
        ("DAYUAN_COLLECT_TIMEOUT", "fast", "应为数字"),
        ("DAYUAN_COLLECT_DUPLICATE_THRESHOLD", "60", "0 到 1"),
        ("DAYUAN_DEBUG", "maybe", "true 或 false"),
        ("DAYUAN_ENV", "prod", "development、production"),
        ("DAYUAN_TIME_ZONE", "Beijing", "时区"),
        ("DAYUAN_CACHE_URL", "memcached://127.0.0.1", "Redis"),
        ("DAYUAN_SEARCH", "my backend", "Python 类"),
    ],
)
def test_a_bad_value_is_named_with_the_reason(name, text, reason, monkeypatch):
    monkeypatch.setenv(name, text)
    errors = environment_settings()
    assert [error.id for error in errors] == ["dayuan.E001"]
    assert errors[0].msg.startswith(f"环境变量 {name} 的值") and reason in errors[0].msg
    assert conf.value(name) == conf.BY_NAME[name].default  # settings still load; the check stops the command


def test_good_values_pass(monkeypatch):
    for name, text in [
        ("DAYUAN_COMMENT_RATE", "10/5m"),
        ("DAYUAN_LIKE_RATE", "0"),
        ("DAYUAN_DEBUG", "on"),
        ("DAYUAN_DATABASE_URL", "postgresql://u:p@127.0.0.1:5432/d"),
        ("DAYUAN_SEARCH", "dayuan.search.backends.sqlite.SQLiteSearchBackend"),
        ("DAYUAN_COLLECT_TIMEOUT", "2.5"),
    ]:
        monkeypatch.setenv(name, text)
    assert environment_settings() == []
    assert conf.value("DAYUAN_COLLECT_TIMEOUT") == 2.5 and conf.value("DAYUAN_DEBUG") is True


def test_a_password_in_a_bad_url_is_not_repeated(monkeypatch):
    monkeypatch.setenv("DAYUAN_DATABASE_URL", "mysqlx://user:hunter2@db/site")
    (error,) = environment_settings()
    assert "DAYUAN_DATABASE_URL" in error.msg and "hunter2" not in error.msg + error.hint


def test_a_command_refuses_to_start_and_names_the_variable(tmp_path):
    """The real start: `dayuan init` with a typo in a rate stops before touching anything."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DAYUAN_", "DJANGO_"))}
    environment.update(DAYUAN_HOME=str(tmp_path / "home"), DAYUAN_COMMENT_RATE="5/minute/ip")
    result = subprocess.run(
        [sys.executable, "-m", "dayuan", "init"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "环境变量 DAYUAN_COMMENT_RATE 的值“5/minute/ip”无效" in result.stderr
    assert not (tmp_path / "home").exists()
