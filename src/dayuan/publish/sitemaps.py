"""Sitemaps: the site's pages, articles and tags, and a news sitemap for the last two days.

URLs are built from the site settings' domain (not the request's host), so the
baked sitemap is the live one.
"""

from datetime import timedelta
from types import SimpleNamespace

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from dayuan.core.models import SiteSettings
from dayuan.news.models import Article, ArticleTag, Channel, Region, Tag

from .pages import Trees

# The protocol allows 50,000 URLs a file; smaller sections keep a re-bake cheap.
SECTION_SIZE = 10_000
SINGLE_FILE_LIMIT = 50_000
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000  # what Google News reads from one news sitemap


def site_settings():
    return SiteSettings.load()


class DayuanSitemap(Sitemap):
    limit = SECTION_SIZE

    def get_protocol(self, protocol=None):
        return "https" if site_settings().use_https else "http"

    def get_domain(self, site=None):
        return site_settings().domain


class PageSitemap(DayuanSitemap):
    """Home, about, channels and regions."""

    changefreq = "hourly"

    def items(self):
        pages = [(reverse("portal:home"), "1.0"), (reverse("portal:about"), "0.3")]
        pages += [(channel.get_absolute_url(), "0.8") for channel in Channel.objects.all()]
        pages += [(region.get_absolute_url(), "0.6") for region in Region.objects.all()]
        return pages

    def location(self, item):
        return item[0]

    def priority(self, item):
        return item[1]


class ArticleSitemap(DayuanSitemap):
    """Every public article, oldest first, so a new one only changes the last section.

    Items are rows (id, channel id, region id, updated at), not models, and the slugs come
    from one read of the channels and regions (pages.Trees): a section is 10,000 articles, and a model
    each was most of its time in a bake. No join either, so the paginator's count is cheap."""

    changefreq = "weekly"

    def items(self):
        return Article.objects.published().order_by("id").values_list("id", "channel_id", "region_id", "updated_at")

    @cached_property
    def trees(self):
        return Trees()

    def location(self, item):
        pk, channel_id, region_id, _ = item
        return Article.address(self.trees.channels[channel_id].slug, self.trees.regions[region_id].slug, pk)

    def lastmod(self, item):
        return item[3]


class TagSitemap(DayuanSitemap):
    changefreq = "daily"

    def items(self):
        public = ArticleTag.objects.filter(
            tag=OuterRef("pk"),
            article__status=Article.Status.PUBLISHED,
            article__published_at__lte=timezone.now(),
        )
        return Tag.objects.filter(Exists(public)).order_by("id")

    def location(self, item):
        return item.get_absolute_url()


SECTIONS = {"pages": PageSitemap, "articles": ArticleSitemap, "tags": TagSitemap}


def news_items(now=None):
    """Articles published in the last two days, newest first (Google News sitemap)."""
    now = now or timezone.now()
    return list(
        Article.objects.published()
        .filter(published_at__gte=now - NEWS_WINDOW)
        .select_related("channel", "region", "flag")
        .order_by("-published_at", "-id")[:NEWS_LIMIT]
    )


def article_section_fingerprints():
    """{page number: what its article sitemap file shows, in short} — cheap to compare, so a
    publish re-bakes only the sections that changed (usually the last) instead of all of them."""
    from django.db.models import Count, Max

    ids = list(Article.objects.published().order_by("id").values_list("id", flat=True))
    settings = site_settings()
    result = {}
    for number, start in enumerate(range(0, len(ids), SECTION_SIZE), start=1):
        low, high = ids[start], ids[min(start + SECTION_SIZE, len(ids)) - 1]
        summary = (
            Article.objects.published()
            .filter(id__gte=low, id__lte=high)
            .aggregate(n=Count("id"), changed=Max("updated_at"))
        )
        result[number] = [
            settings.domain,
            settings.use_https,
            low,
            high,
            summary["n"],
            summary["changed"].isoformat() if summary["changed"] else "",
        ]
    return result


def section_pages():
    """[(section name, sitemap, number of pages)] for the index."""
    result = []
    for name, cls in SECTIONS.items():
        sitemap = cls()
        result.append((name, sitemap, max(sitemap.paginator.num_pages, 1)))
    return result


def needs_index(sections):
    return sum(sitemap.paginator.count for _, sitemap, _ in sections) > SINGLE_FILE_LIMIT


def site_object():
    return SimpleNamespace(domain=site_settings().domain, name=site_settings().name)
