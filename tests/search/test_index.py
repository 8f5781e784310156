"""The index follows article writes inside the same transaction."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from dayuan.news.models import Article, Tag
from dayuan.search.backends import get_search_backend
from dayuan.search.query import parse

from .conftest import make_article


def found(query):
    return get_search_backend().search(parse(query), Article.objects.published()).ids


@pytest.mark.django_db
def test_publish_edit_withdraw_delete(base_data):
    """Publishing adds, editing re-indexes, withdrawing and deleting remove."""
    article = make_article("平遥古城灯会开幕", "灯会持续十天", status=Article.Status.DRAFT)
    assert found("灯会") == []
    article.status = Article.Status.PUBLISHED
    article.save()
    assert found("灯会") == [article.pk]
    article.title = "平遥古城庙会开幕"
    article.body = "<p>庙会持续十天</p>"
    article.save()
    assert found("灯会") == [] and found("庙会") == [article.pk]
    article.status = Article.Status.WITHDRAWN
    article.save()
    assert found("庙会") == []
    article.status = Article.Status.PUBLISHED
    article.save()
    pk = article.pk
    article.delete()
    assert found("庙会") == []
    assert pk not in found("平遥")


@pytest.mark.django_db
def test_tag_changes_reindex(base_data):
    """Setting tags, and renaming a tag, update the article's entry."""
    article = make_article("一则新闻", "正文")
    article.set_tags(["云冈石窟"])
    assert found("云冈石窟") == [article.pk]
    tag = Tag.objects.get(name="云冈石窟")
    tag.name = "悬空寺"
    tag.save()
    assert found("悬空寺") == [article.pk] and found("云冈石窟") == []
    article.set_tags([])
    assert found("悬空寺") == []


@pytest.mark.django_db(transaction=True)
def test_rolled_back_write_leaves_no_entry(base_data):
    """The index write rolls back with the article write."""
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            make_article("壶口瀑布冰挂", "冰挂奇观")
            raise RuntimeError("abort")
    assert found("冰挂") == []


@pytest.mark.django_db
def test_scheduled_article_appears_when_due(base_data):
    """A published article with a future time is indexed but shown only from its time on."""
    article = make_article("五台山国际旅游月", "旅游月", published_at=timezone.now() + datetime.timedelta(days=1))
    assert found("旅游月") == []
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - datetime.timedelta(minutes=1))
    assert found("旅游月") == [article.pk]


@pytest.mark.django_db
def test_words_cut_before_a_tag_existed_are_still_found(base_data):
    """An article indexed before its word became a tag is found after the word joins the dictionary."""
    old = make_article("晋祠博物馆推出夜游", "晋祠夜游很受欢迎")
    make_article("另一篇", "正文", tags=["晋祠夜游"])
    assert old.pk in found("晋祠夜游")


@pytest.mark.django_db
def test_tags_add_and_clear_reindex(base_data):
    """article.tags.add()/clear() (bulk writes without post_save) update the entry too."""
    article = make_article("又一则新闻", "正文")
    tag = Tag.objects.create(name="壶口瀑布")
    article.tags.add(tag)
    assert found("壶口瀑布") == [article.pk]
    article.tags.clear()
    assert found("壶口瀑布") == []
    tag.articles.add(article)
    assert found("壶口瀑布") == [article.pk]
    tag.articles.clear()
    assert found("壶口瀑布") == []
