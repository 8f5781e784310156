"""One-step 保存并发布 and the article list's batch actions, through the admin over HTTP."""

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from dayuan.editorial.models import AuditLog
from dayuan.news.models import Article, Channel, Flag
from tests.editorial.test_admin import ADD, form

pytestmark = pytest.mark.django_db
S = Article.Status
LIST = "/admin/news/article/"


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_reviewer_saves_and_publishes_in_one_step(login, users):
    client = login(users["reviewer"])
    page = client.get(ADD).content.decode()
    assert 'name="_publish"' in page and "保存并发布" in page
    response = client.post(ADD, form(title="一步发布的稿件", _publish="保存并发布"))
    assert response.status_code == 302
    article = Article.objects.get(title="一步发布的稿件")
    assert article.status == S.PUBLISHED and article.published_at is not None
    assert response["Location"] == f"/admin/news/article/{article.pk}/change/"
    assert any("已保存并发布" in m for m in messages_of(response))
    assert list(AuditLog.objects.filter(article=article).values_list("action", flat=True)) == ["publish", "create"]

    # Published already: the button is gone from its form.
    assert 'name="_publish"' not in client.get(response["Location"]).content.decode()


def test_editor_has_no_publish_button_and_posting_it_only_saves(login, users, make_article):
    article = make_article()
    client = login(users["editor"])
    assert 'name="_publish"' not in client.get(f"{LIST}{article.pk}/change/").content.decode()
    response = client.post(f"{LIST}{article.pk}/change/", form(title="编辑改过的标题", _publish="1"))
    article.refresh_from_db()
    assert article.title == "编辑改过的标题" and article.status == S.DRAFT
    assert any("已保存，但没有发布" in m for m in messages_of(response))


def test_batch_publish_and_withdraw_go_through_the_services(login, users, make_article):
    drafts = [make_article(title=f"草稿{n}") for n in range(3)]
    client = login(users["reviewer"])
    response = client.post(LIST, {"action": "publish_selected", "_selected_action": [a.pk for a in drafts]})
    assert response.status_code == 302
    assert set(Article.objects.filter(pk__in=[a.pk for a in drafts]).values_list("status", flat=True)) == {S.PUBLISHED}
    assert AuditLog.objects.filter(action="publish").count() == 3
    assert any("已发布 3 篇" in m for m in messages_of(response))

    # One of them is a draft again: it is refused by name, the others are withdrawn.
    Article.objects.filter(pk=drafts[0].pk).update(status=S.DRAFT)
    response = client.post(LIST, {"action": "withdraw_selected", "_selected_action": [a.pk for a in drafts]})
    said = messages_of(response)
    assert any("已撤稿 2 篇" in m for m in said) and any("草稿0" in m and "不能撤稿" in m for m in said)
    assert Article.objects.filter(status=S.WITHDRAWN).count() == 2


def test_editors_are_not_offered_publish_or_withdraw(login, users, make_article):
    make_article()  # the action bar shows over a non-empty list
    page = login(users["editor"]).get(LIST).content.decode()
    assert "移动栏目" in page and "审核发布" not in page and 'value="withdraw_selected"' not in page


def test_batch_move_asks_for_the_channel_then_moves(login, users, make_article):
    articles = [make_article(title=f"要移动的{n}") for n in range(2)]
    client = login(users["chief"])
    selected = {"action": "move_channel", "_selected_action": [a.pk for a in articles]}
    page = client.post(LIST, selected)
    assert page.status_code == 200 and "移到栏目" in page.content.decode() and "要移动的1" in page.content.decode()
    target = Channel.objects.exclude(slug="gsyl").first()
    response = client.post(LIST, {**selected, "apply": "确定", "channel": target.pk})
    assert response.status_code == 302
    assert set(Article.objects.filter(pk__in=[a.pk for a in articles]).values_list("channel", flat=True)) == {target.pk}
    assert AuditLog.objects.filter(action="move").count() == 2


def test_batch_place_adds_slots_and_keeps_the_old_ones(login, users, make_article):
    toutiao, huandeng = Flag.objects.get(slug="toutiao"), Flag.objects.get(slug="huandeng")
    article = make_article(status=S.PUBLISHED, published_at=timezone.now())
    article.flags.add(toutiao)
    client = login(users["chief"])
    response = client.post(
        LIST, {"action": "place_in_slots", "_selected_action": [article.pk], "apply": "确定", "flags": [huandeng.pk]}
    )
    assert response.status_code == 302
    assert set(article.flags.values_list("slug", flat=True)) == {"toutiao", "huandeng"}
    entry = AuditLog.objects.get(action="place")
    assert entry.get_action_display() == "设推荐位" and "幻灯" in entry.summary
