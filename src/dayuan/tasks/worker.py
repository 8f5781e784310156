"""The worker loop: run due queued tasks, then due periodic jobs.

Several workers (one per app server) may run at once. A task is claimed in a
transaction with `SELECT ... FOR UPDATE SKIP LOCKED` (PostgreSQL: workers never wait
for each other's rows) and a conditional UPDATE (SQLite, which has no row locks), so
exactly one worker runs it. The claim sets a lease (`locked_until`); while the task
runs a heartbeat thread extends it. A worker killed mid-task stops extending it, and
once the lease has run out another worker takes the task again (its attempt counted at
the claim, so a task that kills its worker every time ends as failed, not in a loop).
Tasks are written to be safe to run again (re-bakes, pushes, collection dedupe).

A periodic job is claimed by a conditional UPDATE of its last start, so one worker
runs it per interval; one killed mid-run is run again at the next interval, and every
periodic job does "what is due now", so nothing is lost.
"""

import logging
import os
import socket
import threading
import time
import traceback
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import PeriodicRun, Task
from .registry import PERIODIC, TASKS

log = logging.getLogger(__name__)
RETRY_BACKOFF = timedelta(seconds=30)
CRASH_RETRIES = 2  # runs cut short by a dead worker allowed beyond max_attempts


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def lease():
    return timedelta(seconds=getattr(settings, "DAYUAN_TASK_LEASE", 60))


def claimable(now):
    pending = Q(status=Task.Status.PENDING, run_after__lte=now)
    abandoned = Q(status=Task.Status.RUNNING, locked_until__lt=now)
    return Task.objects.filter(pending | abandoned)


def claim_one(now):
    """The next due task, claimed for this worker with a lease; None when nothing is due."""
    for _ in range(100):
        task = try_claim(now)
        if task != "again":
            return task
    return None


def try_claim(now):
    with transaction.atomic():
        task = claimable(now).select_for_update(skip_locked=True).order_by("run_after", "id").first()
        if task is None:
            return None
        claimed = Task.objects.filter(pk=task.pk, status=task.status, locked_until=task.locked_until).update(
            status=Task.Status.RUNNING, locked_until=now + lease(), attempts=F("attempts") + 1, claimed_by=worker_name()
        )
    if not claimed:
        return "again"  # another worker took it between our read and update (SQLite)
    task.refresh_from_db()
    if task.attempts > task.max_attempts + CRASH_RETRIES:  # its worker died every time it ran
        task.status, task.finished_at = Task.Status.FAILED, timezone.now()
        task.last_error = task.last_error or "the worker stopped while running this task"
        task.save(update_fields=["status", "finished_at", "last_error"])
        return "again"
    return task


class Heartbeat:
    """Extends a running task's lease every third of it, from a thread of its own."""

    def __init__(self, task):
        self.task_id = task.pk
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.beat, daemon=True, name=f"task-{task.pk}-heartbeat")

    def beat(self):
        interval = lease().total_seconds() / 3
        try:
            while not self.stop.wait(interval):
                Task.objects.filter(pk=self.task_id, status=Task.Status.RUNNING, claimed_by=worker_name()).update(
                    locked_until=timezone.now() + lease()
                )
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=10)


def run_task(task, now):
    func, _ = TASKS.get(task.name, (None, 0))
    try:
        if func is None:
            raise LookupError(f"unknown task {task.name!r}")
        with Heartbeat(task):
            func(*task.args, **task.kwargs)
    except Exception:  # one bad job never stops the worker
        task.last_error = traceback.format_exc(limit=5)
        if task.attempts < task.max_attempts:
            task.status = Task.Status.PENDING
            task.run_after = now + RETRY_BACKOFF * task.attempts
        else:
            task.status = Task.Status.FAILED
            task.finished_at = timezone.now()
        log.warning("task %s failed (attempt %s): %s", task.name, task.attempts, task.last_error)
    else:
        task.status = Task.Status.DONE
        task.finished_at = timezone.now()
    task.locked_until = None
    task.save(update_fields=["status", "last_error", "run_after", "finished_at", "locked_until"])


def claim_periodic(job, now):
    run, _ = PeriodicRun.objects.get_or_create(name=job.name)
    if run.last_started_at and run.last_started_at + job.every > now:
        return None
    claimed = PeriodicRun.objects.filter(pk=run.pk, last_started_at=run.last_started_at).update(last_started_at=now)
    return run if claimed else None


def run_periodic(job, run, now):
    try:
        job.func(now)
        error = ""
    except Exception:
        error = traceback.format_exc(limit=5)
        log.warning("periodic job %s failed: %s", job.name, error)
    PeriodicRun.objects.filter(pk=run.pk).update(last_finished_at=timezone.now(), last_error=error)


def run_due_tasks(now=None, limit=20):
    """Due tasks, claimed one at a time so that idle workers share a burst; returns how many ran."""
    ran = 0
    while ran < limit:
        at = now or timezone.now()
        task = claim_one(at)
        if task is None:
            break
        run_task(task, at)
        ran += 1
    return ran


def run_due_periodic(now=None):
    ran = 0
    for job in list(PERIODIC.values()):
        at = now or timezone.now()
        run = claim_periodic(job, at)
        if run is not None:
            run_periodic(job, run, at)
            ran += 1
    return ran


def run_once(now=None):
    """One pass: every due task and periodic job. Returns how many ran.

    `now` lets tests drive the worker with a controllable clock.
    """
    return run_due_tasks(now) + run_due_periodic(now)


def run_forever(poll=0.25, periodic_every=1.0, should_stop=lambda: False):
    """Tasks are looked for every `poll` seconds, so a publish is re-baked promptly; periodic jobs
    run in a thread of their own, so a long one (a region-page re-bake) never holds tasks up."""
    periodic = threading.Thread(
        target=_repeat, args=(run_due_periodic, periodic_every, should_stop), name="dayuan-periodic", daemon=True
    )
    periodic.start()
    _repeat(run_due_tasks, poll, should_stop)
    periodic.join(timeout=30)


def _repeat(step, pause, should_stop):
    while not should_stop():
        close_old_connections()
        try:
            ran = step()
        except Exception:
            log.exception("worker pass failed")
            ran = 0
        if not ran:
            time.sleep(pause)
