import re

from django.shortcuts import render

# Only our own 404 messages are in Chinese; Django's built-in ones are English developer texts.
CJK = re.compile(r"[\u4e00-\u9fff]")
FOCUS_LENGTH = 8
HOT_LENGTH = 5  # per period, in the home page's side column


def page_not_found(request, exception=None):
    message = str(exception.args[0]) if exception is not None and exception.args else ""
    reason = message if CJK.search(message) else ""
    return render(request, "portal/404.html", {"reason": reason}, status=404)


def server_error(request):
    return render(request, "portal/500.html", status=500)


def home(request):
    from dayuan.news.models import Article, Region

    from . import slots

    published = Article.objects.published().for_listing()
    shown = set()  # each article once above the fold, in the order of the blocks' importance

    def fresh(articles, count):
        kept = [article for article in articles if article.pk not in shown][:count]
        shown.update(article.pk for article in kept)
        return kept

    def placed(slug, count, articles=published):  # articles an editor put in a home-page slot (news.Flag)
        return fresh(slots.ordered(slug, articles, count + len(shown)), count)

    # Headlines show a lead, taken from the body when there is no summary.
    headlines = placed(
        "toutiao",
        2,
        Article.objects.published().select_related("channel", "region", "flag").order_by("-published_at", "-id"),
    )
    slides = placed("huandeng", 5)
    recommended = placed("tuijian", 6)
    focus = fresh(newest_flagged(published.exclude(pk__in=shown), FOCUS_LENGTH), FOCUS_LENGTH)
    latest_length = balanced_latest_length(len(focus))
    latest = fresh(published[: latest_length + len(shown)], latest_length)
    city_blocks = newest_per_city(published, list(Region.objects.filter(level=Region.CITY)), 6)

    return render(
        request,
        "portal/home.html",
        {
            "slides": slides,
            "headlines": headlines,
            "recommended": recommended,
            "focus": focus,
            "latest": latest,
            "city_blocks": city_blocks,
            "hot_length": HOT_LENGTH,
        },
    )


def newest_per_city(published, cities, count):
    """[(city, its newest `count` articles)] from one statement: each city's own newest-first
    query (an index range each), joined by UNION ALL; then the articles in one more. A query
    per city was a fifth of the home page's time, which every publish re-bakes."""
    from django.db import connection

    parts, params = [], []
    for n, city in enumerate(cities):
        ids = published.in_region(city).values_list("pk", flat=True)[:count]
        sql, city_params = ids.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS city{n}")
        params.extend(city_params)
    if not parts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        found = published.in_bulk([row[0] for row in cursor.fetchall()])
    by_city = {}
    for article in sorted(found.values(), key=lambda a: (a.published_at, a.pk), reverse=True):
        by_city.setdefault(article.city_id, []).append(article)
    return [(city, by_city.get(city.pk, [])) for city in cities]


def balanced_latest_length(focus_count):
    """最新资讯 fills the wide column as far down as 重点关注 and 最热 reach in the side column
    (a heading takes about two lines), within 8 to 20 items."""
    from dayuan.engage.counters import HOT_PERIODS, hot_articles

    hot = [len(hot_articles(key, None, HOT_LENGTH)) for key, _, _ in HOT_PERIODS]
    side_lines = focus_count + (2 if focus_count else 0) + sum(n + 1 for n in hot if n) + (2 if any(hot) else 0)
    return max(8, min(20, side_lines))


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


def favicon(request):
    from django.http import HttpResponsePermanentRedirect
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("portal/favicon.svg"))
