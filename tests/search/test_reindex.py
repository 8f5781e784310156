"""dayuan reindex: rebuilds everything, resumes after an interruption."""

import io

import pytest
from django.core.management import call_command

from dayuan.news.models import Article
from dayuan.search.backends import get_search_backend
from dayuan.search.models import ReindexProgress

from .conftest import make_article


@pytest.mark.django_db
def test_reindex_rebuilds(base_data):
    """Entries lost (e.g. after bulk updates) come back; non-public articles stay out."""
    for n in range(7):
        make_article(f"运城盐湖第{n}篇", "盐湖")
    make_article("草稿", "盐湖", status=Article.Status.DRAFT)
    get_search_backend().reset_index()
    out = io.StringIO()
    call_command("reindex", "--batch-size", "3", "--no-progress", stdout=out, stderr=io.StringIO())
    assert "共 7 篇" in out.getvalue()
    assert get_search_backend().count() == 7
    assert not ReindexProgress.objects.exists()


@pytest.mark.django_db
def test_reindex_resumes(base_data):
    """With progress left by an interrupted run, reindex continues after the last id."""
    made = [make_article(f"临汾新闻{n}", "尧都") for n in range(6)]
    backend = get_search_backend()
    backend.reset_index()
    ReindexProgress.objects.create(backend=type(backend).__name__, last_id=made[2].pk, total=6)
    out = io.StringIO()
    call_command("reindex", "--no-progress", stdout=out, stderr=io.StringIO())
    assert "继续" in out.getvalue()
    assert backend.count() == 3  # the first three were "done" before the interruption
    call_command("reindex", "--restart", "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    assert backend.count() == 6
