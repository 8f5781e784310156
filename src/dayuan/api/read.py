"""The public read API: articles, comments, channels, regions, tags, services, search, changes."""

from datetime import UTC, datetime
from typing import Literal

from django.conf import settings
from django.db.models import Prefetch, Q
from django.middleware.http import ConditionalGetMiddleware
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.cache import cache_control
from ninja import Query
from ninja.decorators import decorate_view

from dayuan.core.memo import memoized
from dayuan.directory.models import ServiceCategory, ServiceEntry
from dayuan.engage.models import Comment
from dayuan.news.models import Article, ArticleTag, Channel, Flag, Region, Tag
from dayuan.search import index
from dayuan.search import services as search_services
from dayuan.search.backends import get_search_backend
from dayuan.search.query import parse

from . import paging, present, schemas
from .errors import ApiError, Error, not_found
from .models import ArticleRemoval
from .routes import router

# ETag from the body (Django's ConditionalGetMiddleware): If-None-Match answers 304.
cacheable = decorate_view(
    decorator_from_middleware(ConditionalGetMiddleware), cache_control(public=True, max_age=settings.DAYUAN_API_MAX_AGE)
)
READ_ERRORS = {400: Error, 404: Error, 422: Error}
Limit = Query(paging.DEFAULT_LIMIT, ge=1, le=paging.MAX_LIMIT)


def _find(model, what, **lookup):
    found = model.objects.filter(**lookup).first()
    if found is None:
        raise ApiError(404, "not_found", f"没有这个{what}：{next(iter(lookup.values()))}。")
    return found


def _filtered(channel, region, tag, flag, q):
    articles = Article.objects.published()
    if channel:
        articles = articles.in_channel(_find(Channel, "栏目", slug=channel))
    if region:
        articles = articles.in_region(_find(Region, "地区", slug=region))
    if tag:
        articles = articles.filter(tag_links__tag=_find(Tag, "标签", name=tag))
    if flag:
        found = _find(Flag, "标记", slug=flag)
        placed = Article.flags.through.objects.filter(flag=found).values("article_id")
        articles = articles.filter(Q(flag=found) | Q(pk__in=placed))
    if q:
        articles = articles.filter(pk__in=search_ids(q))
    return articles


SEARCH_LIMIT = 1000


def search_ids(q):
    """Ids of published articles the site's search finds for `q` (same engine and query language)."""
    index.ensure_dictionary()
    query = parse(q)
    if query.is_empty:
        return []
    candidates = search_services.candidates(query, [], {})
    if candidates is None:
        return []
    if not query.has_text:
        return list(candidates.values_list("pk", flat=True)[:SEARCH_LIMIT])
    return (
        get_search_backend()
        .search(query, candidates, order="newest", limit=SEARCH_LIMIT, narrow=bool(query.filters))
        .ids
    )


@router.get("/articles", tags=["读取"], response={200: schemas.ArticlePage, **READ_ERRORS}, summary="文章列表")
@cacheable
def list_articles(
    request,
    channel: str | None = None,
    region: str | None = None,
    tag: str | None = None,
    flag: str | None = None,
    since: datetime | None = Query(None, description="只列出此时间之后（含）更新的文章，按更新时间从旧到新"),
    q: str | None = Query(None, max_length=200),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Limit,
):
    """Published articles, newest first; with `since`, those updated since then, oldest change first."""
    since = _since_utc(since)
    if since is not None or q:  # open-ended values: not worth keeping
        return _article_page(channel, region, tag, flag, since, q, cursor, limit)
    # A page of a plain list is the same for everyone until the content changes: kept per content version.
    return memoized(
        ("api-articles", channel, region, tag, flag, cursor, limit),
        lambda: _article_page(channel, region, tag, flag, None, None, cursor, limit),
    )


def _since_utc(since):
    """`since` in UTC: PostgreSQL refuses offsets past ±15:59 (Schemathesis sent -23:20), and a
    time at the calendar's edge is clamped rather than overflowing."""
    if since is None:
        return None
    if since.tzinfo is None:
        raise ApiError(400, "bad_since", "since 需要带时区的时间，如 2026-01-31T08:00:00+08:00。")
    try:
        return since.astimezone(UTC)
    except OverflowError:
        edge = datetime.min if since.year < 2 else datetime.max
        return edge.replace(tzinfo=UTC)


def _article_page(channel, region, tag, flag, since, q, cursor, limit):
    articles = _filtered(channel, region, tag, flag, q).select_related("channel", "region", "flag").defer("body")
    if since is not None:
        rows, next_cursor = paging.page(
            articles.filter(updated_at__gte=since), cursor, limit, "updated_at", descending=False
        )
    else:
        rows, next_cursor = paging.page(articles, cursor, limit, "published_at")
    return {"items": [present.summary(row) for row in rows], "next_cursor": next_cursor}


def public_article(pk):
    article = (
        Article.objects.select_related("channel", "region", "flag")
        .prefetch_related(Prefetch("tag_links", queryset=ArticleTag.objects.select_related("tag")), "flags")
        .filter(pk=pk)
        .first()
    )
    if article is not None and article.status == Article.Status.WITHDRAWN:
        raise ApiError(410, "gone", "该文章已撤稿。")
    if article is None or not article.is_public:
        raise not_found()
    return article


@router.get(
    "/articles/{article_id}",
    tags=["读取"],
    response={200: schemas.ArticleDetail, 410: Error, **READ_ERRORS},
    summary="文章详情",
)
@cacheable
def get_article(request, article_id: int):
    """What the article page shows; 410 for a withdrawn article, 404 for a missing or unpublished one."""
    return present.detail(public_article(article_id))


@router.get(
    "/articles/{article_id}/comments",
    tags=["读取"],
    summary="文章评论",
    response={200: schemas.CommentPage, 410: Error, **READ_ERRORS},
)
@cacheable
def list_comments(request, article_id: int, cursor: str | None = Query(None, max_length=200), limit: int = Limit):
    """Approved comments, oldest first."""
    article = public_article(article_id)
    approved = Comment.objects.filter(article=article, status=Comment.Status.APPROVED)
    rows, next_cursor = paging.page(approved, cursor, limit, "created_at", descending=False)
    return {
        "items": [{"id": c.pk, "nickname": c.nickname, "content": c.content, "created_at": c.created_at} for c in rows],
        "next_cursor": next_cursor,
    }


@router.get("/channels", tags=["读取"], response={200: list[schemas.ChannelNode]}, summary="栏目树")
@cacheable
def channels(request):
    return present.tree(
        list(Channel.objects.all()),
        lambda c: {
            "id": c.pk,
            "name": c.name,
            "slug": c.slug,
            "description": c.description,
            "url": present.base_url() + c.get_absolute_url(),
        },
    )


@router.get("/regions", tags=["读取"], response={200: list[schemas.RegionNode]}, summary="地区树（省 → 市 → 县）")
@cacheable
def regions(request):
    return present.tree(
        list(Region.objects.order_by("code")),
        lambda r: {**present.region_ref(r), "url": present.base_url() + r.get_absolute_url()},
    )


@router.get("/tags", tags=["读取"], response={200: schemas.TagPage, **READ_ERRORS}, summary="标签")
@cacheable
def tags(request, cursor: str | None = Query(None, max_length=200), limit: int = Limit):
    """Tags by name; `cursor` is the last name of the previous page."""
    rows = Tag.objects.order_by("name")
    if cursor:
        rows = rows.filter(name__gt=cursor)
    rows = list(rows[: limit + 1])
    more, rows = len(rows) > limit, rows[:limit]
    return {
        "items": [{"name": t.name, "url": present.base_url() + t.get_absolute_url()} for t in rows],
        "next_cursor": rows[-1].name if more else None,
    }


@router.get("/services", tags=["读取"], response={200: schemas.ServiceDirectory, **READ_ERRORS}, summary="便民服务导航")
@cacheable
def services(request, region: str | None = None, category: str | None = None):
    """The directory: a city's entries, its counties', then the province's; or all of them."""
    entries = ServiceEntry.objects.visible().select_related("category", "region")
    if region:
        found = _find(Region, "地区", slug=region)
        entries = entries.for_city(found.city or found) if found.level != Region.PROVINCE else entries
    if category:
        entries = entries.filter(category=_find(ServiceCategory, "服务分类", slug=category))
    return {
        "categories": [{"name": c.name, "slug": c.slug} for c in ServiceCategory.objects.all()],
        "items": [
            {
                "id": e.pk,
                "name": e.name,
                "url": e.url,
                "phone": e.phone,
                "description": e.description,
                "category": {"name": e.category.name, "slug": e.category.slug},
                "region": present.region_ref(e.region),
                "failing": e.is_failing,
            }
            for e in entries
        ],
    }


@router.get("/search", tags=["读取"], response={200: schemas.SearchResults, **READ_ERRORS}, summary="全文搜索")
@cacheable
def search(
    request,
    q: str = Query("", max_length=500),
    sort: Literal["rank", "newest"] = "rank",
    page: int = Query(1, ge=1, le=search_services.MAX_PAGE),
):
    """The site's search, with its query language (region:, channel:, tag:, after:, "phrase", -word, OR)."""
    result = search_services.search(q, order=sort, page=page, facets=False)
    return {
        "query": q,
        "sort": result.order,
        "page": result.page,
        "pages": result.num_pages,
        "total": result.total,
        "total_capped": result.total_capped,
        "notes": result.notes,
        "results": [
            {
                "id": row.article.pk,
                "title": row.article.title,
                "title_html": str(row.title),
                "flag": row.article.title_prefix,
                "url": present.base_url() + row.article.get_absolute_url(),
                "region": row.article.region.short_name,
                "channel": row.article.channel.name,
                "published_at": row.article.published_at,
                "snippet_html": str(row.snippet),
            }
            for row in result.results
        ],
    }


@router.get(
    "/changes", tags=["读取"], response={200: schemas.ChangePage, **READ_ERRORS}, summary="下线的文章（供镜像同步）"
)
@cacheable
def changes(
    request,
    since: datetime | None = Query(None, description="只列出此时间之后（含）的记录"),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Limit,
):
    """Articles that left the site (withdrawn, deleted, unpublished), oldest first: a mirror drops these ids."""
    rows = ArticleRemoval.objects.all()
    since = _since_utc(since)
    if since is not None:
        rows = rows.filter(removed_at__gte=since)
    rows, next_cursor = paging.page(rows, cursor, limit, "removed_at", descending=False)
    return {
        "items": [{"id": r.article_id, "change": r.kind, "at": r.removed_at} for r in rows],
        "next_cursor": next_cursor,
    }
