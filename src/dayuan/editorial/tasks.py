from datetime import timedelta

from dayuan.tasks.registry import periodic

from . import services


@periodic("editorial.publish_due", every=timedelta(minutes=1))
def publish_due(now):
    """Carry out scheduled publishing: no cron needed, the worker runs this every minute."""
    services.publish_due(now)
