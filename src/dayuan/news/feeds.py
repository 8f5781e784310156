"""RSS 2.0 and Atom feeds for the site, each channel, each region and each tag.

Links are absolute from the site settings' domain, not the request's host, so
a feed baked to a file is the same one a reader fetches live.
"""

import threading

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator

from .models import Article, Channel, Region, Tag

FEED_SIZE = 30


_current = threading.local()


def site_settings():
    """The site settings, read once per feed (the feed asks for them for every item)."""
    settings = getattr(_current, "site", None)
    if settings is None:
        from dayuan.portal.models import SiteSettings

        settings = SiteSettings.load()
    return settings


class ArticleFeed(Feed):
    """The site's latest articles; subclasses narrow the list to one channel, region or tag."""

    url_kind = ""  # the feed URL name's prefix, e.g. "channel_"
    language = "zh-cn"

    def __call__(self, request, *args, **kwargs):
        from dayuan.portal.models import SiteSettings

        _current.site = SiteSettings.load()
        try:
            return super().__call__(request, *args, **kwargs)
        finally:
            _current.site = None

    def get_object(self, request, *args, **kwargs):
        return None

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return (self.articles(obj).select_related("channel", "region", "flag")
                .prefetch_related("tag_links__tag").order_by("-published_at", "-id")[:FEED_SIZE])

    def scope_name(self, obj):
        return ""

    def title(self, obj):
        name = self.scope_name(obj)
        return f"{name} - {site_settings().title}" if name else site_settings().title

    def description(self, obj):
        name = self.scope_name(obj)
        site = site_settings()
        return f"{site.name}{name}最新资讯" if name else (site.description or site.name)

    subtitle = description

    def page_path(self, obj):
        return reverse("portal:home")

    def link(self, obj):
        return site_settings().base_url + self.page_path(obj)

    def url_args(self, obj):
        return []

    def feed_url(self, obj):
        kind = "atom" if self.feed_type is Atom1Feed else "rss"
        return site_settings().base_url + reverse(f"publish:{self.url_kind}{kind}", args=self.url_args(obj))

    def feed_copyright(self, obj):
        return site_settings().copyright

    def author_name(self, obj):
        return site_settings().name

    def item_title(self, item):
        return f"【{item.title_prefix}】{item.title}" if item.title_prefix else item.title

    def item_description(self, item):
        text = item.summary or strip_tags(item.body)
        return Truncator(" ".join(text.split())).chars(200)

    def item_link(self, item):
        return site_settings().base_url + item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        return item.author or item.editor or None

    def item_categories(self, item):
        return [item.channel.name, *(link.tag.name for link in item.tag_links.all())]


class ArticleAtomFeed(ArticleFeed):
    feed_type = Atom1Feed


class ScopedFeedMixin:
    """A feed narrowed to one channel, region or tag, found by the URL's one argument."""

    model = None
    lookup = "slug"

    def get_object(self, request, **kwargs):
        (value,) = kwargs.values()
        return get_object_or_404(self.model, **{self.lookup: value})

    def scope_name(self, obj):
        return obj.name

    def page_path(self, obj):
        return obj.get_absolute_url()

    def url_args(self, obj):
        return [getattr(obj, self.lookup)]


class ChannelFeedMixin(ScopedFeedMixin):
    model, url_kind = Channel, "channel_"

    def articles(self, obj):
        return Article.objects.published().in_channel(obj)


class RegionFeedMixin(ScopedFeedMixin):
    model, url_kind = Region, "region_"

    def articles(self, obj):
        return Article.objects.published().in_region(obj)


class TagFeedMixin(ScopedFeedMixin):
    model, url_kind, lookup = Tag, "tag_", "name"

    def articles(self, obj):
        return Article.objects.published().filter(tags=obj)

    def scope_name(self, obj):
        return f"标签：{obj.name}"


class ChannelFeed(ChannelFeedMixin, ArticleFeed):
    pass


class ChannelAtomFeed(ChannelFeedMixin, ArticleAtomFeed):
    pass


class RegionFeed(RegionFeedMixin, ArticleFeed):
    pass


class RegionAtomFeed(RegionFeedMixin, ArticleAtomFeed):
    pass


class TagFeed(TagFeedMixin, ArticleFeed):
    pass


class TagAtomFeed(TagFeedMixin, ArticleAtomFeed):
    pass
