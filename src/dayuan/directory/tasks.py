from datetime import timedelta

from django.conf import settings

from dayuan.tasks.registry import periodic

from .checker import check_entries
from .models import ServiceEntry


@periodic("directory.check_links", every=timedelta(days=getattr(settings, "DIRECTORY_CHECK_EVERY_DAYS", 7)))
def check_links(now):
    """Weekly by default: check every active entry's link."""
    check_entries(ServiceEntry.objects.visible(), now=now)
