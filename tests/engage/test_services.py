"""The write services: counters stay equal to the approved comments; page caches hear about changes."""

import pytest

from dayuan.engage import services
from dayuan.engage.models import Comment, Complaint
from dayuan.news.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def changes():
    seen = []

    def receiver(sender, article, reason, **kwargs):
        seen.append((article.pk, reason))

    services.article_changed.connect(receiver)
    yield seen
    services.article_changed.disconnect(receiver)


def test_moderation_recounts_and_signals_after_commit(article, changes, django_capture_on_commit_callbacks):
    comments = [Comment.objects.create(article=article, content=f"评论{n}", ip_hash="h") for n in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.moderate(comments, Comment.Status.APPROVED) == 2
    article.refresh_from_db()
    assert article.comment_count == 2 and changes == [(article.pk, "comment")]
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
