"""Which public pages exist, and which of them one change touches.

Models say where they appear (django-bakery's idea): an article is on its own
page, the home page, the first pages of its channel, region and tag lists
(with their ancestors: a county's article is also a city's and the
province's), and their feeds. Deeper list pages shift by one when an article
is added, so they are dropped and re-baked on their next request.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC

from django.urls import reverse
from django.utils import timezone

from dayuan.news.models import Article, ArticleTag, Channel, Region
from dayuan.news.views import PAGE_SIZE

from . import conf


def list_pages(url_name, args, count):
    """The URLs of a paginated list with `count` items (page 1 even when empty)."""
    yield reverse(url_name, args=args)
    for number in range(2, math.ceil(count / PAGE_SIZE) + 1):
        yield reverse(f"{url_name}_page", args=[*args, number])


def feeds(kind, args):
    return [reverse(f"publish:{kind}rss", args=args), reverse(f"publish:{kind}atom", args=args)]


class Trees:
    """Channel and region ancestors, loaded once (a few hundred rows)."""

    def __init__(self):
        self.channels = {c.pk: c for c in Channel.objects.all()}
        self.regions = {r.pk: r for r in Region.objects.all()}

    @staticmethod
    def _chain(nodes, pk):
        chain = []
        while pk is not None and pk in nodes and len(chain) < 10:
            chain.append(nodes[pk])
            pk = nodes[pk].parent_id
        return chain

    def channel_chain(self, pk):
        return self._chain(self.channels, pk)

    def region_chain(self, pk):
        return self._chain(self.regions, pk)


def services_paths():
    """The public-service directory: the province's page and each city's."""
    return [
        reverse("directory:index"),
        *(reverse("directory:city", args=[city.slug]) for city in Region.objects.filter(level=Region.CITY)),
    ]


def site_paths():
    paths = [reverse("portal:home"), reverse("portal:about"), reverse("publish:robots"), *feeds("", [])]
    return paths + services_paths() + sitemap_paths()


def sitemap_paths():
    from . import sitemaps

    paths = [reverse("publish:sitemap"), reverse("publish:sitemap_news")]
    sections = sitemaps.section_pages()
    if sitemaps.needs_index(sections):
        paths += [
            reverse("publish:sitemap_section", args=[name, page])
            for name, _, pages in sections
            for page in range(1, pages + 1)
        ]
    return paths


def all_paths():
    """Every page worth baking ahead of a request: [(kind, url path)], cheap pages first."""
    trees = Trees()
    rows = list(Article.objects.published().values_list("pk", "channel_id", "region_id"))
    channel_counts, region_counts, pair_counts = Counter(), Counter(), Counter()
    for _, channel_id, region_id in rows:
        channels = trees.channel_chain(channel_id)
        regions = trees.region_chain(region_id)
        for channel in channels:
            channel_counts[channel.slug] += 1
            for region in regions:
                pair_counts[channel.slug, region.slug] += 1
        for region in regions:
            region_counts[region.slug] += 1

    result = [("site", path) for path in site_paths()]
    for channel in trees.channels.values():
        result += [("list", p) for p in list_pages("news:channel", [channel.slug], channel_counts[channel.slug])]
        result += [("feed", p) for p in feeds("channel_", [channel.slug])]
        for region in trees.regions.values():
            count = pair_counts[channel.slug, region.slug]
            if count or region.level == Region.CITY:  # cities are linked from every channel page
                result += [("list", p) for p in list_pages("news:channel_region", [channel.slug, region.slug], count)]
    for region in trees.regions.values():
        result += [("list", p) for p in list_pages("news:region", [region.slug], region_counts[region.slug])]
        if region_counts[region.slug]:
            result += [("feed", p) for p in feeds("region_", [region.slug])]
    tag_counts = Counter(
        ArticleTag.objects.filter(
            article__status=Article.Status.PUBLISHED, article__published_at__lte=timezone.now()
        ).values_list("tag__name", flat=True)
    )
    for name, count in tag_counts.items():
        result += [("list", p) for p in list_pages("news:tag", [name], count)]
        result += [("feed", p) for p in feeds("tag_", [name])]
    slugs_c = {pk: c.slug for pk, c in trees.channels.items()}
    slugs_r = {pk: r.slug for pk, r in trees.regions.items()}
    result += [("article", reverse("news:article", args=[slugs_c[c], slugs_r[r], pk])) for pk, c, r in rows]
    return result


@dataclass
class ArticleState:
    """What of an article decides which pages show it."""

    public: bool
    path: str
    channel_id: int
    region_id: int
    tags: list = field(default_factory=list)
    content: dict = field(default_factory=dict)

    def as_json(self):
        return {
            "public": self.public,
            "path": self.path,
            "channel_id": self.channel_id,
            "region_id": self.region_id,
            "tags": self.tags,
            "content": self.content,
        }

    @classmethod
    def from_json(cls, data):
        return cls(**data) if data else None


# Fields whose change shows on some page; like and view counts are filled in by JavaScript.
CONTENT_FIELDS = (
    "title",
    "flag_id",
    "editor",
    "author",
    "channel_id",
    "region_id",
    "summary",
    "body",
    "cover",
    "status",
    "published_at",
    "statement",
    "source_name",
    "source_url",
    "comment_count",
)


def _plain(value):
    if hasattr(value, "astimezone"):
        return value.astimezone(UTC).isoformat()
    return "" if value is None else str(value)


def state_of(article, tags=None):
    if tags is None:
        tags = (
            [link.tag.name for link in article.tag_links.select_related("tag").order_by("position", "id")]
            if article.pk
            else []
        )
    path = ""
    if article.channel_id and article.region_id:
        path = reverse("news:article", args=[article.channel.slug, article.region.slug, article.pk])
    return ArticleState(
        public=bool(article.is_public),
        path=path,
        channel_id=article.channel_id,
        region_id=article.region_id,
        tags=tags,
        content={name: _plain(getattr(article, name)) for name in CONTENT_FIELDS},
    )


def list_heads(state, trees):
    """(list url name, args) of every list the article is on, and the feeds that carry it."""
    lists, feed_paths = [("portal:home", [])], feeds("", [])
    channels = trees.channel_chain(state.channel_id)
    regions = trees.region_chain(state.region_id)
    for channel in channels:
        lists.append(("news:channel", [channel.slug]))
        feed_paths += feeds("channel_", [channel.slug])
        for region in regions:
            lists.append(("news:channel_region", [channel.slug, region.slug]))
    for region in regions:
        lists.append(("news:region", [region.slug]))
        feed_paths += feeds("region_", [region.slug])
    for name in state.tags:
        lists.append(("news:tag", [name]))
        feed_paths += feeds("tag_", [name])
    return lists, feed_paths


LISTING_FIELDS = ("title", "flag_id", "published_at", "channel_id", "region_id", "status")


def listing_changed(before, after):
    return (
        before.path != after.path
        or before.tags != after.tags
        or any(before.content.get(k) != after.content.get(k) for k in LISTING_FIELDS)
    )


@dataclass
class Plan:
    bake: list = field(default_factory=list)
    remove: list = field(default_factory=list)
    drop_deeper: list = field(default_factory=list)  # list URLs whose pages past the first few go
    sitemaps: bool = False


def plan_for_article(before, after):
    """The pages to re-bake and remove when an article goes from `before` to `after` (ArticleState or None)."""
    plan = Plan()
    states = [s for s in (before, after) if s is not None and s.public]
    if not states:
        return plan
    trees = Trees()
    plan.sitemaps = True
    if len(states) == 2 and not listing_changed(before, after):
        # Lists show the title, flag, region and date: if none of those moved,
        # only the article page (and the feeds, which carry its summary) change.
        plan.bake.append(after.path)
        changed = {k for k in CONTENT_FIELDS if before.content.get(k) != after.content.get(k)}
        if changed - {"comment_count"}:
            plan.bake += list_heads(after, trees)[1]
        return plan
    first_pages = conf.get("DAYUAN_REBAKE_LIST_PAGES")
    for state in states:
        lists, feed_paths = list_heads(state, trees)
        for url_name, args in lists:
            head = reverse(url_name, args=args)
            plan.bake.append(head)
            if url_name != "portal:home":
                plan.bake += [reverse(f"{url_name}_page", args=[*args, n]) for n in range(2, first_pages + 1)]
                plan.drop_deeper.append(head)
        plan.bake += feed_paths
    if after is not None and after.public:
        plan.bake.insert(0, after.path)
    if before is not None and before.public and (after is None or not after.public or after.path != before.path):
        plan.remove.append(before.path)
    plan.bake = [p for p in dict.fromkeys(plan.bake) if p not in plan.remove]
    plan.drop_deeper = list(dict.fromkeys(plan.drop_deeper))
    plan.sitemaps = True
    return plan
