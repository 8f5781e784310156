from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Q, When


def validate_service_url(value):
    """Only plain web links: a `javascript:` or `data:` entry would run in the reader's browser."""
    scheme = urlsplit(value.strip()).scheme.lower()
    if scheme not in ("http", "https"):
        raise ValidationError("网址必须以 http:// 或 https:// 开头（不接受 javascript: 等其他协议）。")


def failing_after():
    return getattr(settings, "DIRECTORY_FAILING_AFTER", 3)


class ServiceCategory(models.Model):
    name = models.CharField("名称", max_length=30, unique=True)
    slug = models.SlugField("别名", max_length=40, unique=True, help_text="用于网址筛选，如 zwfw。")
    position = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "服务分类"
        verbose_name_plural = "服务分类"
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class ServiceEntryQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_active=True)

    def for_city(self, city):
        """The city's own entries, then its counties', then the province's."""
        region_ids = [city.pk, *city.children.values_list("pk", flat=True)]
        if city.parent_id:
            region_ids.append(city.parent_id)
        return (
            self.filter(region_id__in=region_ids)
            .annotate(
                scope=Case(
                    When(region_id=city.pk, then=0),
                    When(region__parent_id=city.pk, then=1),
                    default=2,
                    output_field=IntegerField(),
                )
            )
            .order_by("scope", "category__position", "position", "id")
        )

    def search(self, query):
        q = Q()
        for word in query.split():
            q &= (
                Q(name__icontains=word)
                | Q(description__icontains=word)
                | Q(url__icontains=word)
                | Q(region__name__icontains=word)
                | Q(category__name__icontains=word)
            )
        return self.filter(q)


class ServiceEntry(models.Model):
    """A link to a government service platform, with what the link checker last saw."""

    name = models.CharField("名称", max_length=100)
    url = models.URLField(
        "网址",
        max_length=500,
        blank=True,
        validators=[validate_service_url],
        help_text="仅限 http:// 或 https:// 网址；只有热线电话的条目可留空。",
    )
    description = models.CharField("说明", max_length=300, blank=True)
    phone = models.CharField("电话/热线", max_length=60, blank=True)
    category = models.ForeignKey(ServiceCategory, verbose_name="分类", on_delete=models.PROTECT, related_name="entries")
    region = models.ForeignKey(
        "news.Region", verbose_name="地区", on_delete=models.PROTECT, related_name="service_entries"
    )
    position = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("显示", default=True)
    needs_review = models.BooleanField(
        "待核实",
        default=False,
        help_text="初始数据中尚未确认的条目；dayuan check-links 检查可访问后自动取消，编辑核实后也可手动取消。",
    )
    verified_on = models.DateField("人工核实日期", null=True, blank=True)

    last_checked_at = models.DateTimeField("最近检查时间", null=True, blank=True)
    last_ok_at = models.DateTimeField("最近可访问时间", null=True, blank=True)
    status_code = models.PositiveSmallIntegerField("状态码", null=True, blank=True)
    final_url = models.URLField("最终网址", max_length=500, blank=True)
    tls_valid = models.BooleanField("证书有效", null=True, blank=True)
    response_ms = models.PositiveIntegerField("响应耗时(毫秒)", null=True, blank=True)
    last_error = models.CharField("最近错误", max_length=300, blank=True)
    consecutive_failures = models.PositiveSmallIntegerField("连续失败次数", default=0)
    is_failing = models.BooleanField("链接异常", default=False, db_index=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ServiceEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "服务条目"
        verbose_name_plural = "服务条目"
        ordering = ["category__position", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="directory_unique_region_name"),
        ]

    def __str__(self):
        return self.name

    @property
    def last_verified(self):
        """The later of the last successful check and the last check by an editor."""
        dates = [d for d in (self.last_ok_at and self.last_ok_at.date(), self.verified_on) if d]
        return max(dates) if dates else None

    def record_check(self, result, now):
        """Store one check's outcome; mark failing after N consecutive failures. Never deletes."""
        self.last_checked_at = now
        self.status_code = result.status_code
        self.final_url = (result.final_url or "")[:500]
        self.tls_valid = result.tls_valid
        self.response_ms = result.elapsed_ms
        self.last_error = (result.error or "")[:300]
        if result.ok:
            self.consecutive_failures = 0
            self.last_ok_at = now
            self.is_failing = False
            self.needs_review = False  # the site answered: the address is confirmed
        else:
            self.consecutive_failures += 1
            self.is_failing = self.consecutive_failures >= failing_after()
        self.save(
            update_fields=[
                "last_checked_at",
                "status_code",
                "final_url",
                "tls_valid",
                "response_ms",
                "last_error",
                "consecutive_failures",
                "last_ok_at",
                "is_failing",
                "needs_review",
                "updated_at",
            ]
        )
