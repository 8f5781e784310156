from .models import SiteSettings


def site(request):
    """The site settings, for every template."""
    return {"site": SiteSettings.load()}
