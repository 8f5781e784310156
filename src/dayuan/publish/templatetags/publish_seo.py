from django import template
from django.utils.safestring import mark_safe

from dayuan.core.reversing import cached_reverse
from dayuan.publish import seo

register = template.Library()


def feed_links(context):
    """The feeds of the page's channel, region or tag, and the site's."""
    links = []
    for key, kind, arg in (("tag", "tag_", "name"), ("channel", "channel_", "slug"), ("region", "region_", "slug")):
        obj = context.get(key)
        if obj is not None and getattr(obj, "pk", None):
            links.append((f"{obj.name} RSS", cached_reverse(f"publish:{kind}rss", [getattr(obj, arg)])))
            break
    site = context["site"]
    links.append((f"{site.title} RSS", cached_reverse("publish:rss")))
    links.append((f"{site.title} Atom", cached_reverse("publish:atom")))
    return links


@register.inclusion_tag("publish/_page_meta.html", takes_context=True)
def page_meta(context):
    """Canonical URL, OpenGraph basics and feed links for any page."""
    request = context.get("request")
    site = context["site"]
    return {
        "site": site,
        "canonical": site.base_url + (request.path if request else "/"),
        "feeds": feed_links(context),
    }


@register.inclusion_tag("publish/_article_meta.html", takes_context=True)
def article_meta(context, article):
    """Canonical URL, keywords, OpenGraph article tags and JSON-LD NewsArticle for an article page."""
    site = context["site"]
    tags = [tag.name for tag in article.ordered_tags]
    data = seo.news_article(article, site, tags)
    return {
        "site": site,
        "article": article,
        "url": data["url"],
        "tags": tags,
        "description": data["description"],
        "image": data["image"][0],
        "feeds": feed_links({"channel": article.channel, "site": site}),
        "json_ld": mark_safe(seo.json_ld(data)),
    }
