"""Blocks beside any page: latest articles, articles from a city, an article's aside."""

from django import template

from dayuan.core.memo import memoized
from dayuan.news.models import Article, Region

register = template.Library()


def _without(articles, exclude, limit):
    pk = getattr(exclude, "pk", None)  # an unset template variable arrives as ''
    return [a for a in articles if a.pk != pk][:limit]


@register.simple_tag
def latest_articles(limit=8, exclude=None):
    """The newest published articles, leaving out `exclude` (the article being read)."""
    # One more than shown, so the list is the same for every page but the one it leaves out.
    newest = memoized(("latest", limit), lambda: list(Article.objects.published().for_listing()[: limit + 1]))
    return _without(newest, exclude, limit)


@register.simple_tag
def city_articles(region, limit=8, exclude=None):
    """The newest published articles from the city `region` belongs to (its counties included)."""
    city = region.city
    newest = memoized(
        ("city-latest", city.pk, limit),
        lambda: list(Article.objects.published().in_region(city).for_listing()[: limit + 1]),
    )
    return _without(newest, exclude, limit)


@register.simple_tag
def cities():
    """The prefecture-level cities, for the city links beside every list."""
    return memoized("cities", lambda: list(Region.objects.filter(level=Region.CITY)))


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


@register.simple_tag
def article_aside(article):
    """The blocks beside an article: its city's newest and the site's newest, leaving it out.

    An article that isn't among the newest leaves the lists as they are, so for all of those
    (nearly every article of a big site) the blocks are rendered once per city."""
    from django.template.loader import render_to_string

    city = article.region.city
    newest = latest_articles(9) + city_articles(city, 9)
    exclude = article.pk if any(a.pk == article.pk for a in newest) else 0
    return memoized(
        ("article-aside", city.pk, exclude),
        lambda: render_to_string(
            "news/_article_aside.html",
            {
                "city": city,
                "nearby": city_articles(city, 8, exclude=article),
                "latest": latest_articles(8, exclude=article),
            },
        ),
    )
