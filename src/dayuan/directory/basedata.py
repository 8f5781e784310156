"""The directory's initial data: categories and the province's and cities' main portals.

Loaded by `dayuan init`. Rows are matched by natural key and only created when
missing, so an editor's changes survive every later `init`.
"""

import json
from pathlib import Path

from django.db import transaction

from dayuan.news.models import Region

from .models import ServiceCategory, ServiceEntry

DATA_FILE = Path(__file__).resolve().parent / "data" / "services.json"


@transaction.atomic
def load_initial_services():
    """Create missing categories and entries; returns how many entries were created."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    categories = {}
    for position, row in enumerate(data["categories"]):
        category, _ = ServiceCategory.objects.get_or_create(
            slug=row["slug"], defaults={"name": row["name"], "position": position}
        )
        categories[row["slug"]] = category
    regions = {region.slug: region for region in Region.objects.all()}
    created = 0
    for position, row in enumerate(data["entries"]):
        region = regions.get(row["region"])
        if region is None:  # the gazetteer is not loaded yet
            continue
        _, was_created = ServiceEntry.objects.get_or_create(
            region=region,
            name=row["name"],
            defaults={
                "url": row["url"],
                "description": row["description"],
                "phone": row["phone"],
                "category": categories[row["category"]],
                "needs_review": row["needs_review"],
                "position": position,
            },
        )
        created += was_created
    return created
