import re

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dayuan.core.models import SiteSettings

from . import sitemaps

XML = "application/xml; charset=utf-8"
# ASCII digits only, as Django's <int:> converter: str.isdigit() also takes "²", which int() refuses.
ARTICLE_ID = re.compile(r"[0-9]{1,18}")


def sitemap(request):
    """The whole site in one urlset; a sitemap index once it passes 50,000 URLs."""
    sections = sitemaps.section_pages()
    base = SiteSettings.load().base_url
    if sitemaps.needs_index(sections):
        entries = [
            {"location": base + reverse("publish:sitemap_section", args=[name, page])}
            for name, _, pages in sections
            for page in range(1, pages + 1)
        ]
        return render(request, "sitemap_index.xml", {"sitemaps": entries}, content_type=XML)
    urls = []
    for _, sitemap_obj, pages in sections:
        for page in range(1, pages + 1):
            urls.extend(sitemap_obj.get_urls(page=page))
    return render(request, "sitemap.xml", {"urlset": urls}, content_type=XML)


def sitemap_section(request, section, page):
    cls = sitemaps.SECTIONS.get(section)
    if cls is None:
        raise Http404("没有这个网站地图")
    sitemap_obj = cls()
    if page < 1 or page > max(sitemap_obj.paginator.num_pages, 1):
        raise Http404("没有这一页")
    return render(request, "sitemap.xml", {"urlset": sitemap_obj.get_urls(page=page)}, content_type=XML)


def sitemap_news(request):
    site = SiteSettings.load()
    return render(
        request,
        "publish/sitemap_news.xml",
        {
            "articles": sitemaps.news_items(),
            "base_url": site.base_url,
            "publication": site.name,
        },
        content_type=XML,
    )


def robots(request):
    site = SiteSettings.load()
    return render(
        request,
        "publish/robots.txt",
        {
            "sitemaps": [site.base_url + reverse("publish:sitemap"), site.base_url + reverse("publish:sitemap_news")],
        },
        content_type="text/plain; charset=utf-8",
    )


@never_cache
@require_GET
def form_token(request):
    """What a baked page can't hold: this reader's CSRF token and a fresh captcha.

    With ?article=<id>, also the article's current counters, so one request fills
    in everything per-request on an article page.
    """
    from django.middleware.csrf import get_token

    from dayuan.engage.captchas import take_captcha

    data = {"csrf": get_token(request), "captcha": take_captcha()}
    article_id = request.GET.get("article", "")
    if ARTICLE_ID.fullmatch(article_id):
        from dayuan.news.models import Article

        counts = Article.objects.filter(pk=int(article_id)).values("like_count", "view_count", "comment_count").first()
        if counts:
            data["counts"] = {
                "likes": counts["like_count"],
                "views": counts["view_count"],
                "comments": counts["comment_count"],
            }
    return JsonResponse(data)
