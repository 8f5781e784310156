"""Background jobs: the worker runs due sources every minute; admins can queue one source."""

from datetime import timedelta

from dayuan.tasks.registry import periodic, task


@periodic("collect.run_due_sources", every=timedelta(minutes=1))
def run_due_sources(now):
    from .services import run_due

    run_due(now)


@task("collect.run_source", max_attempts=1)
def run_source(source_id, trigger="admin"):
    from .models import Source
    from .services import run_source as run

    source = Source.objects.filter(pk=source_id).first()
    if source is not None:
        run(source, trigger=trigger)
