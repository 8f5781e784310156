import contextvars
from collections import OrderedDict
from functools import wraps

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property

from dayuan.core.memo import memoized, pinned
from dayuan.core.models import SiteSettings
from dayuan.core.reversing import cached_reverse

from . import loading
from .models import Article, ArticleTag, Channel, Region, Tag

PAGE_SIZE = 20
# Set by the bulk renderer (publish.bulk): a list's whole id order is read once and every
# page of it sliced from that, instead of one OFFSET query per page.
WHOLE_LISTS = contextvars.ContextVar("whole_lists", default=False)
WHOLE_LISTS_KEPT = 4  # lists whose ids a bake worker keeps at once


class ListPaginator(Paginator):
    """Counts a list once per content version: every page of a list shows the same total."""

    def __init__(self, queryset, per_page, key):
        super().__init__(queryset, per_page)
        self.key = key

    @cached_property
    def whole(self):
        """Every id of the list in order, when the bulk renderer asked for whole lists."""
        if not WHOLE_LISTS.get():
            return None
        kept = pinned("list-ids", OrderedDict)
        if self.key in kept:
            kept.move_to_end(self.key)
            return kept[self.key]
        ids = kept[self.key] = list(self.object_list.values_list("pk", flat=True))
        # A bake draws a list's pages one after another: the few lists at hand are enough,
        # and keeping every list of a big site was tens of MB in each worker.
        while len(kept) > WHOLE_LISTS_KEPT:
            kept.popitem(last=False)
        return ids

    @cached_property
    def count(self):
        if self.whole is not None:
            return len(self.whole)
        return memoized(("list-count", self.key), lambda: self.object_list.count())

    def page(self, number):
        """Page `number`, its ids found in the index alone: a deep page (page 500 of a city)
        skips thousands of index entries, not thousands of joined rows."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if self.whole is not None:
            # Ids from the list itself: looked up by primary key alone, with the next pages' rows.
            ids = self.whole[bottom : bottom + self.per_page]
            rows = listing_rows(ids, self.whole[bottom : bottom + READ_AHEAD * self.per_page])
        else:
            ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
            rows = self.object_list.in_bulk(ids)
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


READ_AHEAD = 10  # pages of a whole list whose rows one query loads: a bake draws them in order
LISTING_ROWS_KEPT = 5_000


def listing_rows(ids, ahead):
    """{id: listed article} for `ids`, read with the rest of `ahead` (the list's next pages) when
    any is missing: a full bake renders a list's pages one after another, so one query in ten."""
    kept = pinned("listing-rows", dict)
    missing = [pk for pk in ids if pk not in kept]
    if missing:
        if len(kept) > LISTING_ROWS_KEPT:
            kept.clear()
        # Article.objects.for_listing(), read as news.loading does: ten pages' rows at a time
        # made building the joined channel, region and flag of each row a quarter of a list page.
        kept.update(loading.articles_by_id({*missing, *ahead}, body=False))
    return {pk: kept[pk] for pk in ids if pk in kept}


def by_slug(model, **lookup):
    """A channel, region or tag by its URL slug or name, looked up once per content version."""
    found = memoized((model.__name__, *lookup.items()), lambda: model.objects.filter(**lookup).first())
    if found is None:
        raise Http404(f"{model._meta.verbose_name}不存在")
    return found


def first_page_at_list_url(view):
    """`.../page/1/` answers 301 to the list's own URL, so page 1 has one address."""

    @wraps(view)
    def wrapper(request, *args, page=None, **kwargs):
        if page == 1:
            return redirect(request.path[: -len("page/1/")], permanent=True)
        return view(request, *args, page=1 if page is None else page, **kwargs)

    return wrapper


def paginate(request, queryset, page, url_name, url_args):
    """One page of a list; page 1 lives at the list's own URL, others at /page/N/."""
    paginator = ListPaginator(queryset, PAGE_SIZE, (url_name, *url_args))
    try:
        page_obj = paginator.page(page)
    except EmptyPage:
        raise Http404("没有这一页") from None

    def page_url(number):
        if number == 1:
            return cached_reverse(url_name, url_args)
        return cached_reverse(f"{url_name}_page", [*url_args, number])

    return {
        "page_obj": page_obj,
        "articles": page_obj.object_list,
        "page_urls": {
            n: page_url(n) for n in paginator.get_elided_page_range(page, on_each_side=2) if isinstance(n, int)
        },
        "prev_url": page_url(page - 1) if page_obj.has_previous() else None,
        "next_url": page_url(page + 1) if page_obj.has_next() else None,
    }


def article_queryset():
    """Articles with what their page shows from other tables (publish.bulk adds more prefetches)."""
    return Article.objects.select_related("channel", "region", "flag").prefetch_related(
        Prefetch("tag_links", queryset=ArticleTag.objects.select_related("tag"))
    )


def article_context(article):
    """The template context of an article's page: the live view's and the bulk renderer's."""
    return {"article": article, "statement_lines": SiteSettings.load().statement_lines(article.statement)}


def article_detail(request, channel, region, pk):
    article = get_object_or_404(article_queryset(), pk=pk)
    if article.status == Article.Status.WITHDRAWN:
        return withdrawn(request, article)
    if not article.is_public:
        raise Http404("文章不存在")
    if (channel, region) != (article.channel.slug, article.region.slug):
        return redirect(article, permanent=True)
    return render(request, "news/article.html", article_context(article))


def withdrawn(request, article):
    """The page of a withdrawn article: 410 Gone with a notice."""
    return render(request, "news/withdrawn.html", {"article": article}, status=410)


@first_page_at_list_url
def channel_list(request, channel, page=1):
    channel = by_slug(Channel, slug=channel)
    articles = Article.objects.published().in_channel(channel).for_listing()
    context = {
        "channel": channel,
        "heading": channel.name,
        "cities": memoized("cities", lambda: list(Region.objects.filter(level=Region.CITY))),
    }
    context.update(paginate(request, articles, page, "news:channel", [channel.slug]))
    return render(request, "news/list.html", context)


@first_page_at_list_url
def channel_region_list(request, channel, region, page=1):
    channel = by_slug(Channel, slug=channel)
    region = by_slug(Region, slug=region)
    articles = Article.objects.published().in_channel(channel).in_region(region).for_listing()
    context = {"channel": channel, "region": region, "heading": f"{channel.name} · {region.short_name}"}
    context.update(paginate(request, articles, page, "news:channel_region", [channel.slug, region.slug]))
    return render(request, "news/list.html", context)


@first_page_at_list_url
def region_home(request, region, page=1):
    region = by_slug(Region, slug=region)
    articles = Article.objects.published().in_region(region).for_listing()
    context = {
        "region": region,
        "heading": region.name,
        "counties": memoized(("counties", region.pk), lambda: list(region.children.all())),
        "channels": memoized("top-channels", lambda: list(Channel.objects.filter(parent__isnull=True))),
    }
    context.update(paginate(request, articles, page, "news:region", [region.slug]))
    return render(request, "news/region.html", context)


@first_page_at_list_url
def tag_list(request, name, page=1):
    tag = by_slug(Tag, name=name)
    articles = Article.objects.published().filter(tags=tag).for_listing()
    context = {"tag": tag, "heading": f"标签：{tag.name}"}
    context.update(paginate(request, articles, page, "news:tag", [tag.name]))
    return render(request, "news/list.html", context)
