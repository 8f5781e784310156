"""Writes for readers' voice: views, the admin and the CLI all call these.

A refusal is an EngageError carrying the Chinese message and the HTTP status.
Each write is committed before the function returns, so a view that says
"done" says it about committed data.
"""

import hashlib
import re
from datetime import timedelta

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from dayuan.core.models import SiteSettings
from dayuan.editorial import services as workflow
from dayuan.news.models import Article
from dayuan.news.signals import article_page_changed

from . import counters, limits, wordfilter
from .models import BannedIP, Comment, Complaint, Like

CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
DEFAULT_NICKNAME = "网友"
DUPLICATE_SECONDS = 86400


class EngageError(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def has_control_chars(text):
    return bool(CONTROL_RE.search(text or ""))


def _comments_changed(article):
    """Its approved comments (list and count) changed: said in the change's transaction."""
    article_page_changed.send(sender=Comment, article=article, reason="comments")


def accepting_article(pk):
    """The article a reader may comment on, like or complain about; else EngageError."""
    article = Article.objects.filter(pk=pk).select_related("channel", "region").first()
    if article is None:
        raise EngageError("文章不存在。", 404)
    if article.status == Article.Status.WITHDRAWN:
        raise EngageError("该文章已撤稿，不能再评论或点赞。", 410)
    if not article.is_public:
        raise EngageError("文章不存在。", 404)
    return article


def check_banned(ip_hash):
    key = f"engage:ban:{ip_hash}"
    banned = cache.get(key)
    if banned is None:
        banned = BannedIP.objects.filter(ip_hash=ip_hash).exists()
        cache.set(key, banned, 60)
    if banned:
        raise EngageError("您的网络地址已被禁止发言，如有疑问请联系站长。", 403)


def post_comment(article, *, content, nickname="", ip_hash, user_agent=""):
    """Store a comment; returns it (status pending or approved). Raises EngageError."""
    content = (content or "").strip()
    nickname = (nickname or "").strip() or DEFAULT_NICKNAME
    if has_control_chars(content) or has_control_chars(nickname):
        raise EngageError("评论内容或昵称包含无法显示的控制字符，请删除后再提交。")
    check_banned(ip_hash)
    if not limits.hit("comment-ip", ip_hash, "DAYUAN_COMMENT_RATE"):
        raise EngageError("评论太频繁，请稍后再试。", 429)
    if not limits.hit("comment-article", article.pk, "DAYUAN_COMMENT_ARTICLE_RATE"):
        raise EngageError("这篇文章的评论太多，请稍后再试。", 429)

    name_check = wordfilter.check(nickname)
    if name_check.blocked:
        raise EngageError("昵称包含不允许使用的词语，请修改后再提交。")
    text_check = wordfilter.check(content)
    if text_check.blocked:
        raise EngageError("评论包含不允许发布的内容，请修改后再提交。")

    digest = hashlib.sha256(f"{ip_hash}\n{content}".encode()).hexdigest()[:32]
    # The cache key closes the race between two identical concurrent posts;
    # the query covers what the cache forgot.
    if (
        not cache.add(f"engage:dup:{digest}", 1, DUPLICATE_SECONDS)
        or Comment.objects.filter(
            ip_hash=ip_hash,
            content=text_check.text,
            created_at__gte=timezone.now() - timedelta(seconds=DUPLICATE_SECONDS),
        ).exists()
    ):
        raise EngageError("请不要重复发表相同的评论。", 409)

    review = text_check.needs_review or name_check.needs_review
    moderated = SiteSettings.load().comments_moderated
    status = Comment.Status.PENDING if (moderated or review) else Comment.Status.APPROVED
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                article=article,
                nickname=name_check.text[:30],
                content=text_check.text,
                status=status,
                ip_hash=ip_hash,
                user_agent=user_agent[:300],
                flagged_words="、".join(text_check.words + name_check.words)[:200],
            )
            if status == Comment.Status.APPROVED:
                _count_approved(article.pk, +1)
                _comments_changed(article)
    except Exception:
        cache.delete(f"engage:dup:{digest}")
        raise
    return comment


def _count_approved(article_id, delta):
    Article.objects.filter(pk=article_id).update(comment_count=F("comment_count") + delta)
    if delta > 0:
        counters.bump_daily(article_id, comments=delta)


def moderate(comments, status, user=None):
    """Set the status of these comments; keeps Article.comment_count equal to the approved ones."""
    changed = 0
    with transaction.atomic():
        rows = list(Comment.objects.select_for_update().filter(pk__in=[c.pk for c in comments]))
        now = timezone.now()
        touched = set()
        for comment in rows:
            if comment.status == status:
                continue
            was_approved = comment.status == Comment.Status.APPROVED
            comment.status, comment.moderated_at, comment.moderated_by = status, now, user
            comment.save(update_fields=["status", "moderated_at", "moderated_by"])
            if status == Comment.Status.APPROVED:
                counters.bump_daily(comment.article_id, comments=1)
            if was_approved or status == Comment.Status.APPROVED:
                touched.add(comment.article_id)
            changed += 1
        for article in Article.objects.filter(pk__in=touched):
            recount(article)
            _comments_changed(article)
    return changed


def comment_edited(comment):
    """An approved comment's text changed in the admin's form: its article's page follows."""
    _comments_changed(Article.objects.get(pk=comment.article_id))


def recount(article):
    approved = Comment.objects.filter(article=article, status=Comment.Status.APPROVED).count()
    Article.objects.filter(pk=article.pk).update(comment_count=approved)
    article.comment_count = approved


def ban(ip_hashes, user=None, reason=""):
    created = 0
    for ip_hash in set(ip_hashes):
        _, new = BannedIP.objects.get_or_create(ip_hash=ip_hash, defaults={"created_by": user, "reason": reason})
        created += new
        cache.delete(f"engage:ban:{ip_hash}")
    return created


def forget_bans(ip_hashes):
    for ip_hash in ip_hashes:
        cache.delete(f"engage:ban:{ip_hash}")


def like(article, *, visitor, ip_hash):
    """Record a like; returns (created, like_count)."""
    check_banned(ip_hash)
    if Like.objects.filter(article=article, visitor=visitor).exists():
        return False, Article.objects.values_list("like_count", flat=True).get(pk=article.pk)
    if not limits.hit("like-ip", ip_hash, "DAYUAN_LIKE_RATE"):
        raise EngageError("点赞太频繁，请稍后再试。", 429)
    if not limits.hit("like-article", article.pk, "DAYUAN_LIKE_ARTICLE_RATE"):
        raise EngageError("这篇文章的点赞太多，请稍后再试。", 429)
    # A fresh cookie is a new visitor: one IP's likes of one article are bounded too.
    if not limits.hit("like-ip-article", f"{ip_hash}:{article.pk}", "DAYUAN_LIKE_IP_ARTICLE_RATE"):
        raise EngageError("您所在的网络今天已多次点赞这篇文章，明天再来吧。", 429)
    try:
        with transaction.atomic():
            Like.objects.create(article=article, visitor=visitor, ip_hash=ip_hash)
            Article.objects.filter(pk=article.pk).update(like_count=F("like_count") + 1)
            counters.bump_daily(article.pk, likes=1)
        created = True
    except IntegrityError:  # the same visitor's double click, raced
        created = False
    return created, Article.objects.values_list("like_count", flat=True).get(pk=article.pk)


def file_complaint(article, *, reason, contact, details, ip_hash, user_agent=""):
    contact, details = contact.strip(), details.strip()
    if has_control_chars(contact) or has_control_chars(details):
        raise EngageError("内容包含无法显示的控制字符，请删除后再提交。")
    if not limits.hit("complaint-ip", ip_hash, "DAYUAN_COMPLAINT_RATE"):
        raise EngageError("提交太频繁，请稍后再试。", 429)
    if not limits.hit("complaint-article", article.pk if article else 0, "DAYUAN_COMPLAINT_ARTICLE_RATE"):
        raise EngageError("这篇文章的投诉已经很多，站长正在处理，请稍后再试。", 429)
    checked = wordfilter.check(details)
    if checked.blocked:
        raise EngageError("说明中包含不允许提交的内容，请修改后再提交。")
    contact_checked = wordfilter.check(contact)
    with transaction.atomic():
        return Complaint.objects.create(
            article=article,
            reason=reason,
            contact=contact_checked.text[:100],
            details=checked.text,
            ip_hash=ip_hash,
            user_agent=user_agent[:300],
        )


def withdraw(article, user=None, complaints=()):
    """Withdraw an article (kept, status withdrawn, its page answers 410) through the newsroom's
    workflow (permission, lock, revision, audit log), and close the complaints about it."""
    with transaction.atomic():
        if article.status != Article.Status.WITHDRAWN:
            _workflow(workflow.withdraw, article, user, complaints)
        _close(complaints, Complaint.Status.WITHDRAWN, user)


def restore(article, user=None, complaints=()):
    """Put a withdrawn article back on the site through the newsroom's workflow."""
    with transaction.atomic():
        if article.status != Article.Status.PUBLISHED:
            _workflow(workflow.republish, article, user, complaints)
        _close(complaints, Complaint.Status.RESTORED, user)


def _workflow(action, article, user, complaints):
    note = "；".join(f"投诉#{c.pk}" for c in complaints)
    try:
        updated = action(article, by=user, comment=f"处理读者投诉 {note}".strip())
    except workflow.WorkflowError as error:
        raise EngageError(str(error)) from None
    article.status, article.published_at = updated.status, updated.published_at


def close_complaints(complaints, status, user=None):
    _close(complaints, status, user)


def _close(complaints, status, user):
    ids = [c.pk for c in complaints]
    if ids:
        Complaint.objects.filter(pk__in=ids).update(status=status, handled_at=timezone.now(), handled_by=user)
