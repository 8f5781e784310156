"""Base data every Dayuan site starts with: the region gazetteer, channels and flags.

Loading is idempotent: rows are matched by their natural key and updated, so
`dayuan init` can run on every start and after every upgrade.
"""

import json

from django.db import transaction

from dayuan.text.gazetteer import REGIONS_FILE

from .models import Channel, Flag, Region

# (name, slug, description)
DEFAULT_CHANNELS = [
    ("要闻", "yw", "全省要闻"),
    ("各市一览", "gsyl", "各市县新闻"),
    ("经济", "jj", "经济与产业"),
    ("民生", "ms", "民生与社会"),
    ("文化旅游", "whly", "文化、旅游与生活"),
    ("公告通知", "ggtz", "政务公告与便民通知"),
]
# (name, slug, shown as 【】 before the title)
DEFAULT_FLAGS = [
    ("重点关注", "zdgz", True),
    ("头条", "toutiao", False),
    ("推荐", "tuijian", False),
    ("幻灯", "huandeng", False),
]


def load_regions():
    rows = json.loads(REGIONS_FILE.read_text(encoding="utf-8"))
    if not Region.objects.exists():
        return create_regions(rows)
    by_code = {}
    for row in rows:  # parents come before children in the file
        region, _ = Region.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "short_name": row["short_name"],
                "slug": row["slug"],
                "level": row["level"],
                "parent": by_code.get(row["parent"]),
            },
        )
        by_code[row["code"]] = region
    return len(by_code)


def create_regions(rows):
    """First load into an empty table: one INSERT per level instead of one per row."""
    by_code = {}
    for level in (Region.PROVINCE, Region.CITY, Region.COUNTY):
        created = Region.objects.bulk_create(
            [
                Region(
                    code=row["code"],
                    name=row["name"],
                    short_name=row["short_name"],
                    slug=row["slug"],
                    level=row["level"],
                    parent=by_code.get(row["parent"]),
                )
                for row in rows
                if row["level"] == level
            ]
        )
        by_code.update((region.code, region) for region in created)
    return len(by_code)


def load_channels():
    for position, (name, slug, description) in enumerate(DEFAULT_CHANNELS):
        Channel.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )


def load_flags():
    for position, (name, slug, in_title) in enumerate(DEFAULT_FLAGS):
        Flag.objects.get_or_create(name=name, defaults={"slug": slug, "show_in_title": in_title, "position": position})


@transaction.atomic
def load_base_data():
    count = load_regions()
    load_channels()
    load_flags()
    return count
