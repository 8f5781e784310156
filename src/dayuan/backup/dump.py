"""The database as one JSON object per row, per model, read from one snapshot.

Rows are written database-neutrally (Django's python serializer, foreign keys
to content types and users by natural key, primary keys kept, datetimes with
their microseconds), so an archive taken on SQLite loads into PostgreSQL.
Content types and permissions are recreated by `migrate` and matched by
natural key; the search index is not dumped (it is rebuilt after a restore).
"""

import datetime
import json

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder

EXCLUDED = {"contenttypes.contenttype", "auth.permission", "search.reindexprogress"}
BATCH = 1000


class FullPrecisionEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts datetimes to milliseconds; a backup keeps every digit."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


def dumped_models():
    """Every concrete model with rows of its own, in an order that loads (dependencies first)."""
    app_list = {config: None for config in apps.get_app_configs()}
    ordered = serializers.sort_dependencies(app_list.items(), allow_cycles=True)
    return [m for m in ordered if m._meta.label_lower not in EXCLUDED and not m._meta.proxy and m._meta.managed]


def auto_m2m_tables(model):
    return [
        field.remote_field.through._meta.db_table
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]


def natural_key_fields(model):
    """Foreign keys serialized by natural key: fetched with the row, not one query each."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.many_to_one and hasattr(f.remote_field.model, "natural_key")
    ]


def write_rows(model, using, stream):
    """Write the model's rows as JSON lines; returns the row count."""
    queryset = model._base_manager.using(using).order_by("pk")
    related = natural_key_fields(model)
    if related:
        queryset = queryset.select_related(*related)
    if model._meta.local_many_to_many:
        queryset = queryset.prefetch_related(*[f.name for f in model._meta.local_many_to_many])
    rows, batch = 0, []
    for obj in queryset.iterator(chunk_size=BATCH):
        batch.append(obj)
        if len(batch) == BATCH:
            rows += _write_batch(batch, stream)
            batch = []
    return rows + _write_batch(batch, stream)


def _write_batch(objects, stream):
    if not objects:
        return 0
    data = serializers.serialize("python", objects, use_natural_foreign_keys=True)
    for item in data:
        stream.write(json.dumps(item, cls=FullPrecisionEncoder, ensure_ascii=False).encode())
        stream.write(b"\n")
    return len(data)


def table_counts(models, using):
    """Rows per table, the many-to-many link tables included (for the manifest)."""
    from django.db import connections

    counts = {}
    with connections[using].cursor() as cursor:
        for model in models:
            for table in [model._meta.db_table, *auto_m2m_tables(model)]:
                cursor.execute(f"SELECT COUNT(*) FROM {connections[using].ops.quote_name(table)}")
                counts[table] = cursor.fetchone()[0]
    return counts
