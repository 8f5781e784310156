"""Write baked pages under the public root: atomically, with a gzip twin, only when changed.

A reader (or nginx) sees either the old file or the new one, never a part:
each file is written to a hidden temporary name in the same directory and
renamed over the old one. The `.gz` twin is written first, so a client that
takes it never gets a page older than the plain one.
"""

import functools
import gzip
import logging
import os
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from . import conf, paths
from .render import Renderer

log = logging.getLogger(__name__)
_renderer = None
# Answers that mean the page is no longer at this URL: its file goes.
GONE = {301, 302, 308, 404, 410}
DROPPED_PREFIX = ".dropped-"  # list pages taken out of the served tree, being deleted


def renderer():
    global _renderer
    if _renderer is None:
        _renderer = Renderer()
    return _renderer


def holds(target, data):
    try:
        with open(target, "rb") as handle:
            return handle.read(len(data) + 1) == data
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return False


def write_atomic(target, data):
    """Replace `target` with `data` in one rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=paths.TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise


def gzip_bytes(data):
    # mtime=0 keeps the twin identical for identical pages, so it isn't rewritten.
    return gzip.compress(data, compresslevel=6, mtime=0)


def write_page(url_path, body, root=None, gz=None):
    """Store a page and its gzip twin (`gz`, when the caller has compressed it already)."""
    target = paths.file_for(url_path, root)
    if target is None:
        raise ValueError(f"{url_path!r} can't be stored as a file")
    twin = target.with_name(target.name + ".gz")
    if holds(target, body) and twin.exists():
        return False  # unchanged pages keep their mtime, so their ETag stays valid
    write_atomic(twin, gzip_bytes(body) if gz is None else gz)
    write_atomic(target, body)
    return True


def remove_page(url_path, root=None):
    """Delete a page's baked file and its gzip twin; True when something was there."""
    target = paths.file_for(url_path, root)
    if target is None:
        return False
    removed = False
    for path in (target.with_name(target.name + ".gz"), target):
        try:
            path.unlink()
            removed = True
        except (FileNotFoundError, IsADirectoryError):
            pass
    return removed


def bake_path(url_path, page=None):
    """Render one URL (unless `page` is its rendering) and store it; a page that is gone
    (404, 410) or moved (301) loses its file.

    Returns "written", "unchanged", "removed" or "skipped".
    """
    if not paths.is_bakeable(url_path):
        return "skipped"
    if page is None:
        page = renderer().render(url_path)
    if page.status in GONE:
        return "removed" if remove_page(url_path) else "skipped"
    if page.status != 200:
        # A server error is no reason to drop a good page: keep the old file and say so.
        raise RuntimeError(f"{url_path} answered {page.status}; its baked file was kept")
    return "written" if write_page(url_path, page.body) else "unchanged"


BULK_CHUNK = 200
WRITERS = 4


def _bake_one(url_path, page=None):
    """bake_path's outcome; a page that fails is logged and counted, the others still bake."""
    try:
        return bake_path(url_path, page)
    except Exception:
        log.exception("baking %s failed", url_path)
        return "failed"


def bake_paths(url_paths, whole=False, kept_related=False):
    """Bake pages: articles, lists and feeds through the bulk renderer, a chunk at a time;
    other pages one by one. Rendered pages are written by a few threads while the next render:
    compressing and renaming over an old file wait on zlib and the disk, not on the interpreter.

    `whole` (a full bake): read each list's ids once for all its pages, and score related
    articles from a table of the whole site; a publish's few pages are cheaper without.
    `kept_related`: article pages show the related articles their last bake kept (scored only
    for articles without), as after a change that moves no article (bulk.render_articles)."""
    from . import bulk

    url_paths = list(dict.fromkeys(url_paths))
    bakeable = [p for p in url_paths if paths.is_bakeable(p)]
    articles = [p for p in bakeable if bulk.article_pk(p) is not None]
    in_bulk = set(articles)
    lists = [p for p in bakeable if p not in in_bulk and bulk.is_direct(p)]
    in_bulk.update(lists)
    outcomes = []
    with ThreadPoolExecutor(WRITERS, thread_name_prefix="bake-write") as writers:
        for kind, pages, render in (
            ("articles", articles, functools.partial(bulk.render_articles, kept_related=kept_related)),
            ("lists and feeds", lists, bulk.render_views),
        ):
            for start in range(0, len(pages), BULK_CHUNK):
                chunk = pages[start : start + BULK_CHUNK]
                try:
                    rendered = render(chunk, whole)
                except Exception:
                    log.exception("bulk rendering of %d %s failed; rendering them one by one", len(chunk), kind)
                    rendered = {}
                for url_path in chunk:
                    page = rendered.get(url_path)
                    # A page left unrendered renders here: the database connection is this thread's.
                    outcomes.append(_bake_one(url_path) if page is None else writers.submit(_bake_one, url_path, page))
        outcomes += [_bake_one(url_path) for url_path in url_paths if url_path not in in_bulk]
    counts = {}
    for outcome in outcomes:
        outcome = outcome if isinstance(outcome, str) else outcome.result()
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def site_is_baked(root=None):
    """Re-bakes keep a baked site fresh; before the first bake pages render live (and bake on request)."""
    return ((root or conf.public_root()) / "index.html").exists()


def refresh_paths(url_paths):
    """Re-bake pages a change touched: all of them on a baked site; before the first full bake,
    only those already baked (on request), so no baked page is left stale."""
    if site_is_baked():
        return bake_paths(url_paths)
    return bake_paths([p for p in url_paths if (paths.file_for(p) or conf.public_root()).is_file()])


def delete_in_background(path):
    threading.Thread(target=shutil.rmtree, args=(path,), kwargs={"ignore_errors": True}, daemon=True).start()


def remove_stale_temp_files(root=None, older_than=3600):
    """Temporary files left by a killed baker, and dropped list pages whose deletion was cut
    short (never served: their names start with a dot)."""
    root = root or conf.public_root()
    cutoff = time.time() - older_than
    removed = 0
    for directory, subdirectories, files in os.walk(root):
        for name in [d for d in subdirectories if d.startswith(DROPPED_PREFIX)]:
            subdirectories.remove(name)
            shutil.rmtree(os.path.join(directory, name), ignore_errors=True)
        for name in files:
            if name.startswith(".") and name.endswith(paths.TEMP_SUFFIX):
                path = os.path.join(directory, name)
                try:
                    if os.stat(path).st_mtime < cutoff:
                        os.unlink(path)
                        removed += 1
                except FileNotFoundError:
                    pass
    return removed
