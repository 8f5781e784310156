"""The editorial workflow: every state change of an article goes through these functions.

Each function checks the acting user's permission itself, locks the article's row,
saves it (which keeps a revision and sends news.signals.article_changed, so the search
index, the baked pages and the content version follow in the same transaction) and
writes the audit log. The admin, the complaint queue (engage), the CLI and any future
API are held to the same rules, whatever buttons they show. A refused action raises
WorkflowError with a message for the user, in Chinese.

    draft ──submit──▶ review ──publish──▶ published ──withdraw──▶ withdrawn ──republish──▶ published
      ▲                 │ └──schedule──▶ scheduled ──(worker)──▶ published
      └─────reject──────┘
    any ──move──▶ another channel or region;  any ──place──▶ home-page slots;  any ──delete──▶ gone
"""

from django.db import transaction
from django.utils import timezone

from dayuan.news.models import Article

from .editor import add_srcset
from .models import AuditLog
from .revisions import apply_snapshot, record_revision, refresh_revision

S = Article.Status
SUBMIT_PERM = "editorial.submit_article"
PUBLISH_PERM = "editorial.publish_article"


class WorkflowError(Exception):
    """A refused editorial action; str(error) is the message to show the user."""


class WorkflowPermissionError(WorkflowError):
    """Refused because of who asks, not because of the article's state (the API answers 403)."""


def _require(user, perm, message):
    if user is None or not user.is_active or not user.has_perm(perm):
        raise WorkflowPermissionError(message)


def _require_status(article, allowed, action):
    if article.status not in allowed:
        raise WorkflowError(f"文章当前状态为“{article.get_status_display()}”，不能{action}。")


def log(actor, action, article=None, comment="", summary=""):
    return AuditLog.objects.create(
        actor=actor,
        action=action,
        article=article,
        comment=comment,
        summary=(summary or (article.title if article else ""))[:300],
    )


def _lock(article):
    """Re-read the article inside the transaction, so two reviewers can't both act on it."""
    return Article.objects.select_for_update().get(pk=article.pk)


def can_edit(user, article):
    """Editors change drafts and articles in review; live or scheduled ones need a reviewer."""
    if not user.has_perm("news.change_article"):
        return False
    if article is None or article.status not in (S.PUBLISHED, S.SCHEDULED):
        return True
    return user.has_perm(PUBLISH_PERM)


@transaction.atomic
def submit(article, by):
    _require(by, SUBMIT_PERM, "你没有提交审核的权限。")
    article = _lock(article)
    _require_status(article, (S.DRAFT, S.WITHDRAWN), "提交审核")
    article.status = S.REVIEW
    article._revision_user = by
    article.save(update_fields=["status", "updated_at"])
    log(by, "submit", article)
    return article


@transaction.atomic
def publish(article, by, now=None):
    """Approve and publish now."""
    _require(by, PUBLISH_PERM, "你没有发布文章的权限，请提交审核，由审核人员发布。")
    article = _lock(article)
    _require_status(article, (S.DRAFT, S.REVIEW, S.SCHEDULED, S.WITHDRAWN), "发布")
    now = now or timezone.now()
    article.status = S.PUBLISHED
    if article.published_at is None or article.published_at > now:
        article.published_at = now
    article._revision_user = by
    article.save(update_fields=["status", "published_at", "updated_at"])
    log(by, "publish", article)
    return article


approve = publish


@transaction.atomic
def reject(article, by, comment):
    """Send an article in review back to its writer, saying why."""
    _require(by, PUBLISH_PERM, "你没有审核文章的权限。")
    comment = (comment or "").strip()
    if not comment:
        raise WorkflowError("退回时请填写退回意见，告诉作者需要修改什么。")
    article = _lock(article)
    _require_status(article, (S.REVIEW, S.SCHEDULED), "退回")
    article.status = S.DRAFT
    article._revision_user = by
    article.save(update_fields=["status", "updated_at"])
    log(by, "reject", article, comment=comment)
    return article


@transaction.atomic
def withdraw(article, by, comment=""):
    """Take a published (or scheduled) article off the site; it is kept, never deleted."""
    _require(by, PUBLISH_PERM, "你没有撤稿的权限。")
    article = _lock(article)
    _require_status(article, (S.PUBLISHED, S.SCHEDULED), "撤稿")
    article.status = S.WITHDRAWN
    article._revision_user = by
    article.save(update_fields=["status", "updated_at"])
    log(by, "withdraw", article, comment=(comment or "").strip())
    return article


@transaction.atomic
def republish(article, by, comment="", now=None):
    """Put a withdrawn article back on the site (the complaint queue's 恢复文章)."""
    _require(by, PUBLISH_PERM, "你没有恢复文章上线的权限。")
    article = _lock(article)
    _require_status(article, (S.WITHDRAWN,), "恢复上线")
    article.status = S.PUBLISHED
    if article.published_at is None:
        article.published_at = now or timezone.now()
    article._revision_user = by
    article.save(update_fields=["status", "published_at", "updated_at"])
    log(by, "republish", article, comment=(comment or "").strip())
    return article


@transaction.atomic
def move(article, by, channel=None, region=None):
    """Put the article in another channel and/or region: its address changes (the old one redirects)."""
    article = _lock(article)
    if not can_edit(by, article):
        raise WorkflowError("你没有修改这篇文章的权限（已发布或定时发布的文章需由审核人员修改）。")
    old = f"{article.channel.name}/{article.region.short_name}"
    article.channel = channel or article.channel
    article.region = region or article.region
    article._revision_user = by
    article.save(update_fields=["channel", "region", "updated_at"])
    log(by, "move", article, summary=f"{article.title}（{old} → {article.channel.name}/{article.region.short_name}）")
    return article


@transaction.atomic
def place(article, by, flags):
    """Put the article in home-page slots (推荐位) too; it keeps the ones it is in."""
    article = _lock(article)
    if not can_edit(by, article):
        raise WorkflowError("你没有修改这篇文章的权限（已发布或定时发布的文章需由审核人员修改）。")
    article.flags.add(*flags)
    article._revision_user = by
    article.save(update_fields=["updated_at"])  # news.signals: the pages showing the slots follow
    log(by, "place", article, summary=f"{article.title}（{'、'.join(flag.name for flag in flags)}）")
    return article


@transaction.atomic
def delete(article, by):
    """Delete the article for good (withdrawing keeps it); the audit log keeps its title."""
    _require(by, "news.delete_article", "你没有删除文章的权限。")
    article = _lock(article)
    log(by, "delete", None, summary=f"{article.title}（#{article.pk}）")
    article.delete()


@transaction.atomic
def schedule(article, by, when, now=None):
    """Publish at a future time; the worker carries it out."""
    _require(by, PUBLISH_PERM, "你没有定时发布的权限。")
    now = now or timezone.now()
    if when is None:
        raise WorkflowError("请填写定时发布的时间。")
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    if when <= now:
        raise WorkflowError(
            f"定时发布时间 {timezone.localtime(when):%Y-%m-%d %H:%M} 已经过去，请选择晚于现在的时间，或直接发布。"
        )
    article = _lock(article)
    _require_status(article, (S.DRAFT, S.REVIEW, S.SCHEDULED, S.WITHDRAWN), "定时发布")
    article.status = S.SCHEDULED
    article.published_at = when
    article._revision_user = by
    article.save(update_fields=["status", "published_at", "updated_at"])
    log(by, "schedule", article, summary=f"{article.title}（{timezone.localtime(when):%Y-%m-%d %H:%M}）")
    return article


def publish_due(now=None):
    """Publish every scheduled article whose time has come; returns how many."""
    now = now or timezone.now()
    count = 0
    for pk in Article.objects.filter(status=S.SCHEDULED, published_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            # Locked and re-read: a second worker, or an editor acting meanwhile, finds it changed.
            article = Article.objects.select_for_update().filter(pk=pk, status=S.SCHEDULED).first()
            if article is not None:
                article.status = S.PUBLISHED
                article._revision_note = "定时发布"
                article.save(update_fields=["status", "updated_at"])  # news.signals: "published"
                log(None, "auto_publish", article)
                count += 1
    return count


@transaction.atomic
def restore(revision, by):
    """Put a revision's content back as a new revision; the article's status does not change.

    Restoring never re-publishes: a withdrawn article stays withdrawn.
    """
    article = _lock(revision.article)
    if not can_edit(by, article):
        raise WorkflowError("你没有修改这篇文章的权限（已发布或定时发布的文章需由审核人员修改）。")
    apply_snapshot(article, revision.snapshot)
    article._revision_user = by
    article._revision_note = f"恢复自第{revision.number}版"
    article._revision_force = True
    article.save()
    log(by, "restore", article, summary=f"{article.title}（恢复自第{revision.number}版）")
    message = f"已恢复到第{revision.number}版的内容，并保存为新版本。"
    if article.status == S.WITHDRAWN:
        message += "文章仍为“已撤稿”状态，不会重新上线；如需上线，请重新提交审核。"
    return article, message


# --- drafts: what the back office's save does, for callers without a form (the API) ---------------


def _finish_edit(article, by, tags, action):
    if tags is not None:
        article.set_tags(tags)
    revision = getattr(article, "_new_revision", None)
    if revision is not None:
        refresh_revision(revision, article, by)  # the revision made by save() gets the new tags
    else:
        record_revision(article, by)
    log(by, action, article)


def _save_checked(article, by):
    article.body = add_srcset(article.body)
    article.full_clean(exclude=["cover", "city", "published_at", "collected_at"])
    article._revision_user = by
    article.save()


@transaction.atomic
def create_draft(by, fields, tags=None):
    """A new draft, saved with a revision and an audit entry; raises ValidationError on bad fields."""
    _require(by, "news.add_article", "你没有新建文章的权限。")
    article = Article(**fields)
    article.status = S.DRAFT
    _save_checked(article, by)
    _finish_edit(article, by, tags, "create")
    return article


@transaction.atomic
def edit(article, by, fields, tags=None):
    """Change an article's content (never its status) as the back office's save does."""
    article = _lock(article)
    if by is None or not by.is_active or not can_edit(by, article):
        raise WorkflowPermissionError("你没有修改这篇文章的权限（已发布或定时发布的文章需由审核人员修改）。")
    for name, value in fields.items():
        setattr(article, name, value)
    _save_checked(article, by)
    _finish_edit(article, by, tags, "edit")
    return article
