from dayuan.news.models import Channel

from .memo import memoized
from .models import SiteSettings


def site(request):
    """The site settings and the navigation, for every template."""
    return {
        "site": SiteSettings.load(),
        "nav_channels": memoized("nav-channels", lambda: list(
            Channel.objects.filter(parent__isnull=True, in_nav=True))),
    }
