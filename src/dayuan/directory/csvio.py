"""CSV import and export of directory entries, shared by the commands and the admin.

An import is all or nothing: every row is validated first, and one bad row
stops the whole file with a message naming the row, so nothing is half-loaded.
"""

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction

from dayuan.news.models import Region

from .models import ServiceCategory, ServiceEntry

COLUMNS = ["name", "url", "category", "region", "phone", "description", "position", "is_active", "needs_review"]
TRUE = {"1", "true", "yes", "y", "是", "对"}


class CSVImportError(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


def export_csv(entries, out):
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for entry in entries.select_related("category", "region"):
        writer.writerow(
            [
                entry.name,
                entry.url,
                entry.category.slug,
                entry.region.slug,
                entry.phone,
                entry.description,
                entry.position,
                int(entry.is_active),
                int(entry.needs_review),
            ]
        )


def _flag(value, default):
    value = (value or "").strip().lower()
    return default if value == "" else value in TRUE


def import_csv(text):
    """Create or update entries (keyed by region and name); returns (created, updated)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("name", "url", "category", "region") if c not in (reader.fieldnames or [])]
    if missing:
        raise CSVImportError([f"缺少列：{', '.join(missing)}。第一行应为：{','.join(COLUMNS)}"])
    categories = {c.slug: c for c in ServiceCategory.objects.all()}
    categories.update({c.name: c for c in categories.values()})
    regions = {r.slug: r for r in Region.objects.all()}
    errors, ready = [], []
    for line, row in enumerate(reader, start=2):
        row = {key: (value or "").strip() for key, value in row.items() if key}
        category = categories.get(row.get("category", ""))
        region = regions.get(row.get("region", ""))
        if category is None:
            errors.append(f"第 {line} 行：没有分类“{row.get('category', '')}”。")
            continue
        if region is None:
            errors.append(f"第 {line} 行：没有地区“{row.get('region', '')}”（请填地区的拼音别名，如 taiyuan）。")
            continue
        entry = ServiceEntry.objects.filter(region=region, name=row.get("name", "")).first() or ServiceEntry(
            region=region, name=row.get("name", "")
        )
        entry.url = row.get("url", "")
        entry.category = category
        entry.phone = row.get("phone", "")
        entry.description = row.get("description", "")
        position = row.get("position", "") or "0"
        if not (position.isascii() and position.isdigit()):
            errors.append(f"第 {line} 行：排序必须是整数。")
            continue
        entry.position = int(position)
        entry.is_active = _flag(row.get("is_active"), True)
        entry.needs_review = _flag(row.get("needs_review"), False)
        try:
            entry.full_clean(validate_unique=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                label = ServiceEntry._meta.get_field(field).verbose_name if field != "__all__" else ""
                errors.extend(f"第 {line} 行：{label}{'：' if label else ''}{m}" for m in messages)
            continue
        ready.append(entry)
    if errors:
        raise CSVImportError(errors)
    created = sum(1 for entry in ready if entry.pk is None)
    with transaction.atomic():
        for entry in ready:
            entry.save()
    return created, len(ready) - created
