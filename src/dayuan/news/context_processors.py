from dayuan.core.memo import memoized

from .models import Channel


def navigation(request):
    """The channels of the main navigation, for every template."""
    return {"nav_channels": memoized("nav-channels", lambda: list(
        Channel.objects.filter(parent__isnull=True, in_nav=True)))}
