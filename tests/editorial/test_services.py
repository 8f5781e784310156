from datetime import timedelta

import pytest
from django.utils import timezone

from dayuan.editorial import services
from dayuan.editorial.models import AuditLog
from dayuan.news.models import Article
from dayuan.tasks.worker import run_once

pytestmark = pytest.mark.django_db
S = Article.Status


def test_full_workflow_with_audit(users, make_article):
    """draft → review → published → withdrawn, each step logged with who did it."""
    article = make_article()
    article = services.submit(article, by=users["editor"])
    assert article.status == S.REVIEW
    article = services.publish(article, by=users["reviewer"])
    assert article.status == S.PUBLISHED and article.published_at is not None
    article = services.withdraw(article, by=users["reviewer"], comment="信息有误")
    assert Article.objects.get(pk=article.pk).status == S.WITHDRAWN
    log = list(AuditLog.objects.filter(article=article).order_by("id").values_list("action", "actor__username"))
    assert log == [("submit", "editor"), ("publish", "reviewer"), ("withdraw", "reviewer")]


def test_editor_cannot_publish_withdraw_or_schedule(users, make_article):
    """The service refuses, with a Chinese message, whatever the caller shows."""
    article = make_article(status=S.REVIEW)
    for call in (
        lambda: services.publish(article, by=users["editor"]),
        lambda: services.withdraw(article, by=users["editor"]),
        lambda: services.schedule(article, by=users["editor"], when=timezone.now() + timedelta(days=1)),
        lambda: services.reject(article, by=users["editor"], comment="x"),
    ):
        with pytest.raises(services.WorkflowError, match="权限"):
            call()
    assert Article.objects.get(pk=article.pk).status == S.REVIEW
    with pytest.raises(services.WorkflowError, match="权限"):
        services.submit(make_article(), by=users["nobody"])


def test_reject_needs_a_comment_and_returns_to_draft(users, make_article):
    article = make_article(status=S.REVIEW)
    with pytest.raises(services.WorkflowError, match="退回意见"):
        services.reject(article, by=users["reviewer"], comment="  ")
    services.reject(article, by=users["reviewer"], comment="标题太长，请改短")
    assert Article.objects.get(pk=article.pk).status == S.DRAFT
    assert AuditLog.objects.get(action="reject").comment == "标题太长，请改短"


def test_wrong_state_is_refused(users, make_article):
    published = make_article(status=S.PUBLISHED, published_at=timezone.now())
    with pytest.raises(services.WorkflowError, match="已发布"):
        services.submit(published, by=users["editor"])
    with pytest.raises(services.WorkflowError, match="草稿"):
        services.withdraw(make_article(), by=users["reviewer"])


def test_scheduled_time_in_the_past_is_refused(users, make_article):
    article = make_article(status=S.REVIEW)
    now = timezone.now()
    with pytest.raises(services.WorkflowError, match="已经过去"):
        services.schedule(article, by=users["reviewer"], when=now - timedelta(minutes=5), now=now)
    assert Article.objects.get(pk=article.pk).status == S.REVIEW


def test_scheduled_publishing_runs_in_the_worker(users, make_article):
    """The worker publishes a scheduled article once its time has come, not before."""
    article = make_article(status=S.REVIEW)
    now = timezone.now()
    when = now + timedelta(hours=2)
    services.schedule(article, by=users["reviewer"], when=when, now=now)
    run_once(now + timedelta(hours=1))
    article.refresh_from_db()
    assert article.status == S.SCHEDULED and not Article.objects.published().filter(pk=article.pk).exists()
    run_once(when + timedelta(minutes=1))
    article.refresh_from_db()
    assert article.status == S.PUBLISHED and article.published_at == when
    assert AuditLog.objects.filter(article=article, action="auto_publish", actor=None).exists()


def test_admin_role_can_do_everything(users, make_article):
    article = services.submit(make_article(), by=users["chief"])
    assert services.publish(article, by=users["chief"]).status == S.PUBLISHED


def test_republish_move_and_delete_are_checked_and_logged(users, make_article):
    """The rest of an article's life goes through the same service: permission, state, audit log."""
    from dayuan.news.models import Region

    article = services.publish(make_article(), by=users["reviewer"])
    with pytest.raises(services.WorkflowError, match="不能恢复上线"):
        services.republish(article, by=users["reviewer"])
    services.withdraw(article, by=users["reviewer"])
    with pytest.raises(services.WorkflowError, match="没有恢复文章上线的权限"):
        services.republish(article, by=users["editor"])
    article = services.republish(article, by=users["reviewer"], comment="核实无误")
    assert Article.objects.get(pk=article.pk).status == S.PUBLISHED
    with pytest.raises(services.WorkflowError, match="没有修改这篇文章的权限"):
        services.move(article, by=users["editor"], region=Region.objects.get(slug="datong"))
    article = services.move(article, by=users["reviewer"], region=Region.objects.get(slug="datong"))
    assert Article.objects.get(pk=article.pk).region.slug == "datong"
    with pytest.raises(services.WorkflowError, match="没有删除文章的权限"):
        services.delete(article, by=users["reviewer"])
    services.delete(article, by=users["chief"])
    assert not Article.objects.filter(pk=article.pk).exists()
    actions = list(AuditLog.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["publish", "withdraw", "republish", "move", "delete"]
    assert AuditLog.objects.get(action="delete").summary == f"测试文章（#{article.pk}）"
