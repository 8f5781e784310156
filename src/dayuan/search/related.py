"""Related articles: shared tags and shared words, articles of the same city first."""

from django.db.models import Count

from dayuan.news.models import Article, ArticleTag
from dayuan.text.tokenize import tokenize

from .backends import get_search_backend
from .query import ParsedQuery, Term

CANDIDATES = 30
# Words too common in news to say two articles are alike.
COMMON = frozenset("记者 报道 工作 发展 建设 推进 全面 进一步 我们 一个 表示 目前 今年 通过 开展 加强 有关".split())


def keywords(article, limit=8):
    """Title words of two or more characters, then the tags: what the article is about."""
    words = []
    for token in tokenize(article.title) + [t for tag in article.ordered_tags for t in tokenize(tag.name)]:
        if len(token) >= 2 and token not in COMMON and token not in words:
            words.append(token)
    return words[:limit]


def related_articles(article, limit=5):
    published = Article.objects.published().exclude(pk=article.pk)
    scores = {}
    tag_ids = list(article.tag_links.values_list("tag_id", flat=True))
    if tag_ids:
        shared = (ArticleTag.objects.filter(tag_id__in=tag_ids, article__in=published)
                  .values("article_id").annotate(n=Count("id")).order_by("-n")[:CANDIDATES])
        for row in shared:
            scores[row["article_id"]] = 2.0 * row["n"]
    words = keywords(article)
    if words:
        query = ParsedQuery(raw=" OR ".join(words),
                            groups=[[Term(text=w, alternatives=((w,),)) for w in words]])
        ids = get_search_backend().search(query, published, limit=CANDIDATES, narrow=False).ids
        for rank, pk in enumerate(ids):
            scores[pk] = scores.get(pk, 0.0) + 3.0 * (1 - rank / CANDIDATES)
    if not scores:
        return []
    candidates = Article.objects.select_related("channel", "region__parent", "flag").in_bulk(list(scores))
    city = article.region.city.pk if article.region_id else None

    def key(candidate):
        same_city = candidate.region.city.pk == city
        return (not same_city, -scores[candidate.pk], -(candidate.published_at.timestamp()))

    return sorted(candidates.values(), key=key)[:limit]
