from datetime import timedelta

from dayuan.tasks.registry import periodic

from .captchas import refresh_pool
from .counters import BUCKET_SECONDS, flush_views


@periodic("engage.flush_views", every=timedelta(seconds=BUCKET_SECONDS))
def flush_view_counts(now):
    """Write the views this process buffered to the database, in one batch."""
    flush_views(ts=now.timestamp())


@periodic("engage.captcha_pool", every=timedelta(minutes=1))
def refresh_captcha_pool(now):
    """Purge expired captchas and keep the pool full (readers take from it, never write)."""
    refresh_pool(now)
