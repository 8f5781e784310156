from django.conf import settings
from django.db import models


class ArticleRevision(models.Model):
    """A snapshot of an article as saved; restoring one writes a new revision."""

    article = models.ForeignKey("news.Article", verbose_name="文章", on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField("版本号")
    snapshot = models.JSONField("内容快照")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="保存人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("保存时间", auto_now_add=True)

    class Meta:
        verbose_name = "文章版本"
        verbose_name_plural = "文章版本"
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="editorial_revision_number")]

    def __str__(self):
        return f"{self.article_id} 第{self.number}版"


class AuditLog(models.Model):
    """Who did what to which article, and when. Rows are only ever added."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField("操作", max_length=30, db_index=True)
    article = models.ForeignKey(
        "news.Article",
        verbose_name="文章",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    summary = models.CharField("摘要", max_length=300, blank=True)
    comment = models.TextField("意见", blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "操作日志"
        verbose_name_plural = "操作日志"
        ordering = ["-created_at", "-id"]
        # Workflow permissions live here: the news app's models stay as they are.
        permissions = [
            ("submit_article", "可以提交文章审核"),
            ("publish_article", "可以审核、发布、定时发布和撤回文章"),
            ("upload_image", "可以上传图片"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.summary}"

    ACTIONS = {
        "create": "新建",
        "edit": "修改",
        "submit": "提交审核",
        "publish": "发布",
        "reject": "退回",
        "withdraw": "撤稿",
        "schedule": "定时发布",
        "auto_publish": "定时发布执行",
        "restore": "恢复版本",
        "upload": "上传图片",
        "republish": "恢复上线",
        "move": "移动",
        "place": "设推荐位",
        "delete": "删除",
        "revoke_preview": "作废预览链接",
    }

    def get_action_display(self):
        return self.ACTIONS.get(self.action, self.action)


class ImageAsset(models.Model):
    """An uploaded image, re-encoded without metadata, with its resized copies."""

    file = models.ImageField("图片", upload_to="editorial/%Y/%m/")
    width = models.PositiveIntegerField("宽", default=0)
    height = models.PositiveIntegerField("高", default=0)
    variants = models.JSONField("缩略图", default=dict, blank=True, help_text="宽度 → 文件路径")
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "图片"
        verbose_name_plural = "图片"
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name or self.file.name


class PreviewKey(models.Model):
    """The generation of an article's preview links: revoking them bumps it, and every link
    signed with an older generation stops working."""

    article = models.OneToOneField(
        "news.Article", verbose_name="文章", on_delete=models.CASCADE, related_name="preview_key"
    )
    generation = models.PositiveIntegerField("代数", default=0)
    revoked_at = models.DateTimeField("作废时间", null=True, blank=True)

    class Meta:
        verbose_name = "预览链接密钥"
        verbose_name_plural = "预览链接密钥"

    def __str__(self):
        return f"{self.article_id} · {self.generation}"
