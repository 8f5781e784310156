"""Blocks the layout shows beside any page: latest articles, articles from a city."""

from django import template

register = template.Library()


@register.simple_tag
def latest_articles(limit=8, exclude=None):
    """The newest published articles, leaving out `exclude` (the article being read)."""
    from dayuan.news.models import Article

    articles = Article.objects.published().for_listing()
    if getattr(exclude, "pk", None) is not None:  # an unset template variable arrives as ''
        articles = articles.exclude(pk=exclude.pk)
    return list(articles[:limit])


@register.simple_tag
def city_articles(region, limit=8, exclude=None):
    """The newest published articles from the city `region` belongs to (its counties included)."""
    from dayuan.news.models import Article

    articles = Article.objects.published().in_region(region.city).for_listing()
    if getattr(exclude, "pk", None) is not None:  # an unset template variable arrives as ''
        articles = articles.exclude(pk=exclude.pk)
    return list(articles[:limit])


@register.simple_tag
def cities():
    """The prefecture-level cities, for the city links beside every list."""
    from dayuan.news.models import Region

    return list(Region.objects.filter(level=Region.CITY))


@register.filter
def lead(article, length=90):
    """A short teaser: the summary, else the first paragraph of the body, as plain text."""
    from django.utils.html import strip_tags
    from django.utils.text import Truncator

    text = article.summary
    if not text:
        first = article.body.split("</p>", 1)[0]
        text = strip_tags(first)
    return Truncator(text.strip()).chars(length)


@register.filter
def with_gaps(page_urls):
    """(number, url) pairs of a pager, with (None, None) where page numbers are left out."""
    items, previous = [], None
    for number, url in page_urls.items():
        if previous is not None and number > previous + 1:
            items.append((None, None))
        items.append((number, url))
        previous = number
    return items
