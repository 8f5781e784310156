"""Back up a site while it is being written to, restore it elsewhere, compare every row and file.

Each site is its own DAYUAN_HOME and database, driven by `dayuan` and tests/backup/sitework.py
in separate processes, as an operator would run them. On a PostgreSQL test run
(DAYUAN_TEST_DATABASE_URL) the sites are databases of our own next to the test database.
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from tests.backup.pg import database_url, drop_database, postgres_base_url

ROOT = Path(__file__).resolve().parents[2]
DAYUAN = Path(sys.executable).with_name("dayuan")
# Rows the writer may still change after the snapshot (queued re-bakes merge into one row,
# the content version is bumped by every write): compared with the snapshot, not the live site.
VOLATILE = {"tasks.task", "core.contentversion"}


def run(env, *args, check=True, timeout=600):
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if check and result.returncode:
        raise AssertionError(f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def site_env(home, database_url=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DAYUAN_", "DJANGO_"))}
    env.update(DAYUAN_HOME=str(home), DJANGO_SETTINGS_MODULE="dayuan.settings", PYTHONPATH=str(ROOT))
    if database_url:
        env["DAYUAN_DATABASE_URL"] = database_url
    return env


def work(env, *args, **kwargs):
    return run(env, sys.executable, "-m", "tests.backup.sitework", *args, **kwargs)


def dump_rows(env, out):
    work(env, "dump", str(out))
    return json.loads(out.read_text())


def media_files(home):
    root = Path(home) / "media"
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def extract_native(archive, folder):
    with tarfile.open(archive) as tar:
        for name in ("database/native.sqlite3", "database/native.pgdump"):
            try:
                member = tar.getmember(name)
            except KeyError:
                continue
            target = Path(folder) / Path(name).name
            target.write_bytes(tar.extractfile(member).read())
            return target
    raise AssertionError("the archive holds no native snapshot")


def snapshot_rows(archive, tmp, name):
    """The rows of the archive's native snapshot (the SQLite file, or pg_dump restored)."""
    tmp.mkdir(parents=True, exist_ok=True)
    native = extract_native(archive, tmp)
    if native.suffix == ".sqlite3":
        env = site_env(tmp / "snap-home", f"sqlite:///{native}")
    else:
        if shutil.which("pg_restore") is None:
            pytest.skip("pg_restore is not installed: the pg_dump snapshot cannot be read back to compare")
        url = database_url(name, fresh=True)
        run(os.environ, "pg_restore", "--no-owner", f"--dbname={url}", str(native))
        env = site_env(tmp / "snap-home", url)
    rows = dump_rows(env, tmp / "snapshot.json")
    if native.suffix != ".sqlite3":
        drop_database(env["DAYUAN_DATABASE_URL"])
    return rows


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A seeded site, backed up while a second process keeps publishing articles into it."""
    tmp = tmp_path_factory.mktemp("backup-source")
    url = database_url("bk_src", fresh=True) if postgres_base_url(required=False) and _on_postgres() else None
    env = site_env(tmp / "home", url)
    run(env, str(DAYUAN), "init")
    work(env, "seed")
    stop, progress = tmp / "stop", tmp / "progress"
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.backup.sitework", "write", str(stop), str(progress)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(lambda: progress.exists() and int(progress.read_text() or 0) >= 3, writer)
        archive = tmp / "site.tar.gz"
        run(env, str(DAYUAN), "backup", str(archive))
        written_at_backup = int(progress.read_text())
        time.sleep(1)  # the writer goes on after the snapshot
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    yield {
        "env": env,
        "home": tmp / "home",
        "archive": archive,
        "tmp": tmp,
        "url": url,
        "written_at_backup": written_at_backup,
        "written": int(progress.read_text()),
    }
    if url:
        drop_database(url)


def _on_postgres():
    return (os.environ.get("DAYUAN_TEST_DATABASE_URL") or "").startswith("postgres")


def _wait_for(condition, process, seconds=120):
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "the writer made no progress"
        time.sleep(0.2)


def restore_into(archive, home, url=None, *extra, check=True):
    env = site_env(home, url)
    return env, run(env, str(DAYUAN), "restore", str(archive), *extra, check=check)


def assert_restored_equals_snapshot(source, restored_env, name):
    snapshot = snapshot_rows(source["archive"], source["tmp"] / name, f"bk_snap_{name}")
    restored = dump_rows(restored_env, source["tmp"] / name / "restored.json")
    assert restored.keys() == snapshot.keys()
    for label in snapshot:
        if label in VOLATILE:  # the restore bumps the content version and queues a full bake
            assert set(snapshot[label]) <= set(restored[label]), label
            continue
        assert restored[label] == snapshot[label], f"{label} differs from the snapshot"
    return restored


def test_round_trip_while_writing(source):
    tmp = source["tmp"]
    url = database_url("bk_dst", fresh=True) if source["url"] else None
    env, result = restore_into(source["archive"], tmp / "restored", url)
    assert "恢复完成" in result.stdout
    restored = assert_restored_equals_snapshot(source, env, "same")

    # The snapshot is one moment of the writer: items 1..k whole, none after, none half-written.
    titles = {row["title"] for row in restored["news.article"].values()}
    written = sorted(int(t[len("并发写入第") : -1]) for t in titles if t.startswith("并发写入"))
    assert written == list(range(1, len(written) + 1))
    assert 3 <= len(written) < source["written"], (len(written), source["written"])
    comments = [row["content"] for row in restored["engage.comment"].values()]
    assert sorted(c for c in comments if c.startswith("并发写入")) == sorted(f"并发写入第{n}篇的评论" for n in written)
    revisions = {}
    for row in restored["editorial.articlerevision"].values():
        revisions[row["article"]] = revisions.get(row["article"], 0) + 1
    by_title = {row["title"]: pk for pk, row in restored["news.article"].items()}
    assert all(revisions[int(by_title[f"并发写入第{n}篇"])] >= 2 for n in written)

    # Rows the writer did not touch are the live site's rows.
    live = dump_rows(source["env"], tmp / "live.json")
    for label, rows in restored.items():
        if label not in VOLATILE:
            for pk, row in rows.items():
                assert live[label].get(pk) == row, f"{label} {pk} differs from the source"

    # Every media file restored is the source's file, and every file a row names is there.
    restored_files, source_files = media_files(tmp / "restored"), media_files(source["home"])
    assert restored_files and all(source_files[name] == digest for name, digest in restored_files.items())
    named = [row["file"] for row in restored["editorial.imageasset"].values()]
    named += [path for row in restored["editorial.imageasset"].values() for path in row["variants"].values()]
    named += [row["cover"] for row in restored["news.article"].values() if row["cover"]]
    assert len(named) >= 8 and set(named) <= set(restored_files)

    # The restored site serves and finds its articles (the search index was rebuilt).
    found = work(env, "search", "并发写入第1篇").stdout
    assert "并发写入第1篇" in found
    if url:
        drop_database(url)


def test_verify_accepts_the_archive_and_detects_tampering(source, tmp_path):
    ok = run(source["env"], str(DAYUAN), "backup", "--verify", str(source["archive"]))
    assert "备份文件完好" in ok.stdout
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(source["archive"]) as original, tarfile.open(tampered, "w:gz") as copy:
        for member in original:
            data = original.extractfile(member).read()
            if member.name == "database/news.article.jsonl":
                data = data.replace("种子文章".encode(), "篡改文章".encode(), 1)
            copy.addfile(member, io.BytesIO(data))
    bad = run(source["env"], str(DAYUAN), "backup", "--verify", str(tampered), check=False)
    assert bad.returncode == 1
    assert "校验和不符：database/news.article.jsonl" in bad.stderr


def test_restore_refuses_a_site_that_is_not_empty_unless_forced(source):
    home = source["tmp"] / "forced"
    url = database_url("bk_forced", fresh=True) if source["url"] else None
    restore_into(source["archive"], home, url)
    stray = home / "media" / "stray.txt"
    stray.write_text("不在备份里的文件")

    env, refused = restore_into(source["archive"], home, url, check=False)
    assert refused.returncode == 1
    assert "目标站点不是空的" in refused.stderr and "数据库中已有数据" in refused.stderr
    assert "媒体目录" in refused.stderr and "--force" in refused.stderr
    assert stray.exists()

    restore_into(source["archive"], home, url, "--force")
    assert not stray.exists()
    assert_restored_equals_snapshot(source, env, "forced")
    if url:
        drop_database(url)


def test_sqlite_archive_restores_into_postgresql(source, tmp_path):
    if postgres_base_url(required=False) is None:
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432 (set DAYUAN_TEST_DATABASE_URL)")
    if source["url"]:  # this run's sites are on PostgreSQL: make a small SQLite one
        env = site_env(tmp_path / "sqlite-home")
        run(env, str(DAYUAN), "init")
        work(env, "seed")
        archive = tmp_path / "sqlite.tar"
        run(env, str(DAYUAN), "backup", str(archive))
        source = {**source, "archive": archive, "tmp": tmp_path}
    url = database_url("bk_from_sqlite", fresh=True)
    env, result = restore_into(source["archive"], tmp_path / "pg-home", url)
    restored = assert_restored_equals_snapshot(source, env, "to-postgresql")
    assert any(row["title"].startswith("种子文章") for row in restored["news.article"].values())
    assert "种子文章第1篇" in work(env, "search", "种子文章第1篇").stdout
    drop_database(url)
