from dayuan.core.memo import memoized

from .models import Channel


def navigation(request):
    """The channels of the main navigation, and which entry the page is in, for every template."""
    channels = memoized("nav-channels", lambda: list(Channel.objects.filter(parent__isnull=True, in_nav=True)))
    return {"nav_channels": channels, "nav_section": nav_section(request.path, channels)}


def nav_section(path, channels):
    """What the navigation marks as current: "home", a channel slug or "services", from the
    address's first segment (/gsyl/jinzhong/4597.html is in gsyl); "" for other pages, so
    the memoized navigation has one copy per menu entry, whatever addresses are asked for."""
    first = path.strip("/").split("/", 1)[0]
    if not first:
        return "home"
    if first == "services" or first in {channel.slug for channel in channels}:
        return first
    return ""
