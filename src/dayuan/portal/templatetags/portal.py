"""Blocks the layout shows beside any page: latest articles, articles from a city."""

from django import template

from dayuan.portal.memo import memoized

register = template.Library()


def _without(articles, exclude, limit):
    pk = getattr(exclude, "pk", None)  # an unset template variable arrives as ''
    return [a for a in articles if a.pk != pk][:limit]


@register.simple_tag
def latest_articles(limit=8, exclude=None):
    """The newest published articles, leaving out `exclude` (the article being read)."""
    from dayuan.news.models import Article

    # One more than shown, so the list is the same for every page but the one it leaves out.
    newest = memoized(("latest", limit), lambda: list(Article.objects.published().for_listing()[:limit + 1]))
    return _without(newest, exclude, limit)


@register.simple_tag
def city_articles(region, limit=8, exclude=None):
    """The newest published articles from the city `region` belongs to (its counties included)."""
    from dayuan.news.models import Article

    city = region.city
    newest = memoized(("city-latest", city.pk, limit),
                      lambda: list(Article.objects.published().in_region(city).for_listing()[:limit + 1]))
    return _without(newest, exclude, limit)


@register.simple_tag
def cities():
    """The prefecture-level cities, for the city links beside every list."""
    from dayuan.news.models import Region

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


class MemoNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        key = ("fragment", *(part.resolve(context) for part in self.parts))
        return memoized(key, lambda: self.nodelist.render(context))


@register.tag
def memo(parser, token):
    """{% memo "name" var ... %}…{% endmemo %}: the block rendered once per content version for
    these values (portal.memo). Only for blocks that depend on nothing but the values named."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% memo %} needs a name")
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(nodelist, [parser.compile_filter(bit) for bit in bits])


@register.simple_tag
def article_aside(article):
    """The blocks beside an article: its city's newest and the site's newest, leaving it out.

    An article that isn't among the newest leaves the lists as they are, so for all of those
    (nearly every article of a big site) the blocks are rendered once per city."""
    from django.template.loader import render_to_string

    city = article.region.city
    newest = latest_articles(9) + city_articles(city, 9)
    exclude = article.pk if any(a.pk == article.pk for a in newest) else 0
    return memoized(("article-aside", city.pk, exclude), lambda: render_to_string(
        "news/_article_aside.html", {"city": city, "nearby": city_articles(city, 8, exclude=article),
                                     "latest": latest_articles(8, exclude=article)}))
