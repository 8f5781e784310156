"""One contract for every search backend, run against the backend of the database in use
(SQLite here, PostgreSQL in CI via DAYUAN_TEST_DATABASE_URL)."""

import pytest
from django.db import connection

from dayuan.news.models import Article
from dayuan.search.backends import get_search_backend
from dayuan.search.query import parse

from .conftest import make_article


def ids(query, order="rank", qs=None, **kwargs):
    candidates = qs if qs is not None else Article.objects.published()
    return get_search_backend().search(parse(query), candidates, order=order, **kwargs).ids


@pytest.mark.django_db
class TestBackendContract:
    """Every backend: the same matches, ranking seams and safety."""

    def test_backend_follows_the_database(self, articles):
        """Without DAYUAN_SEARCH the backend is the one for this database."""
        assert get_search_backend().vendor == connection.vendor

    def test_words_and(self, articles):
        """All words must match."""
        assert set(ids("忻州 高铁")) == {articles["taixin"].pk, articles["highway"].pk}
        assert ids("手撕钢 忻州") == []

    def test_unknown_word_matches_as_character_phrase(self, articles):
        """A word the dictionary lacks (手撕钢) still matches where it is written."""
        assert ids("手撕钢") == [articles["steel"].pk]

    def test_phrase_needs_adjacent_tokens(self, articles):
        """A quoted phrase matches only where its tokens are next to each other."""
        assert set(ids('"雄忻高铁"')) == {articles["taixin"].pk, articles["highway"].pk}
        assert ids('"高铁雄忻"') == []

    def test_exclusion(self, articles):
        """-word removes the articles that contain it."""
        found = ids("太忻 -忻州")
        assert articles["body_only"].pk in found
        assert articles["taixin"].pk not in found

    def test_or(self, articles):
        """OR finds articles with either word."""
        assert set(ids("手撕钢 OR 平遥")) == {articles["steel"].pk, articles["body_only"].pk}

    def test_title_ranks_above_body(self, articles):
        """An article with the words in its title comes before one that has them only in the body."""
        found = ids("太忻一体化")
        assert found[0] == articles["taixin"].pk
        assert found.index(articles["body_only"].pk) > 0

    def test_tags_are_searchable(self, articles):
        """Tag names are indexed."""
        assert ids("太钢") == [articles["steel"].pk]

    def test_newest_first(self, articles):
        """order='newest' sorts by publish time."""
        found = ids("太忻 OR 手撕钢", order="newest")
        assert found == [articles["body_only"].pk, articles["steel"].pk, articles["taixin"].pk]

    def test_candidates_restrict_results(self, articles):
        """Only candidate articles are returned (filters are ORM querysets)."""
        qs = Article.objects.published().filter(region__slug="jinzhong")
        assert ids("太忻", qs=qs) == [articles["body_only"].pk]

    def test_drafts_are_not_indexed(self, articles):
        """A draft is never found."""
        assert articles["draft"].pk not in ids("草稿 OR 太忻")

    def test_limit_offset_and_total(self, base_data):
        """Pages come from limit/offset; the total counts every match."""
        for n in range(25):
            make_article(f"测试文章第{n}篇", "高平市的新闻")
        backend = get_search_backend()
        first = backend.search(parse("高平"), Article.objects.published(), limit=10)
        third = backend.search(parse("高平"), Article.objects.published(), offset=20, limit=10)
        assert first.total == third.total == 25
        assert len(first.ids) == 10 and len(third.ids) == 5
        assert not set(first.ids) & set(third.ids)

    def test_hostile_queries_do_not_fail(self, articles):
        """Operators and quotes in the input are matched as text, never as syntax."""
        for raw in [
            "NEAR(太原",
            '"',
            "*",
            "'",
            "--",
            "太原' OR '1'='1",
            "c++",
            "a-b",
            "^太原",
            "太原:*",
            "!太原",
            "太原 <-> 忻州",
            "太原 & 忻州 | !",
            "\\'",
            "a.b.c",
            "1.2.3-4_5+6",
        ]:
            hits = get_search_backend().search(parse(raw), Article.objects.published())
            assert not hits.error, raw

    def test_add_replaces_and_delete_removes(self, articles):
        """add() of the same article replaces its entry; delete() removes it."""
        backend = get_search_backend()
        before = backend.count()
        from dayuan.search.index import document_for

        backend.add(document_for(articles["steel"]))
        assert backend.count() == before
        backend.delete(articles["steel"].pk)
        assert backend.count() == before - 1
        assert ids("手撕钢") == []

    def test_reset_index(self, articles):
        """reset_index() empties the index."""
        get_search_backend().reset_index()
        assert get_search_backend().count() == 0


@pytest.mark.django_db
class TestFastPath:
    """Unfiltered searches rank in the index alone; the results equal the joined query's."""

    def test_fast_and_joined_paths_agree(self, base_data):
        for n in range(45):
            make_article(f"长治新闻第{n}篇" + ("上党" * (n % 4)), "长治的消息" + "上党" * (n % 7))
        backend = get_search_backend()
        pages = {True: [], False: []}
        for narrow in pages:
            for offset in (0, 20, 40):
                hits = backend.search(
                    parse("上党"), Article.objects.published(), offset=offset, limit=20, narrow=narrow
                )
                assert hits.total == 43  # n = 0 and 28 have the word nowhere
                pages[narrow].extend(hits.ids)
        assert len(pages[False]) == len(set(pages[False])) == 43
        assert sorted(pages[False]) == sorted(pages[True])

    def test_fast_path_drops_articles_not_yet_due(self, base_data):
        import datetime

        from django.utils import timezone

        due = make_article("沁水新闻", "沁水")
        make_article("沁水预告", "沁水", published_at=timezone.now() + datetime.timedelta(days=1))
        hits = get_search_backend().search(parse("沁水"), Article.objects.published(), narrow=False)
        assert hits.ids == [due.pk] and hits.total == 1


@pytest.mark.django_db
def test_setting_picks_the_backend_and_a_mismatch_says_how_to_fix(settings):
    """DAYUAN_SEARCH names the backend like CACHES; a backend for another database fails loudly."""
    from django.core.exceptions import ImproperlyConfigured

    from dayuan.search.backends import BY_VENDOR, reset_backends

    other = next(path for vendor, path in BY_VENDOR.items() if vendor != connection.vendor)
    try:
        settings.DAYUAN_SEARCH = {"default": {"BACKEND": BY_VENDOR[connection.vendor]}}
        reset_backends()
        assert get_search_backend().vendor == connection.vendor
        settings.DAYUAN_SEARCH = {"default": {"BACKEND": other}}
        reset_backends()
        with pytest.raises(ImproperlyConfigured, match="DAYUAN_SEARCH"):
            get_search_backend()
        with pytest.raises(ImproperlyConfigured, match="no 'extra' backend"):
            get_search_backend("extra")
    finally:
        reset_backends()
