"""Opaque cursors over (time, id): a page starts strictly after the last row seen, so
rows published (or updated) during a walk never shift it and nothing is seen twice."""

import base64
import json
from datetime import datetime

from django.db.models import Q

from .errors import ApiError

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


def encode(moment, pk):
    raw = json.dumps([moment.isoformat(), pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor):
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        moment, pk = json.loads(raw)
        return datetime.fromisoformat(moment), int(pk)
    except (ValueError, TypeError):
        raise ApiError(400, "bad_cursor", "分页游标无效，请从第一页重新开始。") from None


def after(cursor, field, descending):
    """The filter for rows after `cursor` in (field, id) order."""
    moment, pk = decode(cursor)
    if moment.tzinfo is None:
        raise ApiError(400, "bad_cursor", "分页游标无效，请从第一页重新开始。")
    if descending:
        return Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "pk__lt": pk})
    return Q(**{f"{field}__gt": moment}) | Q(**{field: moment, "pk__gt": pk})


def page(queryset, cursor, limit, field, descending=True):
    """(rows, next_cursor) of one page ordered by (field, id)."""
    order = [f"-{field}", "-pk"] if descending else [field, "pk"]
    if cursor:
        queryset = queryset.filter(after(cursor, field, descending))
    rows = list(queryset.order_by(*order)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode(getattr(rows[-1], field), rows[-1].pk) if more and rows else None
    return rows, next_cursor
