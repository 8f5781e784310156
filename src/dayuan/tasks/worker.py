"""The worker loop: run due queued tasks, then due periodic jobs.

Several workers (one per app server) may run at once: a task or a periodic
run is claimed with a conditional UPDATE, so exactly one worker runs it.
"""

import logging
import time
import traceback
from datetime import timedelta

from django.db import close_old_connections
from django.utils import timezone

from .models import PeriodicRun, Task
from .registry import PERIODIC, TASKS

log = logging.getLogger(__name__)
RETRY_BACKOFF = timedelta(seconds=30)


def claim_due_tasks(now, limit=20):
    ids = list(
        Task.objects.filter(status=Task.Status.PENDING, run_after__lte=now)
        .order_by("run_after", "id").values_list("id", flat=True)[:limit]
    )
    claimed = []
    for task_id in ids:
        if Task.objects.filter(id=task_id, status=Task.Status.PENDING).update(status=Task.Status.RUNNING):
            claimed.append(Task.objects.get(id=task_id))
    return claimed


def run_task(task, now):
    func, _ = TASKS.get(task.name, (None, 0))
    task.attempts += 1
    try:
        if func is None:
            raise LookupError(f"unknown task {task.name!r}")
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
    task.save(update_fields=["status", "attempts", "last_error", "run_after", "finished_at"])


def claim_periodic(job, now):
    run, _ = PeriodicRun.objects.get_or_create(name=job.name)
    if run.last_started_at and run.last_started_at + job.every > now:
        return None
    claimed = PeriodicRun.objects.filter(pk=run.pk, last_started_at=run.last_started_at).update(
        last_started_at=now
    )
    return run if claimed else None


def run_periodic(job, run, now):
    try:
        job.func(now)
        error = ""
    except Exception:
        error = traceback.format_exc(limit=5)
        log.warning("periodic job %s failed: %s", job.name, error)
    PeriodicRun.objects.filter(pk=run.pk).update(last_finished_at=timezone.now(), last_error=error)


def run_once(now=None):
    """One pass: every due task and periodic job. Returns how many ran.

    `now` lets tests drive the worker with a controllable clock.
    """
    now = now or timezone.now()
    ran = 0
    for task in claim_due_tasks(now):
        run_task(task, now)
        ran += 1
    for job in list(PERIODIC.values()):
        run = claim_periodic(job, now)
        if run is not None:
            run_periodic(job, run, now)
            ran += 1
    return ran


def run_forever(poll=1.0, should_stop=lambda: False):
    while not should_stop():
        close_old_connections()
        try:
            ran = run_once()
        except Exception:
            log.exception("worker pass failed")
            ran = 0
        if not ran:
            time.sleep(poll)
