"""Running a search: parse, filter with the ORM, rank with the backend, build result rows."""

import datetime
import time
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from dayuan.news.models import Article, Channel, Region, Tag

from . import highlight, index
from .backends import get_search_backend
from .query import parse, relaxed

PAGE_SIZE = 20
MAX_PAGE = 50  # deep pages cost a full ranking each; nobody reads page 51
ORDERS = {"rank": "相关度", "newest": "最新"}


@dataclass
class Result:
    article: Article
    title: str  # safe HTML with <mark>
    snippet: str  # safe HTML with <mark>


@dataclass
class SearchPage:
    query: object
    order: str = "rank"
    page: int = 1
    total: int = 0
    total_capped: bool = False
    results: list = field(default_factory=list)
    took: float = 0.0
    notes: list = field(default_factory=list)
    active_filters: dict = field(default_factory=dict)  # name → (display, object)
    facets: dict = field(default_factory=dict)  # "region"/"channel" → [(obj, count)]
    relaxed: bool = False  # nothing matched every word: these results match some of them

    @property
    def num_pages(self):
        return min(MAX_PAGE, max(1, -(-self.total // PAGE_SIZE)))


def _day_start(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time.min))


def find_region(value):
    return (
        Region.objects.filter(Q(short_name=value) | Q(name=value) | Q(slug=value.lower()))
        .order_by("level", "code")
        .first()
    )


def find_channel(value):
    return Channel.objects.filter(Q(name=value) | Q(slug=value.lower())).first()


def find_tag(value):
    return Tag.objects.filter(name=value).first()


# filter → (how to find the object, what it is called, its display name, how it narrows a queryset)
NAMED_FILTERS = {
    "region": (find_region, "地区", lambda r: r.short_name, lambda qs, r: qs.in_region(r)),
    "channel": (find_channel, "栏目", lambda c: c.name, lambda qs, c: qs.in_channel(c)),
    "tag": (find_tag, "标签", lambda t: t.name, lambda qs, t: qs.filter(tag_links__tag=t)),
}


def candidates(query, notes, active):
    """Published articles narrowed by the query's filters (None when a filter names nothing)."""
    qs = Article.objects.published()
    filters = query.filters
    for name, (find, label, display, narrow) in NAMED_FILTERS.items():
        if name not in filters:
            continue
        obj = find(filters[name])
        if obj is None:
            notes.append(f"没有名为“{filters[name]}”的{label}。")
            return None
        active[name] = (display(obj), obj)
        qs = narrow(qs, obj)
    if "after" in filters:
        active["after"] = (filters["after"].isoformat(), filters["after"])
        qs = qs.filter(published_at__gte=_day_start(filters["after"]))
    if "before" in filters:
        active["before"] = (filters["before"].isoformat(), filters["before"])
        qs = qs.filter(published_at__lt=_day_start(filters["before"] + datetime.timedelta(days=1)))
    return qs


def search(raw, *, order="rank", page=1, page_size=PAGE_SIZE, facets=True):
    """One page of results for what the reader typed; never raises on bad input."""
    started = time.perf_counter()
    index.ensure_dictionary()
    query = parse(raw)
    order = order if order in ORDERS else "rank"
    page = max(1, min(int(page), MAX_PAGE))
    result = SearchPage(query=query, order=order, page=page, notes=list(query.notes))
    qs = candidates(query, result.notes, result.active_filters) if not query.is_empty else None
    if qs is not None:
        offset = (page - 1) * page_size
        if query.has_text:
            backend = get_search_backend()
            hits = backend.search(query, qs, order=order, offset=offset, limit=page_size, narrow=bool(query.filters))
            partial = relaxed(query) if not hits.total and not hits.error else None
            if partial is not None:
                hits = backend.search(
                    partial, qs, order=order, offset=offset, limit=page_size, narrow=bool(query.filters)
                )
                if hits.total:
                    typed = {term.text for term in query.terms()}
                    words = "、".join(t.text for t in partial.terms() if t.text not in typed) or "、".join(typed)
                    result.notes.append(f"没有找到包含全部搜索词的文章，以下是包含其中部分词语（{words}）的结果。")
                    result.relaxed, query = True, partial
            if hits.error:
                result.notes.append("这次搜索没有完成，请换个说法再试。")
            ids, result.total, result.total_capped = hits.ids, hits.total, hits.total_capped
        else:  # filters only: the newest articles that pass them
            result.total = qs.count()
            ids = list(qs.order_by("-published_at", "-id").values_list("id", flat=True)[offset : offset + page_size])
        result.results = _results(ids, query)
        if facets and result.total:
            result.facets = _facets(query, qs)
    result.took = time.perf_counter() - started
    return result


def _results(ids, query):
    articles = Article.objects.select_related("channel", "region", "flag").in_bulk(ids)
    needles = highlight.needles_for(query.terms())
    rows = []
    for pk in ids:
        article = articles.get(pk)
        if article is None:
            continue
        text = article.summary or index.plain_text(article.body)
        if query.has_text and not highlight.find_spans(text, needles) and article.summary:
            text = index.plain_text(article.body)
        rows.append(
            Result(
                article=article,
                title=highlight.highlight(article.title, needles),
                snippet=highlight.snippet(text, needles),
            )
        )
    return rows


FACET_SAMPLE = 200


def _facets(query, qs):
    """Regions and channels among the best matches, to narrow the search by a click."""
    if query.has_text:
        ids = get_search_backend().search(query, qs, limit=FACET_SAMPLE, narrow=bool(query.filters)).ids
        rows = Article.objects.filter(pk__in=ids)
    else:
        rows = qs.order_by("-published_at")[:FACET_SAMPLE]
    region_ids, channel_ids = Counter(), Counter()
    for region_id, channel_id in rows.values_list("region_id", "channel_id"):
        region_ids[region_id] += 1
        channel_ids[channel_id] += 1
    regions = Region.objects.in_bulk(list(region_ids))
    channels = Channel.objects.in_bulk(list(channel_ids))
    facets = {}
    if "region" not in query.filters:
        facets["region"] = [(regions[pk], n) for pk, n in region_ids.most_common(8) if pk in regions]
    if "channel" not in query.filters:
        facets["channel"] = [(channels[pk], n) for pk, n in channel_ids.most_common(8) if pk in channels]
    return facets


def popular_tags(limit=10):
    return list(
        Tag.objects.filter(articles__status=Article.Status.PUBLISHED)
        .annotate(n=Count("articles"))
        .order_by("-n", "name")[:limit]
    )
