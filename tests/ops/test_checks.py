"""`dayuan check --deploy` runs Django's deployment checks and Dayuan's own."""

import os
import subprocess
import sys


def check_deploy(tmp_path, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DAYUAN_")}
    environment.update({"DAYUAN_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "dayuan.settings", **env})
    return subprocess.run(
        [sys.executable, "-m", "dayuan", "check", "--deploy"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_names_django_and_dayuan_problems(tmp_path):
    out = check_deploy(tmp_path, DAYUAN_CAPTCHA_TEST_MODE="1")
    text = out.stdout + out.stderr
    assert "security.W004" in text  # Django's own: no HSTS
    assert "dayuan.W001" in text and "dayuan.W003" in text and "dayuan.W004" in text
    assert "DAYUAN_CACHE_URL" in text


def test_check_deploy_quiet_about_what_is_set(tmp_path):
    out = check_deploy(
        tmp_path, DAYUAN_CACHE_URL="redis://127.0.0.1:6379/9", DAYUAN_DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3"
    )
    text = out.stdout + out.stderr
    assert "dayuan.W001" not in text and "dayuan.W003" not in text
    assert "dayuan.W002" in text  # a shared cache with SQLite: one machine only
