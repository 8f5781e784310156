"""Related articles: shared tags, the same region and shared title words, weighted."""

from collections import Counter

from django.db import connection
from django.db.models import Max
from django.utils import timezone

from dayuan.news import loading
from dayuan.news.models import Article, ArticleTag, city_of
from dayuan.text import gazetteer
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
    for token in tokenize(article.title) + [t for tag in tags for t in tag_words(tag.name)]:
        if len(token) >= 2 and token not in COMMON and token not in words:
            words.append(token)
    return words[:limit]


def tag_words(name):
    """A tag's words: a few hundred tags stand on every article of a bake, so cut once per version."""
    from dayuan.core.memo import memoized

    return memoized(("tag-words", name), lambda: tokenize(name))


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


# How much each kind of likeness counts. A shared tag says most about two articles; the
# same county or city, or a city the article is tagged with, comes next; each title word
# they share adds a little, and the full-text index's best matches a little more.
TAG_WEIGHT = 3.0
SAME_REGION_WEIGHT = 2.0
SAME_CITY_WEIGHT = 1.5
TAGGED_CITY_WEIGHT = 1.5
TITLE_WORD_WEIGHT = 1.0  # a word of three characters or more; two-character words (经济, 发展) count half
TITLE_WORDS_COUNTED = 3
INDEX_WEIGHT = 0.5
# Below this an article shares too little to be called related (a lone common word).
MIN_SCORE = 1.5
NEARBY = 12  # newest articles read from each city the article belongs to or is tagged with


def related_articles(article, limit=5):
    """The published articles most like `article`: shared tags, then region, then title words."""
    top = related_ids(article, limit)
    shown = Article.objects.published().select_related("channel", "region", "flag").defer("body").in_bulk(top)
    return [shown[pk] for pk in top if pk in shown]


def related_ids_many(articles, limit=5, table=False):
    """{article id: related articles} for many articles (publish.bulk): the candidates of all of
    them scored from one read of their few columns, the ones shown loaded in one query.
    (`table` is accepted for callers of the earlier site-wide table; a chunk's rows are as fast
    and a worker no longer keeps a row of every article.)"""
    found = {article.pk: candidates(article) for article in articles}
    rows = candidate_rows({pk for c in found.values() for pk in c.scores})
    tops = {key: rank(c, [rows[pk] for pk in c.scores if pk in rows], limit) for key, c in found.items()}
    shown = loading.articles_by_id({pk for top in tops.values() for pk in top}, published=True, body=False)
    return {key: [shown[pk] for pk in top if pk in shown] for key, top in tops.items()}


def kept_or_scored(articles, limit=5):
    """{article id: related articles} for pages rendered cold: the ones each page showed when it
    was last baked (`Article.related_ids`), still published; scored only for articles never
    baked. A cold page then looks as it did before its file went, at a third of the cost."""
    kept = {a.pk: a.related_ids[:limit] for a in articles if a.related_ids is not None}
    found = related_ids_many([a for a in articles if a.pk not in kept], limit)
    shown = loading.articles_by_id({pk for ids in kept.values() for pk in ids}, published=True, body=False)
    found.update({key: [shown[pk] for pk in ids if pk in shown] for key, ids in kept.items()})
    return found


def keep_related(articles, related):
    """Remember what each article's baked page shows as related (see kept_or_scored); only the
    changed rows are written, one statement for them all. The column is derived data: writing it
    changes no page, so the content version stays."""
    changed = []
    for article in articles:
        ids = [shown.pk for shown in related[article.pk]]
        if article.related_ids != ids:
            article.related_ids = ids
            changed.append(article)
    if changed:
        Article.objects.bulk_update(changed, ["related_ids"])


ROWS_PER_QUERY = 5_000  # well under SQLite's 32,766 variables a statement


def candidate_rows(ids):
    """{id: (id, region, city, title, published at)} of the published articles among `ids`.
    (Written out, as in news.loading: a page rendered cold reads about a hundred candidates.)"""
    ids = sorted(ids)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = {}
    for start in range(0, len(ids), ROWS_PER_QUERY):
        chunk = ids[start : start + ROWS_PER_QUERY]
        # (any order: sorting by date made SQLite walk the date index instead)
        where = f"id IN ({', '.join(['%s'] * len(chunk))}) AND status = %s AND published_at <= %s"
        for row in loading.raw_values(Article, CANDIDATE_COLUMNS, where, [*chunk, Article.Status.PUBLISHED, now]):
            rows[row[0]] = row
    return rows


CANDIDATE_COLUMNS = ("id", "region_id", "city_id", "title", "published_at")


def _newest_in_city(city_id):
    """The city's newest published ids, one more than used, so leaving one article out keeps NEARBY."""
    from dayuan.core.memo import memoized

    return memoized(
        ("related-city", city_id),
        lambda: list(
            Article.objects.published()
            .filter(city_id=city_id)
            .order_by("-published_at", "-id")
            .values_list("pk", flat=True)[: NEARBY + 1]
        ),
    )


class Candidates:
    """An article's candidates before their rows are read: what scores them, and why."""

    __slots__ = ("article", "tags", "scores", "neighbours", "words", "city", "tagged_cities")


def candidates(article):
    """The articles that could be related to `article` (shared tags, the index's best matches of
    its distinctive words, its cities' newest), with what tags and the index gave each."""
    found = Candidates()
    found.article = article
    found.tags = tags = article.ordered_tags  # prefetched by the article view
    scores = Counter()
    found.neighbours = neighbours = tag_neighbours(article, tags)
    for pk, n in neighbours.items():
        scores[pk] += TAG_WEIGHT * n
    backend = get_search_backend()
    found.words = words = keywords(article, tags=tags)
    searched = distinctive(words, backend)
    if searched:
        query = ParsedQuery(raw=" OR ".join(searched), groups=[[_term(w) for w in searched]])
        # The index's best matches; whether they are published is checked when scored.
        ids = [pk for pk in backend.top_ids(query, CANDIDATES + 1) if pk != article.pk]
        for rank_, pk in enumerate(ids):
            scores[pk] += INDEX_WEIGHT * (1 - rank_ / CANDIDATES)
    found.city = city = city_of(article.region_id)
    found.tagged_cities = tagged_cities = cities_named(tags) - {city}
    for city_id in filter(None, {city, *tagged_cities}):
        for pk in [pk for pk in _newest_in_city(city_id) if pk != article.pk][:NEARBY]:
            scores[pk] += 0.0  # a candidate; its region is scored with the others below
    scores.pop(article.pk, None)
    found.scores = scores
    return found


def related_ids(article, limit=5):
    """The ids of the related articles, best first."""
    found = candidates(article)
    if not found.scores:
        return []
    # Score the candidates on a few columns; load whole rows only for the few shown.
    return rank(found, candidate_rows(found.scores).values(), limit)


def rank(found, rows, limit):
    """The best `limit` of the candidates, given their rows (published ones only)."""
    article, scores, neighbours = found.article, found.scores, found.neighbours
    title_words = subject_words(found.words, found.tags)
    ranked = []
    for pk, region_id, city_id, title, published_at in rows:
        place = region_weight(article, found.city, found.tagged_cities, region_id, city_id)
        shared = [w for w in title_words if w in title]  # most candidates share none
        # Short words and the index only order what a tag, a place or a long word ties in.
        anchored = pk in neighbours or place or any(len(w) >= 3 for w in shared)
        score = scores[pk] + place + (words_worth(shared) if shared else 0.0)
        if anchored and score >= MIN_SCORE:
            ranked.append((-score, -published_at.timestamp(), pk))
    return [pk for *_, pk in sorted(ranked)[:limit]]


def subject_words(words, tags):
    """Title words that say what happened, not where: places are scored as regions
    (and their fragments, 城市 in 晋城市 and 运城市, would tie unrelated towns)."""
    tag_names = {tag.name for tag in tags}
    return [w for w in words if w not in tag_names and w != "城市" and gazetteer.lookup(w) is None]


def region_weight(article, city, tagged_cities, region_id, city_id):
    if region_id == article.region_id:
        return SAME_REGION_WEIGHT
    if city is not None and city_id == city:
        return SAME_CITY_WEIGHT
    if city_id in tagged_cities:
        return TAGGED_CITY_WEIGHT
    return 0.0


def words_worth(shared):
    """What these shared title words are worth: the longest few count."""
    counted = sorted(shared, key=len, reverse=True)[:TITLE_WORDS_COUNTED]
    return sum(TITLE_WORD_WEIGHT * (1.0 if len(w) >= 3 else 0.5) for w in counted)


def tag_neighbours(article, tags):
    """{article id: tags shared} among each tag's most recently tagged articles."""
    from dayuan.core.memo import memoized

    shared = Counter()
    for tag in tags:
        # Read from the tag's index in order: a popular tag of a big site has thousands.
        shared.update(
            memoized(
                ("related-tag", tag.pk),
                lambda tag=tag: list(
                    ArticleTag.objects.filter(tag_id=tag.pk)
                    .order_by("-id")
                    .values_list("article_id", flat=True)[: 2 * CANDIDATES]
                ),
            )
        )
    shared.pop(article.pk, None)
    return dict(sorted(shared.items(), key=lambda item: (-item[1], -item[0]))[: 2 * CANDIDATES])


def cities_named(tags):
    """Ids of the cities the article's place tags (忻州, 平遥) are in."""
    from dayuan.news.models import Region

    codes = {place.code for place in map(gazetteer.lookup, (tag.name for tag in tags)) if place}
    if not codes:
        return set()
    from dayuan.core.memo import memoized

    return memoized(
        ("related-cities", tuple(sorted(codes))),
        lambda: {city_of(pk) for pk in Region.objects.filter(code__in=codes).values_list("pk", flat=True)} - {None},
    )
