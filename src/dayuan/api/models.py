"""API tokens, and the durable record of articles that left the site (the changes feed)."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

TOKEN_PREFIX = "dy_"
PREFIX_LENGTH = 11  # "dy_" and 8 characters: enough to tell tokens apart in a list


def digest(raw):
    """Tokens are 256 random bits, so a plain SHA-256 is enough (no slow hash needed to resist guessing)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A per-user key for the write API; only its hash is kept, the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("名称", max_length=60, help_text="用途，如“小程序发稿”。")
    prefix = models.CharField("前缀", max_length=PREFIX_LENGTH, editable=False)
    digest = models.CharField("摘要", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name}（{self.prefix}…）"

    @classmethod
    def issue(cls, user, name):
        """Create a token; returns (token, raw). The raw value is never stored: show it once."""
        token = cls(user=user, name=name)
        raw = token.new_secret()
        token.save()
        return token, raw

    def new_secret(self):
        """Give this (unsaved) token a fresh secret; returns the raw value to show once."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.prefix, self.digest = raw[:PREFIX_LENGTH], digest(raw)
        return raw

    @classmethod
    def find(cls, raw):
        return cls.objects.active().select_related("user").filter(digest=digest(raw or "")).first()

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    @property
    def is_revoked(self):
        return self.revoked_at is not None


class ArticleRemoval(models.Model):
    """An article that left the public site (withdrawn, deleted, unpublished): what a mirror must drop.

    Written in the transaction of the change itself, so the feed never misses one."""

    class Kind(models.TextChoices):
        WITHDRAWN = "withdrawn", "撤稿"
        DELETED = "deleted", "删除"
        UNPUBLISHED = "unpublished", "下线"

    article_id = models.BigIntegerField("文章编号", db_index=True)  # no foreign key: deleted ones stay listed
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    removed_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "下线记录"
        verbose_name_plural = "下线记录"
        ordering = ["removed_at", "id"]
        indexes = [models.Index(fields=["removed_at", "id"], name="api_removal_at")]

    def __str__(self):
        return f"{self.article_id} {self.get_kind_display()}"
