"""The write services: counters stay equal to the approved comments; page caches hear about changes."""

import pytest

from dayuan.editorial.models import AuditLog
from dayuan.engage import services
from dayuan.engage.models import Comment, Complaint
from dayuan.news.models import Article
from dayuan.news.signals import article_changed, article_page_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def changes():
    """What news.signals heard: (article id, reason) for pages, (article id, change) for articles."""
    seen = []

    def page_changed(sender, article, reason, **kwargs):
        seen.append((article.pk, reason))

    def changed(sender, article, change, **kwargs):
        seen.append((article.pk, change))

    article_page_changed.connect(page_changed)
    article_changed.connect(changed)
    yield seen
    article_page_changed.disconnect(page_changed)
    article_changed.disconnect(changed)


def test_moderation_recounts_and_signals_the_page(article, changes, django_capture_on_commit_callbacks):
    comments = [Comment.objects.create(article=article, content=f"评论{n}", ip_hash="h") for n in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.moderate(comments, Comment.Status.APPROVED) == 2
    article.refresh_from_db()
    assert article.comment_count == 2 and changes == [(article.pk, "comments")]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.moderate(comments[:1], Comment.Status.APPROVED) == 0  # already approved: no change
        services.moderate(comments[:1], Comment.Status.SPAM)
    article.refresh_from_db()
    assert article.comment_count == 1 and Comment.objects.count() == 2


def test_pending_comment_changes_no_page(article, changes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(article, content="待审核的评论", ip_hash="h")
    assert changes == []


def test_withdraw_and_restore_close_complaints(article, admin_user, changes, django_capture_on_commit_callbacks):
    complaint = Complaint.objects.create(article=article, reason="other", contact="x", details="请处理", ip_hash="h")
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(article, user=admin_user, complaints=[complaint])
    assert Article.objects.get(pk=article.pk).status == Article.Status.WITHDRAWN
    complaint.refresh_from_db()
    assert (complaint.status, complaint.handled_by) == (Complaint.Status.WITHDRAWN, admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.restore(article, user=admin_user)
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED
    assert changes == [(article.pk, "withdrawn"), (article.pk, "restored")]
    # Through the newsroom's workflow: audit log and revisions, like an editor's withdraw.
    assert list(AuditLog.objects.filter(article=article).values_list("action", "actor")) == [
        ("republish", admin_user.pk),
        ("withdraw", admin_user.pk),
    ]


def test_the_complaint_queue_needs_the_right_to_withdraw(article, django_user_model):
    """A staff user without the newsroom's publish permission can't take an article down from here."""
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    complaint = Complaint.objects.create(article=article, reason="other", contact="x", details="请处理", ip_hash="h")
    with pytest.raises(services.EngageError, match="没有撤稿的权限"):
        services.withdraw(article, user=clerk, complaints=[complaint])
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.PENDING
