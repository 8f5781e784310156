import os
from datetime import timedelta

import pytest
from django.utils import timezone

from dayuan.tasks.models import PeriodicRun, Task
from dayuan.tasks.registry import PERIODIC, TASKS, enqueue, periodic, task
from dayuan.tasks.worker import CRASH_RETRIES, run_once

CALLS = []


@pytest.fixture(autouse=True)
def registered_jobs():
    CALLS.clear()
    task("test.record")(lambda value: CALLS.append(value))

    def explode():
        raise RuntimeError("boom")

    task("test.explode", max_attempts=2)(explode)
    periodic("test.tick", every=timedelta(minutes=10))(lambda now: CALLS.append(("tick", now)))
    yield
    for name in ("test.record", "test.explode"):
        TASKS.pop(name, None)
    PERIODIC.pop("test.tick", None)


@pytest.mark.django_db
def test_due_task_runs_once_and_future_task_waits():
    """A due task runs on the next pass; one scheduled later waits for its time."""
    enqueue("test.record", "now")
    now = timezone.now()
    enqueue("test.record", "later", run_after=now + timedelta(hours=1))
    run_once(now)
    run_once(now)
    assert [c for c in CALLS if c in ("now", "later")] == ["now"]
    run_once(now + timedelta(hours=1, seconds=1))
    assert [c for c in CALLS if c in ("now", "later")] == ["now", "later"]
    assert Task.objects.filter(status=Task.Status.DONE).count() == 2


@pytest.mark.django_db
def test_failing_task_is_retried_then_marked_failed():
    """A failing task is retried with backoff and kept with its error, never dropped."""
    job = enqueue("test.explode")
    now = timezone.now()
    run_once(now)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Task.Status.PENDING, 1)
    run_once(now + timedelta(minutes=5))
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Task.Status.FAILED, 2)
    assert "boom" in job.last_error


@pytest.mark.django_db
def test_unique_key_keeps_one_pending_task():
    """Queuing the same unique key twice while pending keeps one task."""
    enqueue("test.record", "a", unique_key="k")
    enqueue("test.record", "a", unique_key="k")
    assert Task.objects.filter(unique_key="k").count() == 1


@pytest.mark.django_db
def test_periodic_job_runs_once_per_interval():
    """A periodic job runs at most once per interval, by the clock it is given."""
    now = timezone.now()
    run_once(now)
    run_once(now + timedelta(minutes=5))
    run_once(now + timedelta(minutes=11))
    assert [c[1] for c in CALLS if isinstance(c, tuple)] == [now, now + timedelta(minutes=11)]
    assert PeriodicRun.objects.get(name="test.tick").last_finished_at is not None


@pytest.mark.django_db
def test_task_of_a_killed_worker_is_run_again_after_its_lease():
    """A worker that died mid-task leaves the task running with a lease; after the lease another worker runs it."""
    job = enqueue("test.record", "crashed")
    now = timezone.now()
    # Worker A claims it and dies before finishing (no run_task, no heartbeat).
    Task.objects.filter(pk=job.pk).update(
        status=Task.Status.RUNNING, attempts=1, locked_until=now + timedelta(seconds=60)
    )
    run_once(now + timedelta(seconds=30))  # lease still held: nobody else runs it
    assert "crashed" not in CALLS
    run_once(now + timedelta(seconds=61))
    job.refresh_from_db()
    assert CALLS.count("crashed") == 1
    assert (job.status, job.attempts, job.locked_until) == (Task.Status.DONE, 2, None)
    assert job.claimed_by.endswith(f":{os.getpid()}")
    run_once(now + timedelta(seconds=200))
    assert CALLS.count("crashed") == 1


@pytest.mark.django_db
def test_task_that_always_kills_its_worker_ends_failed():
    job = enqueue("test.record", "poison")
    now = timezone.now()
    Task.objects.filter(pk=job.pk).update(
        status=Task.Status.RUNNING, attempts=job.max_attempts + CRASH_RETRIES, locked_until=now - timedelta(seconds=1)
    )
    run_once(now)
    job.refresh_from_db()
    assert job.status == Task.Status.FAILED and "poison" not in CALLS
