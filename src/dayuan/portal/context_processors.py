from dayuan.news.models import Channel

from .models import SiteSettings


def site(request):
    """The site settings and the navigation, for every template."""
    return {
        "site": SiteSettings.load(),
        "nav_channels": Channel.objects.filter(parent__isnull=True, in_nav=True),
    }
