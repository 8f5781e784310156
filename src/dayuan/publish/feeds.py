"""RSS 2.0 and Atom feeds for the site, each channel, each region and each tag.

Links are absolute from the site settings' domain, not the request's host, so
a feed baked to a file is the same one a reader fetches live.
"""

import threading
from dataclasses import dataclass
from inspect import unwrap

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator

from dayuan.core.memo import memoized, memoized_many
from dayuan.core.models import SiteSettings
from dayuan.news.models import Article, ArticleTag, Channel, Region, Tag
from dayuan.news.views import by_slug

FEED_SIZE = 30


@dataclass(frozen=True)
class FeedItem:
    """What a feed says about an article. One article is in a dozen feeds (site, channel,
    county, city, province, tags; RSS and Atom), so it is worked out once per content version."""

    pk: int
    title: str
    description: str
    path: str
    published_at: object
    updated_at: object
    author: str
    categories: tuple


def feed_items(ids):
    """FeedItems for these article ids, in this order."""
    found = memoized_many([("feed-item", pk) for pk in ids], _load_feed_items)
    return [found[key] for key in (("feed-item", pk) for pk in ids) if key in found]


def _load_feed_items(keys):
    """FeedItems from a few columns (rows, not model instances: a publish re-renders a dozen feeds)."""
    pks = [pk for _, pk in keys]
    rows = Article.objects.filter(pk__in=pks).values_list(*ITEM_COLUMNS)
    found = {row[0]: dict(zip(ITEM_COLUMNS, row, strict=True)) for row in rows}
    # The description falls back on the body's text: read only where there is no summary.
    bodies = dict(
        Article.objects.filter(pk__in=[pk for pk, row in found.items() if not row["summary"]]).values_list("pk", "body")
    )
    tags = {}
    for article_id, name in (
        ArticleTag.objects.filter(article_id__in=list(found))
        .order_by("position", "id")
        .values_list("article_id", "tag__name")
    ):
        tags.setdefault(article_id, []).append(name)
    return {("feed-item", pk): _feed_item(row, bodies.get(pk, ""), tags.get(pk, [])) for pk, row in found.items()}


ITEM_COLUMNS = (
    "pk",
    "title",
    "summary",
    "published_at",
    "updated_at",
    "author",
    "editor",
    "channel__name",
    "channel__slug",
    "region__slug",
    "flag__name",
    "flag__show_in_title",
)


def _feed_item(row, body, tags):
    prefix = Article.prefix_of(row["flag__name"], row["flag__show_in_title"])
    return FeedItem(
        pk=row["pk"],
        title=f"【{prefix}】{row['title']}" if prefix else row["title"],
        description=Truncator(" ".join((row["summary"] or strip_tags(body)).split())).chars(200),
        path=Article.address(row["channel__slug"], row["region__slug"], row["pk"]),
        published_at=row["published_at"],
        updated_at=max(row["updated_at"], row["published_at"]),
        author=row["author"] or row["editor"] or "",
        categories=(row["channel__name"], *tags),
    )


_current = threading.local()
_TAKES_ARGUMENT = {}  # (feed class, method name) → whether it takes the object


def site_settings():
    """The site settings, read once per feed (the feed asks for them for every item)."""
    settings = getattr(_current, "site", None)
    if settings is None:
        settings = SiteSettings.load()
    return settings


class ArticleFeed(Feed):
    """The site's latest articles; subclasses narrow the list to one channel, region or tag."""

    url_kind = ""  # the feed URL name's prefix, e.g. "channel_"
    language = "zh-cn"

    def _get_dynamic_attr(self, attname, obj, default=None):
        """Django's, with the method's argument count looked up once per class and name: it asks
        some twenty of them per item, and inspecting the method each time was a publish's
        biggest cost in its feeds."""
        try:
            attr = getattr(self, attname)
        except AttributeError:
            return default
        if not callable(attr):
            return attr
        key = (type(self), attname)
        takes = _TAKES_ARGUMENT.get(key)
        if takes is None:  # the first time: Django's own version (and its checks)
            value = super()._get_dynamic_attr(attname, obj, default)
            func = unwrap(attr)
            code = getattr(func, "__code__", None) or unwrap(attr.__call__).__code__
            _TAKES_ARGUMENT[key] = code.co_argcount == 2
            return value
        return attr(obj) if takes else attr()

    def __call__(self, request, *args, **kwargs):
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
        # The RSS and the Atom feed of one list show the same articles: read once per content version.
        ids = memoized(
            ("feed-ids", self.url_kind, getattr(obj, "pk", None)),
            lambda: list(self.articles(obj).order_by("-published_at", "-id").values_list("pk", flat=True)[:FEED_SIZE]),
        )
        return feed_items(ids)

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
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return site_settings().base_url + item.path

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return list(item.categories)


class ArticleAtomFeed(ArticleFeed):
    feed_type = Atom1Feed


class ScopedFeedMixin:
    """A feed narrowed to one channel, region or tag, found by the URL's one argument."""

    model = None
    lookup = "slug"

    def get_object(self, request, **kwargs):
        (value,) = kwargs.values()
        return by_slug(self.model, **{self.lookup: value})

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
