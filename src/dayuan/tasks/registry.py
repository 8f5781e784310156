"""Register jobs for the worker and queue them.

    from dayuan.tasks.registry import task, periodic, enqueue

    @task("publish.rebake")
    def rebake(path): ...

    @periodic("collect.run_due_sources", every=timedelta(minutes=1))
    def run_due_sources(now): ...

    enqueue("publish.rebake", "/gsyl/", unique_key="rebake:/gsyl/")

A queued task is a row written in the caller's transaction, so it exists
exactly when the change that asked for it was committed.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

TASKS = {}
PERIODIC = {}


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    func: object
    every: timedelta


def task(name, max_attempts=3):
    def register(func):
        TASKS[name] = (func, max_attempts)
        return func

    return register


def periodic(name, every):
    """A job the worker runs every `every`; it is called with the current time."""

    def register(func):
        PERIODIC[name] = PeriodicJob(name, func, every)
        return func

    return register


def enqueue(name, *args, run_after=None, unique_key="", **kwargs):
    from .models import Task

    if name not in TASKS:
        raise KeyError(f"No task named {name!r}: register it with @task({name!r}) in an app's tasks.py.")
    if unique_key:
        pending = Task.objects.filter(unique_key=unique_key, status=Task.Status.PENDING).first()
        if pending:
            return pending
    return Task.objects.create(
        name=name,
        args=list(args),
        kwargs=kwargs,
        unique_key=unique_key,
        run_after=run_after or timezone.now(),
        max_attempts=TASKS[name][1],
    )
