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

    def placed(slug, count, articles=published):  # articles an editor put in a home-page slot (news.Flag)
        # The slot's few article ids first: joining the placements to every article makes
        # the database walk the whole site when the slot is empty.
        ids = list(Article.flags.through.objects.filter(flag__slug=slug).values_list("article_id", flat=True))
        return list(articles.filter(pk__in=ids)[:count]) if ids else []

    # Headlines show a lead, taken from the body when there is no summary.
    headlines = placed("toutiao", 2, Article.objects.published().select_related("channel", "region", "flag")
                       .order_by("-published_at", "-id"))
    headline_ids = [article.pk for article in headlines]
    cities = list(Region.objects.filter(level=Region.CITY))
    city_blocks = [(city, list(published.in_region(city)[:6])) for city in cities]

    return render(request, "portal/home.html", {
        "slides": placed("huandeng", 5),
        "headlines": headlines,
        "recommended": placed("tuijian", 8),
        "focus": newest_flagged(published.exclude(pk__in=headline_ids), 8),
        "latest": list(published[:15]),
        "city_blocks": city_blocks,
    })


def newest_flagged(articles, limit):
    """The newest articles with a headline flag or a home-page placement.

    One small query per flag and one over the placements, each stopping after `limit`: an OR
    over the join has to look at every article of the site when few are flagged."""
    from dayuan.news.models import Article, Flag

    found = []
    for flag_id in Flag.objects.values_list("pk", flat=True):
        found += articles.filter(flag_id=flag_id)[:limit]
    placed = list(Article.flags.through.objects.values_list("article_id", flat=True).distinct())
    if placed:
        found += articles.filter(pk__in=placed)[:limit]
    merged = {article.pk: article for article in found}.values()
    return sorted(merged, key=lambda a: (a.published_at, a.pk), reverse=True)[:limit]


def about(request):
    return render(request, "portal/about.html")


def csrf_failure(request, reason=""):
    """A form posted with a stale or missing token: say so in Chinese, keep nothing half-done."""
    return render(request, "portal/csrf_failure.html", status=403)
