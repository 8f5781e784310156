"""Related articles: shared tags and shared words, articles of the same city first."""

from collections import Counter

from django.db.models import Max

from dayuan.news.models import Article, ArticleTag, city_of
from dayuan.text.tokenize import tokenize

from .backends import get_search_backend
from .query import ParsedQuery, Term

CANDIDATES = 30
# A word in more than this share of articles says little about what one is about, and ranking
# its matches would cost a scan of most of the index.
COMMON_SHARE = 0.02
_matches = {}  # (word, cap) → articles matching, up to cap: moves slowly, so kept per process
# Words too common in news to say two articles are alike.
COMMON = frozenset("记者 报道 工作 发展 建设 推进 全面 进一步 我们 一个 表示 目前 今年 通过 开展 加强 有关".split())


def keywords(article, limit=8, tags=None):
    """Title words of two or more characters, then the tags: what the article is about."""
    words = []
    tags = article.ordered_tags if tags is None else tags
    for token in tokenize(article.title) + [t for tag in tags for t in tokenize(tag.name)]:
        if len(token) >= 2 and token not in COMMON and token not in words:
            words.append(token)
    return words[:limit]


def _term(word):
    return Term(text=word, alternatives=((word,),))


def distinctive(words, backend):
    """The words that are in few enough articles to tell this one's neighbours apart."""
    from dayuan.core.memo import memoized

    # The highest article id stands in for the index size (one B-tree step; count(*) over a
    # big FTS index takes a scan); the share only has to be about right.
    total = memoized("related-total", lambda: Article.objects.aggregate(top=Max("id"))["top"] or 0)
    cap = max(20, int(total * COMMON_SHARE))
    kept = []
    for word in words:
        key = (word, cap)
        if key not in _matches:
            if len(_matches) > 50_000:
                _matches.clear()
            # Counting stops at the cap, so a common word costs no more than a rare one.
            _matches[key] = backend.match_count(ParsedQuery(raw=word, groups=[[_term(word)]]), cap + 1)
        if _matches[key] <= cap:
            kept.append(word)
    return kept


def related_articles(article, limit=5):
    published = Article.objects.published().exclude(pk=article.pk)
    scores = {}
    tags = article.ordered_tags  # prefetched by the article view
    tag_ids = [tag.pk for tag in tags]
    shared = Counter()
    for tag_id in tag_ids:
        # The tag's most recently tagged articles, read from its index in order: a popular tag
        # of a big site has thousands. Whether they are published is checked below.
        shared.update(ArticleTag.objects.filter(tag_id=tag_id).order_by("-id")
                      .values_list("article_id", flat=True)[:2 * CANDIDATES])
    shared.pop(article.pk, None)
    for pk, n in sorted(shared.items(), key=lambda item: (-item[1], -item[0]))[:2 * CANDIDATES]:
        scores[pk] = 2.0 * n
    backend = get_search_backend()
    words = distinctive(keywords(article, tags=tags), backend)
    if words:
        query = ParsedQuery(raw=" OR ".join(words), groups=[[_term(w) for w in words]])
        # The index's best matches; whether they are published is checked with the tag matches below.
        ids = [pk for pk in backend.top_ids(query, CANDIDATES + 1) if pk != article.pk]
        for rank, pk in enumerate(ids):
            scores[pk] = scores.get(pk, 0.0) + 3.0 * (1 - rank / CANDIDATES)
    if not scores:
        return []
    city = city_of(article.region_id)
    # Rank on three columns; load whole rows only for the few shown.
    rows = published.filter(pk__in=list(scores)).values_list("pk", "region_id", "published_at")
    ranked = sorted(rows, key=lambda row: (city_of(row[1]) != city, -scores[row[0]], -row[2].timestamp()))
    top = [row[0] for row in ranked[:limit]]
    shown = published.select_related("channel", "region", "flag").defer("body").in_bulk(top)
    return [shown[pk] for pk in top if pk in shown]
