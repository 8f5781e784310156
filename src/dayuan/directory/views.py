from itertools import groupby

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from dayuan.news.models import Region

from .models import ServiceCategory, ServiceEntry


def _filtered(request, entries):
    categories = list(ServiceCategory.objects.all())
    category = next((c for c in categories if c.slug == request.GET.get("category")), None)
    query = request.GET.get("q", "").strip()[:50]
    if category:
        entries = entries.filter(category=category)
    if query:
        entries = entries.search(query)
    return entries, {"categories": categories, "category": category, "query": query}


def _by_category(entries):
    return [(category, list(items)) for category, items in groupby(entries, key=lambda e: e.category)]


def index(request):
    """Province-wide entries by category and a city picker; a search covers every region."""
    province = Region.objects.filter(level=Region.PROVINCE).first()
    entries = ServiceEntry.objects.visible().select_related("category", "region")
    entries, context = _filtered(request, entries)
    if context["query"]:
        entries = entries.order_by("region__level", "region__code", "category__position", "position", "id")
        sections = [("搜索结果", _by_category(entries))] if entries else []
    else:
        own = entries.filter(region=province).order_by("category__position", "position", "id")
        sections = [(province.name if province else "全省", _by_category(own))] if own else []
    context.update(
        {
            "sections": sections,
            "cities": Region.objects.filter(level=Region.CITY),
            "heading": "便民服务",
        }
    )
    return render(request, "directory/services.html", context)


def city(request, city):
    """A city's entries, then its counties', then the province's."""
    region = get_object_or_404(Region, slug=city)
    if region.level != Region.CITY:
        raise Http404("没有这个城市")
    entries = ServiceEntry.objects.visible().select_related("category", "region").for_city(region)
    entries, context = _filtered(request, entries)
    sections = []
    for scope, title in ((0, region.name), (1, f"{region.short_name}各区县"), (2, "全省")):
        part = [entry for entry in entries if entry.scope == scope]
        if part:
            sections.append((title, _by_category(sorted(part, key=lambda e: (e.category.position, e.category_id)))))
    context.update(
        {
            "sections": sections,
            "region": region,
            "cities": Region.objects.filter(level=Region.CITY),
            "heading": f"{region.short_name}便民服务",
        }
    )
    return render(request, "directory/services.html", context)
