"""The search page and its JSON twin. Thin: services.search does the work."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from . import services


def _params(request):
    q = request.GET.get("q", "")
    order = request.GET.get("sort", "rank")
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    return q, order, page


def _url(q, order="rank", page=1, name="search:search"):
    params = {"q": q}
    if order != "rank":
        params["sort"] = order
    if page > 1:
        params["page"] = page
    return reverse(name) + "?" + urlencode(params)


def search(request):
    q, order, page = _params(request)
    result = services.search(q, order=order, page=page)
    query = result.query
    current = query.without()  # the query as parsed, in its canonical spelling
    context = {
        "search_query": q[:500],
        "result": result,
        "took_ms": round(result.took * 1000, 1),
        "first_number": (result.page - 1) * services.PAGE_SIZE + 1,
        "order_urls": [(key, label, _url(q, key)) for key, label in services.ORDERS.items()],
        "remove_filter_urls": [
            (name, display, _url(query.without(filters=(name,)), result.order))
            for name, (display, _) in result.active_filters.items()
        ],
        "facet_urls": {
            name: [
                (obj, count, _url(f"{current} {name}:{getattr(obj, 'slug', obj)}", result.order)) for obj, count in rows
            ]
            for name, rows in result.facets.items()
        },
    }
    if result.num_pages > 1:
        first = max(1, result.page - 3)
        last = min(result.num_pages, result.page + 3)
        context["page_urls"] = [(n, _url(q, result.order, n)) for n in range(first, last + 1)]
        context["prev_url"] = _url(q, result.order, result.page - 1) if result.page > 1 else None
        context["next_url"] = _url(q, result.order, result.page + 1) if result.page < result.num_pages else None
    if not result.results:
        context["suggestions"] = _suggestions(q, query, result)
        context["popular_tags"] = services.popular_tags()
    return render(request, "search/search.html", context)


def _suggestions(q, query, result):
    """Searches likely to find something: fewer filters, no exclusions, one word at a time."""
    suggestions = []
    if query.filters and query.has_text:
        text = query.without(filters=tuple(query.filters))
        suggestions.append((f"去掉筛选条件，搜索“{text}”", _url(text)))
    if query.excludes:
        text = query.without(excludes=True)
        suggestions.append((f"不排除任何词，搜索“{text}”", _url(text)))
    terms = query.terms()
    if len(terms) > 1:
        for term in terms[:5]:
            suggestions.append((f"只搜索“{term.text}”", _url(term.text)))
    return suggestions


def search_api(request):
    q, order, page = _params(request)
    result = services.search(q, order=order, page=page, facets=False)
    data = {
        "query": q,
        "sort": result.order,
        "page": result.page,
        "pages": result.num_pages,
        "total": result.total,
        "total_capped": result.total_capped,
        "took_ms": round(result.took * 1000, 1),
        "notes": result.notes,
        "results": [
            {
                "id": row.article.pk,
                "title": row.article.title,
                "title_html": str(row.title),
                "flag": row.article.title_prefix,
                "url": request.build_absolute_uri(row.article.get_absolute_url()),
                "region": row.article.region.short_name,
                "channel": row.article.channel.name,
                "published_at": row.article.published_at.isoformat() if row.article.published_at else None,
                "snippet_html": str(row.snippet),
            }
            for row in result.results
        ],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
