"""The archive file: a tar (gzip, xz or bz2 by its name) whose last member,
manifest.json, lists the sha256 and size of every other member.

Reading is one pass: each member is hashed while it is copied (or skipped),
then the manifest is checked against what was read, so a changed, missing or
added member is found without trusting the manifest's own claims.
"""

import hashlib
import io
import json
import os
import tarfile
import time
from pathlib import Path, PurePosixPath

MANIFEST = "manifest.json"
FORMAT = "dayuan-backup/1"
CHUNK = 1 << 20


class ArchiveError(Exception):
    """The archive is unreadable, altered or incomplete (the message is for the operator)."""


def write_mode(path):
    name = str(path)
    for suffix, mode in ((".gz", "w:gz"), (".tgz", "w:gz"), (".xz", "w:xz"), (".bz2", "w:bz2")):
        if name.endswith(suffix):
            return mode
    return "w"


class ArchiveWriter:
    """Adds members while recording their checksums; `close()` appends the manifest."""

    def __init__(self, path):
        self.path = Path(path)
        self.partial = self.path.with_name(self.path.name + ".part")
        fd = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self.raw = os.fdopen(fd, "wb")  # noqa: SIM115 (closed by close())
        self.tar = tarfile.open(fileobj=self.raw, mode=write_mode(self.path))  # noqa: SIM115 (closed by close())
        self.files = {}

    def add_bytes(self, name, data):
        self._check_name(name)
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
        self.tar.addfile(info, io.BytesIO(data))
        self.files[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

    def add_file(self, name, path):
        """A file that nothing writes any more (a temporary dump), streamed."""
        self._check_name(name)
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(CHUNK), b""):
                digest.update(block)
        info = self.tar.gettarinfo(str(path), arcname=name)
        info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
        with open(path, "rb") as handle:
            self.tar.addfile(info, handle)
        self.files[name] = {"sha256": digest.hexdigest(), "size": info.size}

    def close(self, manifest):
        manifest = {**manifest, "format": FORMAT, "files": self.files}
        data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
        self.tar.addfile(info, io.BytesIO(data))
        self.tar.close()  # leaves the file it was given open
        self.raw.flush()
        os.fsync(self.raw.fileno())
        self.raw.close()
        os.replace(self.partial, self.path)

    def abort(self):
        try:
            self.tar.close()
            self.raw.close()
        finally:
            self.partial.unlink(missing_ok=True)

    def _check_name(self, name):
        if name == MANIFEST or name in self.files:
            raise ValueError(f"duplicate archive member {name}")


def safe_member_name(name):
    """A relative path without '..' (members are only ever written below a folder we choose)."""
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or ".." in path.parts or "\\" in name:
        raise ArchiveError(f"备份文件中有不安全的路径：{name}")
    return path


def read_archive(path, destination=None):
    """Hash every member (copied under `destination` when given); returns the checked manifest."""
    try:
        tar = tarfile.open(path, mode="r:*")  # noqa: SIM115 (closed below)
    except (OSError, tarfile.TarError) as exc:
        raise ArchiveError(f"无法打开备份文件 {path}：{exc}") from None
    seen, manifest_bytes = {}, None
    try:
        with tar:
            for member in tar:
                manifest_bytes = _read_member(tar, member, seen, destination, manifest_bytes)
    except (OSError, tarfile.TarError, EOFError, ValueError) as exc:
        raise ArchiveError(f"备份文件已损坏或不完整：{exc}") from None
    if manifest_bytes is None:
        raise ArchiveError("备份文件中没有清单（manifest.json），可能不完整。")
    manifest = _parse_manifest(manifest_bytes)
    check_files(manifest, seen)
    return manifest


def _read_member(tar, member, seen, destination, manifest_bytes):
    if not member.isfile():
        raise ArchiveError(f"备份文件中有不应出现的条目：{member.name}")
    if member.name == MANIFEST:
        return tar.extractfile(member).read()
    if manifest_bytes is not None:
        raise ArchiveError(f"清单之后还有文件：{member.name}")
    name = safe_member_name(member.name)
    if member.name in seen:
        raise ArchiveError(f"备份文件中有重复的条目：{member.name}")
    digest, size, lines = hashlib.sha256(), 0, 0
    target = None
    if destination is not None:
        target = Path(destination, *name.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
    source = tar.extractfile(member)
    with open(target, "wb") if target else _NullFile() as out:
        for block in iter(lambda: source.read(CHUNK), b""):
            digest.update(block)
            size += len(block)
            lines += block.count(b"\n")
            out.write(block)
    seen[member.name] = {"sha256": digest.hexdigest(), "size": size, "lines": lines}
    return manifest_bytes


class _NullFile:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def write(self, block):
        pass


def _parse_manifest(data):
    try:
        manifest = json.loads(data)
    except ValueError:
        raise ArchiveError("备份清单（manifest.json）无法解析。") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(f"不认识的备份格式：{manifest.get('format') if isinstance(manifest, dict) else '?'}")
    return manifest


def check_files(manifest, seen):
    """Every listed member present with its checksum, nothing unlisted, row counts matching."""
    listed = manifest.get("files") or {}
    problems = []
    for name, expected in sorted(listed.items()):
        actual = seen.get(name)
        if actual is None:
            problems.append(f"缺少文件：{name}")
        elif actual["sha256"] != expected.get("sha256") or actual["size"] != expected.get("size"):
            problems.append(f"校验和不符：{name}")
    problems += [f"清单中没有登记的文件：{name}" for name in sorted(set(seen) - set(listed))]
    for table in manifest.get("models", []):
        actual = seen.get(table.get("file"))
        if actual is not None and actual["lines"] != table.get("rows"):
            problems.append(f"行数不符：{table['label']} 清单记 {table.get('rows')} 行，文件中 {actual['lines']} 行")
    if problems:
        shown = "；".join(problems[:10]) + (f"；另有 {len(problems) - 10} 处" if len(problems) > 10 else "")
        raise ArchiveError(f"备份文件校验失败（{len(problems)} 处）：{shown}")
