"""Search-engine metadata for a page: canonical URL, OpenGraph and JSON-LD NewsArticle."""

import json
import re

from django.templatetags.static import static
from django.utils.html import strip_tags
from django.utils.text import Truncator

IMG_SRC = re.compile(r'<img[^>]+src="([^"]+)"', re.I)


def absolute(base_url, url):
    if not url:
        return ""
    return url if url.startswith(("http://", "https://")) else base_url + url


def description(article, length=120):
    text = " ".join((article.summary or strip_tags(article.body)).split())
    return Truncator(text).chars(length)


def article_image(article, site):
    """The cover, else the body's first picture, else the site's default share image."""
    if article.cover:
        return absolute(site.base_url, article.cover.url)
    match = IMG_SRC.search(article.body)
    if match:
        return absolute(site.base_url, match.group(1))
    return absolute(site.base_url, static("publish/share.png"))


def news_article(article, site, tags):
    url = site.base_url + article.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": Truncator(article.title).chars(110),
        "description": description(article),
        "image": [article_image(article, site)],
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": max(article.updated_at, article.published_at or article.updated_at).isoformat(),
        "author": [{"@type": "Person", "name": article.author or article.editor or site.name}],
        "publisher": {
            "@type": "Organization",
            "name": site.name,
            "url": site.base_url + "/",
            "logo": {"@type": "ImageObject", "url": absolute(site.base_url, static("publish/share.png"))},
        },
        "articleSection": article.channel.name,
        "keywords": tags,
        "inLanguage": "zh-CN",
        "contentLocation": {"@type": "Place", "name": article.region.name},
    }
    if article.statement == "reprinted" and article.source_url:
        data["isBasedOn"] = article.source_url
        if article.source_name:
            data["sourceOrganization"] = {"@type": "Organization", "name": article.source_name}
    return data


def json_ld(data):
    """JSON for a <script> element: `<`, `>` and `&` escaped so the text can't close it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
