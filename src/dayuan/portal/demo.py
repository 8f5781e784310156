"""Demo content the project wrote itself, so every list and page shows after `make run`.

Demo articles get ids from 900001 up, far from imported ids, and are keyed by
id. Loading again creates what is missing and brings a changed demo article
back in line with the file; an article already matching the file is not
touched, so loading twice changes nothing.
"""

import json
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from dayuan.news.models import Article, Channel, Flag, Region
from dayuan.portal.democovers import ensure_cover
from dayuan.text.html import sanitize_html

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_articles.json"
FIRST_DEMO_ID = 900001
# Demo articles are spread back in time from the moment they are first loaded.
HOURS_BETWEEN = 6


def render_body(blocks):
    """Body blocks as HTML: `## text` is a sub-heading, anything else a paragraph."""
    return "".join(
        f"<h2>{escape(block[2:].strip())}</h2>" if block.startswith("##") else f"<p>{escape(block)}</p>"
        for block in blocks
    )


def demo_fields(row, channels, regions, flags):
    return {
        "title": row["title"],
        "flag": flags[row["flag"]] if row.get("flag") else None,
        "editor": row.get("editor", "网络编辑"),
        "author": row.get("author", ""),
        "channel": channels[row["channel"]],
        "region": regions[row["region"]],
        "summary": row.get("summary", ""),
        "body": sanitize_html(render_body(row["body"])),
        "status": Article.Status.PUBLISHED,
        "statement": row.get("statement", Article.Statement.ORIGINAL),
        "source_name": row.get("source_name", ""),
        "source_url": row.get("source_url", ""),
    }


@transaction.atomic
def load_demo(now=None):
    """Create the demo articles that are missing, update changed ones; returns how many were created."""
    rows = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    now = (now or timezone.now()).replace(microsecond=0)
    channels = {c.slug: c for c in Channel.objects.all()}
    regions = {r.slug: r for r in Region.objects.all()}
    flags = {f.name: f for f in Flag.objects.all()}
    existing = Article.objects.select_related("flag", "channel", "region").in_bulk(
        range(FIRST_DEMO_ID, FIRST_DEMO_ID + len(rows))
    )
    created = 0
    for index, row in enumerate(rows):
        fields = demo_fields(row, channels, regions, flags)
        article = existing.get(FIRST_DEMO_ID + index)
        if article is None:
            article = Article(pk=FIRST_DEMO_ID + index, published_at=now - timedelta(hours=HOURS_BETWEEN * index + 1))
            created += 1
        elif all(getattr(article, name) == value for name, value in fields.items()):
            fields = None
        if fields is not None:
            for name, value in fields.items():
                setattr(article, name, value)
            article.save()
        tags = row.get("tags", [])
        if [tag.name for tag in article.ordered_tags] != tags:
            article.set_tags(tags)
        placements = set(row.get("placements", []))
        if set(article.flags.values_list("name", flat=True)) != placements:
            article.flags.set([flags[name] for name in placements])
        if row.get("cover"):
            ensure_cover(article)
    return created
