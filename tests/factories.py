"""Articles for tests, made with the ORM (no importer needed)."""

from datetime import timedelta
from itertools import count

from django.utils import timezone

from dayuan.news.models import Article, Channel, Flag, Region

_numbers = count(1)


def make_article(
    channel="gsyl",
    region="taiyuan",
    *,
    title=None,
    tags=(),
    flag=None,
    placements=(),
    status=Article.Status.PUBLISHED,
    age=None,
    **fields,
):
    """A published article in `channel` × `region`; each call is older than the one before."""
    number = next(_numbers)
    article = Article.objects.create(
        title=title or f"测试文章{number}",
        channel=Channel.objects.get(slug=channel),
        region=Region.objects.get(slug=region),
        flag=Flag.objects.get(name=flag) if flag else None,
        body=fields.pop("body", f"<p>第{number}篇测试文章的正文。</p>"),
        status=status,
        published_at=timezone.now() - (age if age is not None else timedelta(minutes=number)),
        **fields,
    )
    if tags:
        article.set_tags(tags)
    if placements:
        article.flags.set(Flag.objects.filter(name__in=placements))
    return article


def make_many(n, channel="gsyl", region="taiyuan", **fields):
    return [make_article(channel, region, **fields) for _ in range(n)]
