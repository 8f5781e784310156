"""Articles built with the ORM for the search tests."""

import datetime

import pytest
from django.utils import timezone

from dayuan.news.models import Article, Channel, Region


def make_article(
    title,
    body="",
    *,
    region="taiyuan",
    channel=None,
    tags=(),
    summary="",
    status=Article.Status.PUBLISHED,
    published_at=None,
    **extra,
):
    channel = channel or Channel.objects.order_by("pk").first()
    if isinstance(channel, str):
        channel = Channel.objects.get(slug=channel)
    article = Article.objects.create(
        title=title,
        body=f"<p>{body}</p>" if body else "<p></p>",
        summary=summary,
        region=Region.objects.get(slug=region),
        channel=channel,
        status=status,
        published_at=published_at or timezone.now() - datetime.timedelta(hours=1),
        **extra,
    )
    if tags:
        article.set_tags(tags)
    return article


@pytest.fixture
def articles(base_data):
    """A small corpus about Shanxi places: enough to check matching, ranking and filters."""
    now = timezone.now()
    return {
        "taixin": make_article(
            "太忻一体化经济区建设提速",
            "太忻一体化经济区以太原为核心，雄忻高铁为轴，忻州全力融入。",
            region="xinzhou",
            tags=["经济区", "忻州"],
            published_at=now - datetime.timedelta(days=3),
        ),
        "highway": make_article(
            "雄忻高铁忻州段开工",
            "雄忻高铁是连接雄安新区与忻州的高速铁路。",
            region="xinzhou",
            tags=["高铁"],
            published_at=now - datetime.timedelta(days=2),
        ),
        "steel": make_article(
            "太钢手撕钢再创纪录",
            "太钢生产的手撕钢厚度只有0.015毫米，笔尖钢也已量产。",
            region="taiyuan",
            tags=["太钢"],
            published_at=now - datetime.timedelta(days=1),
        ),
        "body_only": make_article(
            "晋中文旅融合发展",
            "平遥古城游客增多，晋中也在谋划与太忻一体化经济区的合作。",
            region="jinzhong",
            published_at=now - datetime.timedelta(hours=5),
        ),
        "draft": make_article("太忻草稿", "太忻一体化经济区的草稿", status=Article.Status.DRAFT),
    }
