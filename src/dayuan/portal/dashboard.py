"""What the office sees first at /admin/: today's work, 30 days of readers, sources and links.

Every figure is one aggregate query; the charts are SVG drawn here, so the page needs no
script and no third-party library.
"""

from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.html import escape

DAYS = 30
CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 600, 160, 28


def today_counts():
    from dayuan.engage.models import Comment
    from dayuan.news.models import Article

    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    published = Article.objects.filter(
        status=Article.Status.PUBLISHED, published_at__gte=start, published_at__lte=timezone.now()
    )
    return {
        "published_today": published.count(),
        "pending_articles": Article.objects.filter(status=Article.Status.REVIEW).count(),
        "pending_comments": Comment.objects.filter(status=Comment.Status.PENDING).count(),
    }


def daily_series(days=DAYS):
    """[(day, views, comments)] for the last `days` days, today included, zeros kept."""
    from dayuan.engage.models import ArticleDailyStat

    today = timezone.localdate()
    first = today - timedelta(days=days - 1)
    rows = (
        ArticleDailyStat.objects.filter(day__gte=first)
        .values("day")
        .annotate(views=Sum("views"), comments=Sum("comments"))
    )
    by_day = {row["day"]: row for row in rows}
    return [
        (day, (by_day.get(day) or {}).get("views") or 0, (by_day.get(day) or {}).get("comments") or 0)
        for day in (first + timedelta(days=n) for n in range(days))
    ]


def top_articles(days=7, limit=10):
    from dayuan.news.models import Article

    since = timezone.localdate() - timedelta(days=days - 1)
    return list(
        Article.objects.filter(daily_stats__day__gte=since)
        .annotate(recent_views=Sum("daily_stats__views"), recent_comments=Sum("daily_stats__comments"))
        .order_by("-recent_views", "-id")[:limit]
    )


def source_health():
    """Each source with its last run and how many runs in a row have failed."""
    from dayuan.collect.models import CollectRun, Source

    health = []
    for source in Source.objects.order_by("-enabled", "name"):
        statuses = list(source.runs.order_by("-started_at").values_list("status", flat=True)[:20])
        failures = next((n for n, status in enumerate(statuses) if status != CollectRun.Status.FAILED), len(statuses))
        health.append(
            {"source": source, "last": source.runs.order_by("-started_at").first(), "failures_in_a_row": failures}
        )
    return health


def link_health():
    from dayuan.directory.models import ServiceEntry

    return ServiceEntry.objects.aggregate(
        total=Count("id"),
        failing=Count("id", filter=Q(is_failing=True)),
        unchecked=Count("id", filter=Q(last_checked_at__isnull=True)),
        to_verify=Count("id", filter=Q(needs_review=True)),
    )


def bar_chart(label, points, colour):
    """An SVG bar chart of [(day, value)]: labelled for screen readers, a tooltip per bar."""
    top = max([value for _, value in points] + [1])
    inner_w, inner_h = CHART_WIDTH - 2 * CHART_PAD, CHART_HEIGHT - 2 * CHART_PAD
    step = inner_w / max(1, len(points))
    parts = [
        f'<svg class="dash-chart" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" role="img" '
        f'aria-label="{escape(label)}，最近 {len(points)} 天，最高 {top}">',
        f'<line x1="{CHART_PAD}" y1="{CHART_HEIGHT - CHART_PAD}" x2="{CHART_WIDTH - CHART_PAD}" '
        f'y2="{CHART_HEIGHT - CHART_PAD}" stroke="#999"/>',
        f'<text x="{CHART_PAD}" y="{CHART_PAD - 8}" font-size="12" fill="#333">{top}</text>',
    ]
    for index, (day, value) in enumerate(points):
        height = inner_h * value / top
        x = CHART_PAD + index * step
        y = CHART_HEIGHT - CHART_PAD - height
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{max(1.0, step - 2):.1f}" height="{height:.1f}" '
            f'fill="{colour}"><title>{day:%m-%d}：{value}</title></rect>'
        )
        if index % 5 == 0 or index == len(points) - 1:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{CHART_HEIGHT - CHART_PAD + 16}" font-size="11" '
                f'text-anchor="middle" fill="#333">{day:%m-%d}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def dashboard():
    series = daily_series()
    return {
        **today_counts(),
        "views_chart": bar_chart("每日浏览量", [(day, views) for day, views, _ in series], "#1a5fb4"),
        "comments_chart": bar_chart("每日评论数", [(day, comments) for day, _, comments in series], "#a8161b"),
        "views_total": sum(views for _, views, _ in series),
        "comments_total": sum(comments for _, _, comments in series),
        "top_articles": top_articles(),
        "sources": source_health(),
        "links": link_health(),
    }
