from django.shortcuts import render


def page_not_found(request, exception=None):
    return render(request, "portal/404.html", status=404)


def server_error(request):
    return render(request, "portal/500.html", status=500)


def home(request):
    from dayuan.news.models import Article, Region

    published = Article.objects.published().for_listing()
    cities = list(Region.objects.filter(level=Region.CITY))
    city_blocks = [(city, list(published.in_region(city)[:6])) for city in cities]
    def placed(slug, count):  # articles an editor put in a home-page slot (news.Flag)
        return list(published.filter(flags__slug=slug)[:count])

    return render(request, "portal/home.html", {
        "slides": placed("huandeng", 5),
        "headlines": placed("toutiao", 3),
        "recommended": placed("tuijian", 8),
        "focus": list(published.flagged()[:8]),
        "latest": list(published[:15]),
        "city_blocks": city_blocks,
    })


def about(request):
    return render(request, "portal/about.html")
