from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from dayuan.editorial.images import WIDTHS, variant_name

register = template.Library()


@register.simple_tag
def cover_image(article, sizes="96px", css_class="cover", eager=False):
    """The article's cover with its resized copies as srcset; empty when there is no cover.

    Lazy by default; `eager` for the picture a reader sees first (the first slide)."""
    if not article.cover:
        return ""
    name = article.cover.name
    parts = [
        f"{default_storage.url(variant_name(name, w))} {w}w"
        for w in WIDTHS
        if default_storage.exists(variant_name(name, w))
    ]
    smallest = parts[0].rsplit(" ", 1)[0] if parts else article.cover.url
    try:
        width = article.cover.width
    except (OSError, ValueError):  # the file is gone: show nothing rather than fail the page
        return ""
    parts.append(f"{article.cover.url} {width}w")
    loading = 'fetchpriority="high"' if eager else 'loading="lazy" decoding="async"'
    return format_html(
        '<img class="{}" src="{}" srcset="{}" sizes="{}" alt="" width="{}" height="{}" {}>',
        css_class,
        smallest,
        ", ".join(parts),
        sizes,
        width,
        article.cover.height,
        mark_safe(loading),
    )
