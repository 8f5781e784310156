"""Acceptance on the imported seed article (4597)."""

import pytest

from dayuan.portal.demo import load_demo
from dayuan.search import services

FIRST_FOR = ["太忻", "太忻一体化", "忻州 经济区", '"雄忻高铁"', "朱晓东", "姚青林 手撕钢"]


@pytest.fixture
def corpus(seed_article):
    load_demo()
    return seed_article


@pytest.mark.django_db
@pytest.mark.parametrize("q", FIRST_FOR)
def test_seed_is_first(corpus, q):
    """The seed article is the first result for each acceptance query."""
    result = services.search(q)
    assert result.results and result.results[0].article.pk == 4597


@pytest.mark.django_db
def test_exclusion_drops_seed(corpus):
    """太忻 -忻州 does not return the seed article."""
    assert 4597 not in [row.article.pk for row in services.search("太忻 -忻州").results]
