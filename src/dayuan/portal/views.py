import re

from django.shortcuts import render

# Only our own 404 messages are in Chinese; Django's built-in ones are English developer texts.
CJK = re.compile(r"[\u4e00-\u9fff]")


def page_not_found(request, exception=None):
    message = str(exception.args[0]) if exception is not None and exception.args else ""
    reason = message if CJK.search(message) else ""
    return render(request, "portal/404.html", {"reason": reason}, status=404)


def server_error(request):
    return render(request, "portal/500.html", status=500)


def home(request):
    from dayuan.news.models import Article, Region

    published = Article.objects.published().for_listing()

    def placed(slug, count):  # articles an editor put in a home-page slot (news.Flag)
        return list(published.filter(flags__slug=slug)[:count])

    # Headlines show a lead, taken from the body when there is no summary.
    headlines = list(Article.objects.published().select_related("channel", "region", "flag")
                     .filter(flags__slug="toutiao").order_by("-published_at", "-id")[:2])
    headline_ids = [article.pk for article in headlines]
    cities = list(Region.objects.filter(level=Region.CITY))
    city_blocks = [(city, list(published.in_region(city)[:6])) for city in cities]

    return render(request, "portal/home.html", {
        "slides": placed("huandeng", 5),
        "headlines": headlines,
        "recommended": placed("tuijian", 8),
        "focus": list(published.flagged().exclude(pk__in=headline_ids)[:8]),
        "latest": list(published[:15]),
        "city_blocks": city_blocks,
    })


def about(request):
    return render(request, "portal/about.html")


def csrf_failure(request, reason=""):
    """A form posted with a stale or missing token: say so in Chinese, keep nothing half-done."""
    return render(request, "portal/csrf_failure.html", status=403)
