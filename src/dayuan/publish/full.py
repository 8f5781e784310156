"""`dayuan bake`: every public page, in parallel across cores, resumable.

The main process lists the pages and hands chunks to worker processes (forked,
each with its own database connection). Finished chunks are appended to a
journal under DAYUAN_HOME, so a bake that was stopped (or killed) resumes
where it stopped; a finished bake deletes the journal.
"""

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from urllib.parse import unquote

from django.conf import settings
from django.db import connections

from . import baking, conf, pages, paths

CHUNK = 100


def journal_path():
    return settings.DAYUAN_HOME / "bake.journal"


def read_journal():
    try:
        with open(journal_path(), encoding="utf-8") as handle:
            return {line.rstrip("\n") for line in handle}
    except FileNotFoundError:
        return set()


def _init_child():
    # Forked children must not share the parent's database connection.
    connections.close_all()


def _bake_chunk(chunk, kept_related=False):
    return chunk, baking.bake_paths(chunk, whole=True, kept_related=kept_related)


def _ready():
    return os.getpid()


def start_workers(jobs):
    """The worker pool, its processes forked now: before the parent reads the page list, so they
    don't each carry a copy of it (at 100,000 articles ~80 MB, counted again in every process)."""
    connections.close_all()
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_child)
    pool.submit(_ready).result()  # a fork-context pool starts all its processes at the first task
    return pool


def bake_all(jobs=None, progress=True, restart=False, kinds=None, prune=True, on_progress=None, kept_related=False):
    """Bake every page (or only `kinds`: site, list, feed, article); returns counts by outcome.
    `on_progress(done, total)` is called as chunks finish (pages, resumed ones included).
    `kept_related`: see baking.bake_paths (a re-bake after a site-wide change)."""
    from dayuan.core.tasks import optimize_database

    started = time.time()
    optimize_database()  # a site just imported in bulk has no planner statistics yet
    jobs = max(1, jobs or os.cpu_count() or 1)
    pool = start_workers(jobs) if jobs > 1 else None
    try:
        return _bake_all(pool, started, progress, restart, kinds, prune, on_progress, kept_related)
    finally:
        if pool is not None:
            pool.shutdown()


def _bake_all(pool, started, progress, restart, kinds, prune, on_progress, kept_related):
    baking.remove_stale_temp_files()
    every = pages.all_paths()
    todo = [path for kind, path in every if kinds is None or kind in kinds]
    if restart:
        journal_path().unlink(missing_ok=True)
    done = read_journal()
    remaining = [path for path in todo if path not in done]
    chunks = [remaining[i : i + CHUNK] for i in range(0, len(remaining), CHUNK)]
    totals = {"resumed": len(todo) - len(remaining)}

    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), initial=totals["resumed"], unit="页", desc="生成静态页", smoothing=0.05)

    counted = [totals["resumed"]]
    if on_progress is not None:
        on_progress(counted[0], len(todo))
    with open(journal_path(), "a", encoding="utf-8") as journal:

        def finished(chunk, counts):
            journal.write("".join(f"{path}\n" for path in chunk))
            journal.flush()
            for key, value in counts.items():
                totals[key] = totals.get(key, 0) + value
            if bar is not None:
                bar.update(len(chunk))
            if on_progress is not None:
                counted[0] += len(chunk)
                on_progress(counted[0], len(todo))

        if pool is None or len(chunks) < 2:
            for chunk in chunks:
                finished(*_bake_chunk(chunk, kept_related))
        else:
            for future in as_completed([pool.submit(_bake_chunk, chunk, kept_related) for chunk in chunks]):
                finished(*future.result())
    if pool is not None:
        pool.shutdown()  # the workers' memory goes before the parent walks the tree to prune it
    if bar is not None:
        bar.close()
    if prune and kinds is None:
        # Listed at the start: a page a publish baked since (a new article) is newer than that.
        totals["pruned"] = prune_files({unquote(path) for _, path in every}, before=started)
    if kinds is None or "site" in kinds:
        from .tasks import record_sitemap_sections

        record_sitemap_sections()
    journal_path().unlink(missing_ok=True)
    return totals


def describe(counts):
    """A bake's outcome in one line, for the command's output and the 生成静态 page."""
    done = sum(v for k, v in counts.items() if k in ("written", "unchanged"))
    return (
        f"完成：{done} 页（新写入 {counts.get('written', 0)}，未变 {counts.get('unchanged', 0)}，"
        f"移除 {counts.get('removed', 0)}，续做跳过 {counts.get('resumed', 0)}，失败 {counts.get('failed', 0)}）"
    )


def prune_files(keep, before=None):
    """Delete baked pages the site no longer lists (deleted tags, shrunk lists), of those
    last written before `before` (a time stamp) when given.

    Pages baked on request that aren't listed (an empty county list) go too;
    they are baked again on their next request.
    """
    root = conf.public_root()
    removed = 0
    for directory, _, files in os.walk(root):
        for name in files:
            if name.startswith(".") or name.endswith(".gz"):
                continue
            relative = os.path.relpath(os.path.join(directory, name), root)
            url = paths.url_for_file(relative.replace(os.sep, "/"))
            if url in keep or not paths.is_bakeable(url):
                continue
            if before is None or not written_since(os.path.join(directory, name), before):
                baking.remove_page(url)
                removed += 1
    return removed


def written_since(path, moment):
    try:
        return os.stat(path).st_mtime >= moment
    except FileNotFoundError:
        return True  # gone already
