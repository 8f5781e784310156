from django import template

from dayuan.core.memo import memoized

from ..related import related_articles as find_related

register = template.Library()


@register.inclusion_tag("search/_related.html")
def related_articles(article, limit=5):
    """{% related_articles article %}: up to five related articles, same city first."""
    found = getattr(article, "related_articles", None)  # set by the bulk renderer (publish.bulk)
    if found is not None:
        return {"related": found[:limit]}
    return {"related": memoized(("related", article.pk, limit), lambda: find_related(article, limit))}
