"""RSS 2.0 and Atom feeds for the site, each channel, each region and each tag.

Links are absolute from the site settings' domain, not the request's host, so
a feed baked to a file is the same one a reader fetches live.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from django.http import Http404, HttpResponse
from django.template import engines
from django.utils.html import strip_tags
from django.utils.http import http_date
from django.utils.text import Truncator

from dayuan.core.memo import memoized, memoized_many
from dayuan.core.models import SiteSettings
from dayuan.core.reversing import cached_reverse
from dayuan.news.models import Article, ArticleTag, Channel, Region, Tag
from dayuan.news.views import by_slug

FEED_SIZE = 30
# Characters XML 1.0 cannot carry (Django's generator refused the whole feed for one of them).
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text):
    return NOT_XML.sub("", text or "")


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


def prefetch(feeds):
    """Read the items of many feeds at once, [(feed view, its URL kwargs)]: a publish re-bakes a
    dozen feeds under a new content version, which item by feed was three queries each."""
    ids = []
    for view, kwargs in feeds:
        try:
            ids += view.item_ids(view.get_object(None, **kwargs))
        except Http404:
            continue
    feed_items(list(dict.fromkeys(ids)))


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
        title=_xml_text(f"【{prefix}】{row['title']}" if prefix else row["title"]),
        description=_xml_text(Truncator(" ".join((row["summary"] or strip_tags(body)).split())).chars(200)),
        path=Article.address(row["channel__slug"], row["region__slug"], row["pk"]),
        published_at=row["published_at"],
        updated_at=max(row["updated_at"], row["published_at"]),
        author=_xml_text(row["author"] or row["editor"]),
        categories=tuple(map(_xml_text, (row["channel__name"], *tags))),
    )


class ArticleFeed:
    """The site's latest articles as RSS 2.0; subclasses narrow the list to one channel, region or
    tag, or give Atom. Rendered from a Jinja2 template: Django's feed generator wrote the XML one
    SAX event at a time, and a publish's sixteen feeds were a third of its time."""

    url_kind = ""  # the feed URL name's prefix, e.g. "channel_"
    kind = "rss"
    content_type = "application/rss+xml; charset=utf-8"
    language = "zh-cn"

    def __call__(self, request, **kwargs):
        obj = self.get_object(request, **kwargs)
        site = SiteSettings.load()
        items = self.items(obj)
        # As Django's generator: the newest date an item carries, else now (an empty feed).
        updated = max((item.updated_at for item in items), default=None) or datetime.now(tz=UTC)
        name = self.scope_name(obj)
        feed = {
            "title": _xml_text(f"{name} - {site.title}" if name else site.title),
            "description": _xml_text(f"{site.name}{name}最新资讯" if name else (site.description or site.name)),
            "link": site.base_url + self.page_path(obj),
            "feed_url": site.base_url + cached_reverse(f"publish:{self.url_kind}{self.kind}", self.url_args(obj)),
            "base_url": site.base_url,
            "language": self.language,
            "copyright": _xml_text(site.copyright),
            "author": _xml_text(site.name),
            "updated": updated,
        }
        body = engines["jinja2"].env.get_template(f"publish/{self.kind}.xml").render(feed=feed, items=items)
        response = HttpResponse(body, content_type=self.content_type)
        response.headers["Last-Modified"] = http_date(updated.timestamp())
        return response

    def get_object(self, request, **kwargs):
        return None

    def articles(self, obj):
        return Article.objects.published()

    def item_ids(self, obj):
        # The RSS and the Atom feed of one list show the same articles: read once per content version.
        return memoized(
            ("feed-ids", self.url_kind, getattr(obj, "pk", None)),
            lambda: list(self.articles(obj).order_by("-published_at", "-id").values_list("pk", flat=True)[:FEED_SIZE]),
        )

    def items(self, obj):
        return feed_items(self.item_ids(obj))

    def scope_name(self, obj):
        return ""

    def page_path(self, obj):
        return cached_reverse("portal:home")

    def url_args(self, obj):
        return ()


class ArticleAtomFeed(ArticleFeed):
    kind = "atom"
    content_type = "application/atom+xml; charset=utf-8"


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
        return (getattr(obj, self.lookup),)


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
