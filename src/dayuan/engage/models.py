"""Readers' voice: comments, likes, daily counters, sensitive words, bans, complaints.

Nothing here is deleted by moderation: comments and complaints keep a status.
"""

from django.conf import settings
from django.db import models

from dayuan.news.models import Article


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已通过"
        REJECTED = "rejected", "已拒绝"
        SPAM = "spam", "垃圾评论"

    article = models.ForeignKey(Article, verbose_name="文章", on_delete=models.CASCADE, related_name="comments")
    nickname = models.CharField("昵称", max_length=30, default="网友")
    content = models.TextField("内容")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    flagged_words = models.CharField("命中敏感词", max_length=200, blank=True, help_text="需要人工审核的敏感词。")
    ip_hash = models.CharField("IP 摘要", max_length=32, db_index=True)
    user_agent = models.CharField("浏览器标识", max_length=300, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "评论"
        verbose_name_plural = "评论"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["article", "status", "created_at"], name="comment_article_status")]

    def __str__(self):
        return f"{self.nickname}：{self.content[:30]}"


class Like(models.Model):
    """One visitor's like of one article; the visitor is a signed cookie id."""

    article = models.ForeignKey(Article, verbose_name="文章", on_delete=models.CASCADE, related_name="likes")
    visitor = models.CharField("访客标识", max_length=40)
    ip_hash = models.CharField("IP 摘要", max_length=32, db_index=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "点赞"
        verbose_name_plural = "点赞"
        constraints = [models.UniqueConstraint(fields=["article", "visitor"], name="unique_like_per_visitor")]

    def __str__(self):
        return f"{self.article_id} · {self.visitor[:8]}"


class ArticleDailyStat(models.Model):
    """Per-article counters for one day (site time zone): the source of the hot lists."""

    article = models.ForeignKey(Article, verbose_name="文章", on_delete=models.CASCADE, related_name="daily_stats")
    day = models.DateField("日期", db_index=True)
    views = models.PositiveIntegerField("浏览", default=0)
    likes = models.PositiveIntegerField("点赞", default=0)
    comments = models.PositiveIntegerField("评论", default=0)

    class Meta:
        verbose_name = "每日统计"
        verbose_name_plural = "每日统计"
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="unique_article_day")]

    def __str__(self):
        return f"{self.article_id} {self.day}"


class SensitiveWord(models.Model):
    class Action(models.TextChoices):
        BLOCK = "block", "禁止发布"
        REVIEW = "review", "人工审核"
        MASK = "mask", "替换为＊"

    word = models.CharField("敏感词", max_length=50, unique=True)
    action = models.CharField("处理方式", max_length=10, choices=Action.choices, default=Action.REVIEW)
    note = models.CharField("备注", max_length=100, blank=True)
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = "敏感词"
        verbose_name_plural = "敏感词"
        ordering = ["word"]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from .wordfilter import invalidate

        invalidate()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        from .wordfilter import invalidate

        invalidate()
        return result


class BannedIP(models.Model):
    ip_hash = models.CharField("IP 摘要", max_length=32, unique=True)
    reason = models.CharField("原因", max_length=200, blank=True)
    created_at = models.DateTimeField("封禁时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "封禁 IP"
        verbose_name_plural = "封禁 IP"
        ordering = ["-created_at"]

    def __str__(self):
        return self.ip_hash


class Complaint(models.Model):
    """A reader's complaint to the webmaster (联系站长处理), about one article or the site."""

    class Reason(models.TextChoices):
        INFRINGEMENT = "infringement", "侵权"
        UNTRUE = "untrue", "内容不实"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        PENDING = "pending", "待处理"
        WITHDRAWN = "withdrawn", "已撤稿"
        RESTORED = "restored", "已恢复文章"
        HANDLED = "handled", "已处理"
        DISMISSED = "dismissed", "不予处理"

    article = models.ForeignKey(
        Article, verbose_name="文章", null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints"
    )
    reason = models.CharField("投诉原因", max_length=20, choices=Reason.choices)
    contact = models.CharField("联系方式", max_length=100)
    details = models.TextField("详细说明")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    ip_hash = models.CharField("IP 摘要", max_length=32, db_index=True)
    user_agent = models.CharField("浏览器标识", max_length=300, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "投诉"
        verbose_name_plural = "投诉"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_reason_display()}：{self.details[:30]}"


class FlushedViewSpool(models.Model):
    """A spool file of counted views already written to the database, recorded in the same
    transaction as its counts: a flush killed before its commit is redone, one killed after it
    is not repeated (engage.counters)."""

    key = models.CharField("计数文件", max_length=80, unique=True)
    created_at = models.DateTimeField("写入时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "已写入的浏览计数文件"
        verbose_name_plural = "已写入的浏览计数文件"

    def __str__(self):
        return self.key
