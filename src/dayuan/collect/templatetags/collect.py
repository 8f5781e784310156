from django import template

register = template.Library()


@register.inclusion_tag("collect/_attribution.html")
def collected_attribution(article):
    """For a collected article: when it was collected, and the other
    sites found carrying the same story (同时报道)."""
    return {"article": article, "sources": list(article.also_sources.all()[:10])}
