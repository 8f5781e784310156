from datetime import timedelta

from dayuan.tasks.registry import periodic

from .counters import BUCKET_SECONDS, flush_views


@periodic("engage.flush_views", every=timedelta(seconds=BUCKET_SECONDS))
def flush_view_counts(now):
    """Write the views this process buffered to the database, in one batch."""
    flush_views(ts=now.timestamp())
