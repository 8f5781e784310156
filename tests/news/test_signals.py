"""news.signals: every save or delete of an article says what happened, in the same transaction."""

import pytest
from django.db import transaction

from dayuan.core import memo
from dayuan.news.models import Article, Region
from dayuan.news.signals import Change, article_changed
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status


@pytest.fixture
def heard():
    seen = []

    def receiver(sender, article, change, **kwargs):
        seen.append(change)

    article_changed.connect(receiver)
    yield seen
    article_changed.disconnect(receiver)


def save(article, **fields):
    for name, value in fields.items():
        setattr(article, name, value)
    article.save()


def test_each_kind_of_change_is_named(base_data, heard):
    article = make_article(status=S.DRAFT)
    save(article, title="改过的标题")
    save(article, status=S.PUBLISHED)
    save(article, region=Region.objects.get(slug="datong"))
    save(article, status=S.WITHDRAWN)
    save(article, status=S.PUBLISHED)
    save(article, status=S.DRAFT)
    article.delete()
    assert heard == [
        Change.CHANGED,
        Change.CHANGED,
        Change.PUBLISHED,
        Change.MOVED,
        Change.WITHDRAWN,
        Change.RESTORED,
        Change.WITHDRAWN,
        Change.DELETED,
    ]


def test_counter_saves_say_nothing(base_data, heard):
    article = make_article()
    heard.clear()
    article.view_count = 7
    article.save(update_fields=["view_count"])
    assert heard == []


def test_a_change_moves_the_content_version_in_its_own_transaction(base_data):
    article = make_article()
    before = memo.current_version()
    with transaction.atomic():
        save(article, title="新标题")
        assert memo.current_version() != before
        transaction.set_rollback(True)
    assert memo.current_version() == before
