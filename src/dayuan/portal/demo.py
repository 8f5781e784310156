"""Demo content the project wrote itself, so every list and page shows after `make run`.

Demo articles get ids from 900001 up, far from imported ids, and are keyed by
id, so loading twice changes nothing.
"""

import json
from datetime import datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from dayuan.news.models import Article, Channel, Flag, Region

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_articles.json"
FIRST_DEMO_ID = 900001


@transaction.atomic
def load_demo(now=None):
    """Create the demo articles that are missing; returns how many were created."""
    rows = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    now = now or timezone.now()
    created = 0
    for index, row in enumerate(rows):
        pk = FIRST_DEMO_ID + index
        if Article.objects.filter(pk=pk).exists():
            continue
        published = now - timedelta(hours=6 * index + 1)
        article = Article.objects.create(
            pk=pk,
            title=row["title"],
            flag=Flag.objects.filter(name=row["flag"]).first() if row.get("flag") else None,
            editor=row.get("editor", "网络编辑"),
            channel=Channel.objects.get(slug=row["channel"]),
            region=Region.objects.get(slug=row["region"]),
            summary=row.get("summary", ""),
            body="".join(
                f"<h2>{block[2:].strip()}</h2>" if block.startswith("##") else f"<p>{block}</p>"
                for block in row["body"]
            ),
            status=Article.Status.PUBLISHED,
            published_at=published,
            statement=row.get("statement", Article.Statement.ORIGINAL),
        )
        article.set_tags(row.get("tags", []))
        article.flags.set(Flag.objects.filter(name__in=row.get("placements", [])))
        created += 1
    return created
