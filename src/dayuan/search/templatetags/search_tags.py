from django import template

from dayuan.core.memo import memoized

from ..related import related_articles as find_related

register = template.Library()


@register.inclusion_tag("search/_related.html")
def related_articles(article, limit=5):
    """{% related_articles article %}: up to five related articles, same city first."""
    return {"related": memoized(("related", article.pk, limit), lambda: find_related(article, limit))}
