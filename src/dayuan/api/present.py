"""Models as the API shows them (plain dicts the schemas check)."""

from django.core.files.storage import default_storage

from dayuan.core.memo import memoized
from dayuan.core.models import SiteSettings
from dayuan.editorial.images import WIDTHS, variant_name
from dayuan.news.models import Region
from dayuan.search.index import plain_text

LEVELS = {Region.PROVINCE: "province", Region.CITY: "city", Region.COUNTY: "county"}


def base_url():
    return memoized("api-base-url", lambda: SiteSettings.load().base_url)


def channel_ref(channel):
    return {"id": channel.pk, "name": channel.name, "slug": channel.slug}


def region_ref(region):
    return {
        "id": region.pk,
        "code": region.code,
        "name": region.name,
        "short_name": region.short_name,
        "slug": region.slug,
        "level": LEVELS[region.level],
    }


def cover(article):
    """The cover and its resized copies, as the page's srcset has them; None without one."""
    if not article.cover:
        return None
    name = article.cover.name
    sizes = [
        {"width": w, "url": base_url() + default_storage.url(variant_name(name, w))}
        for w in WIDTHS
        if default_storage.exists(variant_name(name, w))
    ]
    try:
        width, height = article.cover.width, article.cover.height
    except (OSError, ValueError):  # the file is gone: give the name, not a failure
        width = height = None
    return {"url": base_url() + article.cover.url, "width": width, "height": height, "sizes": sizes}


def summary(article):
    return {
        "id": article.pk,
        "title": article.title,
        "flag": article.title_prefix or None,
        "summary": article.summary,
        "channel": channel_ref(article.channel),
        "region": region_ref(article.region),
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "url": base_url() + article.get_absolute_url(),
        "cover": cover(article),
    }


def detail(article):
    site = SiteSettings.load()
    data = summary(article)
    data.update(
        {
            "body_html": article.body,
            "body_text": plain_text(article.body).strip(),
            "author": article.author,
            "editor": article.editor,
            "tags": [tag.name for tag in article.ordered_tags],
            "placements": [flag.name for flag in article.flags.all()],
            "source": {"name": article.source_name, "url": article.source_url}
            if (article.source_name or article.source_url)
            else None,
            "also_reported": [{"name": s.name, "url": s.url} for s in article.also_sources.all()[:10]],
            "statement": {
                "kind": article.statement,
                "label": article.get_statement_display(),
                "lines": site.statement_lines(article.statement),
            },
            "counts": {"views": article.view_count, "likes": article.like_count, "comments": article.comment_count},
        }
    )
    return data


def tree(nodes, make):
    """Nested nodes from a flat list with parent_id, in the list's order."""
    children = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)

    def build(node):
        return {**make(node), "children": [build(child) for child in children.get(node.pk, [])]}

    known = {node.pk for node in nodes}
    return [build(node) for node in nodes if node.parent_id is None or node.parent_id not in known]
