"""Ranking only the newest matches when a query word is very common: in Python (SQLite backend,
bm25 over the short fields) or with ts_rank (PostgreSQL)."""

import pytest
from django.db import connection

from dayuan.news.models import Article
from dayuan.search.backends import get_search_backend, reset_backends
from dayuan.search.backends.window import Row, count_phrase, idf, pair_fields, rank
from dayuan.search.query import make_term, parse

from .conftest import make_article

WEIGHTS = {"title": 10.0, "tags": 5.0, "summary": 3.0, "body": 1.0}


def test_count_phrase_counts_consecutive_tokens_only():
    assert count_phrase(["太原", "忻州", "太原", "忻州"], ("太原", "忻州")) == 2
    assert count_phrase(["太原", "的", "忻州"], ("太原", "忻州")) == 0
    assert count_phrase(["太原"], ("太原", "忻州")) == 0


def test_capped_count_gives_common_words_a_low_floor():
    """A word counted up to the cap weighs less than a rare one, and never zero or less."""
    assert 0 < idf(1_000_000, 2000) < idf(1_000_000, 10)
    assert idf(100, 100) > 0


def test_rank_title_over_tags_over_body_and_newer_on_ties():
    term = make_term("手撕钢")
    words = list(term.alternatives[0])
    title = ["太钢", "再创", "纪录"]

    def row(pk, title_words=title, tags=(), pairs=()):
        return Row(pk, {"title": list(title_words), "tags": list(tags), "summary": []}, {"title": list(pairs)})

    rows = [
        row(1),  # body only
        row(2, title_words=title + words),  # title
        row(3, tags=words),  # tags
        row(4),  # body only, newer
        row(5, pairs=["手撕", "撕钢"]),  # title pairs only
    ]
    assert term.grams == ("手撕", "撕钢")
    assert rank(rows, [term], {term: 1.0}, WEIGHTS, 0.1) == [2, 3, 5, 4, 1]


@pytest.fixture
def window_backend(settings):
    """The backend with every query ranked in the window (no word is rare enough to rank every match)."""
    settings.DAYUAN_SEARCH = {"default": {"COMMON_MATCHES": 1, "RANK_WINDOW": 3}}
    reset_backends()
    yield get_search_backend()
    reset_backends()


@pytest.mark.django_db
def test_window_ranks_the_newest_matches(base_data, window_backend):
    """Only the newest RANK_WINDOW matches are ranked; among them the title match comes first."""
    old_title = make_article("长治上党文化节开幕", "文化节")
    body_a = make_article("长治新闻一", "上党的消息")
    title = make_article("上党梆子进校园", "演出")
    body_b = make_article("长治新闻二", "上党的消息")
    ids = window_backend.top_ids(parse("上党"), 3)
    assert ids == [title.pk, body_b.pk, body_a.pk]
    assert old_title.pk not in ids


@pytest.mark.django_db
def test_window_path_serves_search_with_exclusion_and_total(base_data, window_backend):
    """The page's search goes through the window and keeps exclusions and the total."""
    for n in range(5):
        make_article(f"晋城新闻第{n}篇", "阳城" + ("沁水" if n % 2 else ""))
    hits = window_backend.search(parse("阳城 -沁水"), Article.objects.published(), limit=2, narrow=False)
    assert hits.total == 3 and len(hits.ids) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("common", [10_000, 1], ids=["bm25", "window"])
def test_total_counted_with_the_top_ids(base_data, settings, monkeypatch, common):
    """The total comes from the statement that found the top ids: exact below the cap, capped above it."""
    from dayuan.search.backends import base

    settings.DAYUAN_SEARCH = {"default": {"COMMON_MATCHES": common, "RANK_WINDOW": 3}}
    reset_backends()
    for n in range(30):
        make_article(f"阳城新闻第{n}篇", "沁河" if n % 3 else "")
    backend = get_search_backend()
    hits = backend.search(parse("阳城"), Article.objects.published(), limit=2, narrow=False)
    assert (hits.total, hits.total_capped, len(hits.ids)) == (30, False, 2)
    hits = backend.search(parse("阳城 沁河"), Article.objects.published(), limit=2, narrow=False)
    assert (hits.total, hits.total_capped) == (20, False)
    monkeypatch.setattr(base, "TOTAL_CAP", 25)
    hits = backend.search(parse("阳城"), Article.objects.published(), limit=2, narrow=False)
    assert (hits.total, hits.total_capped) == (25, True)
    reset_backends()


@pytest.mark.django_db
def test_window_leaves_the_planner_settings_of_the_callers_transaction_as_they_were(base_data, window_backend):
    """PostgreSQL: the newest matches are read through bitmap scans only (planner settings of a
    function's own statement); a search inside a caller's transaction leaves its settings alone."""
    if connection.vendor != "postgresql":
        pytest.skip("planner settings are PostgreSQL's")
    make_article("长治新闻一", "上党的消息")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
        assert window_backend.top_ids(parse("上党"), 3)
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')")
        assert cursor.fetchone() == ("on", "off")


def test_total_cap_covers_every_page_a_reader_can_open():
    """Counting stops at TOTAL_CAP, which must not cut the page count short."""
    from dayuan.search import services
    from dayuan.search.backends import base

    assert base.TOTAL_CAP >= services.MAX_PAGE * services.PAGE_SIZE


def test_pairs_are_read_only_where_they_can_count():
    """A field needs its pairs when the term's characters are in its words but no word form is."""
    term = make_term("乡村建设")
    words = list(term.alternatives[0])
    row = Row(1, {"title": ["建设", "数字", "乡村"], "tags": words, "summary": ["城市"]}, {})
    assert pair_fields(row, [term]) == {"title"}  # tags has the word itself; summary lacks the characters
    assert pair_fields(Row(2, {"title": ["建设", "新", "乡"]}, {}), [term]) == set()  # 村 is missing
