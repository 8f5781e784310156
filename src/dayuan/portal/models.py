"""What the site layer keeps of its own: the footer's friend links, ad slots, the order of
articles inside a home-page slot (推荐位), and bakes started from the back office."""

from django.conf import settings
from django.db import models


class FriendLink(models.Model):
    """友情链接: a link to another site, listed in every page's footer."""

    name = models.CharField("网站名称", max_length=40)
    url = models.URLField("网址", max_length=300)
    position = models.PositiveIntegerField("排序", default=0, help_text="数字小的排在前面。")
    is_active = models.BooleanField("显示", default=True)

    class Meta:
        verbose_name = "友情链接"
        verbose_name_plural = "友情链接"
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class AdSlot(models.Model):
    """广告位: a picture or a line of text with a link, shown in one named place of the pages."""

    class Place(models.TextChoices):
        HOME_TOP = "home_top", "首页顶部通栏"
        HOME_SIDE = "home_side", "首页侧栏"
        ARTICLE_BOTTOM = "article_bottom", "文章页正文下方"
        FOOTER = "footer", "全站页脚上方"

    place = models.CharField("位置", max_length=20, choices=Place.choices)
    title = models.CharField("标题", max_length=60, help_text="图片的替代文字，或没有图片时显示的文字。")
    url = models.URLField("链接", max_length=300)
    image = models.ImageField("图片", upload_to="ads/%Y/%m/", blank=True)
    position = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "广告位"
        verbose_name_plural = "广告位"
        ordering = ["place", "position", "id"]

    def __str__(self):
        return f"{self.get_place_display()}：{self.title}"


class SlotPosition(models.Model):
    """An article's rank inside one 推荐位 on the home page (smaller first; unranked ones after,
    newest first)."""

    flag = models.ForeignKey("news.Flag", verbose_name="推荐位", on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey("news.Article", verbose_name="文章", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField("排序")

    class Meta:
        verbose_name = "推荐位排序"
        verbose_name_plural = "推荐位一览"
        constraints = [models.UniqueConstraint(fields=["flag", "article"], name="portal_slot_position_unique")]


class BakeJob(models.Model):
    """One 生成静态 started from the back office; the worker runs it and reports progress here."""

    class Status(models.TextChoices):
        PENDING = "pending", "等待后台任务进程"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    done = models.PositiveIntegerField("已生成页数", default=0)
    total = models.PositiveIntegerField("总页数", default=0)
    summary = models.TextField("结果", blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # The task that runs it: a button's portal.bake, or the re-bake a site-wide change queued.
    task_key = models.CharField("后台任务", max_length=200, blank=True)

    class Meta:
        verbose_name = "生成静态"
        verbose_name_plural = "生成静态"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"生成静态 #{self.pk}（{self.get_status_display()}）"

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else (100 if self.status == self.Status.DONE else 0)
