import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from dayuan.news.models import Article, Channel, Region

RULE_LINE = re.compile(r"^\s*(?P<keyword>[^=>]+?)\s*(?:=>|->|=|→)\s*(?P<slug>[\w-]+)\s*$")


def parse_channel_rules(text):
    """``关键词 => 栏目别名`` lines as [(keyword, slug)]; raises ValueError naming a bad line."""
    rules = []
    for number, line in enumerate((text or "").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = RULE_LINE.match(line)
        if not match:
            raise ValueError(f"第 {number} 行格式不对，应为“关键词 => 栏目别名”：{line.strip()}")
        for keyword in re.split(r"[|｜,，]", match["keyword"]):
            if keyword.strip():
                rules.append((keyword.strip(), match["slug"]))
    return rules


class Source(models.Model):
    """A site or file the collector reads articles from."""

    class Kind(models.TextChoices):
        FEED = "feed", "RSS/Atom 订阅"
        SITEMAP = "sitemap", "站点地图（含新闻站点地图）"
        LIST = "list", "列表页"
        URL = "url", "单个网址"
        FILE = "file", "本地文件或目录"

    name = models.CharField("来源名称", max_length=100, help_text="转载声明中显示的来源，如 山西日报。")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.FEED)
    url = models.CharField(
        "网址或路径", max_length=500, help_text="订阅、站点地图、列表页或文章的网址；本地文件或目录的路径。"
    )
    channel = models.ForeignKey(Channel, verbose_name="默认栏目", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(
        Region, verbose_name="默认地区", on_delete=models.PROTECT, related_name="+", help_text="识别不出地区时使用。"
    )
    channel_rules = models.TextField(
        "栏目映射规则",
        blank=True,
        help_text="每行一条：关键词 => 栏目别名（多个关键词用 | 分隔）。标题或正文含关键词时归入该栏目，先匹配的规则优先。",
    )
    link_pattern = models.CharField(
        "文章链接规则",
        max_length=200,
        blank=True,
        help_text="列表页可选：只采集网址匹配此正则表达式的链接；留空时自动识别。",
    )
    interval = models.PositiveIntegerField("采集间隔（分钟）", default=60)
    max_items = models.PositiveIntegerField("每次最多采集条数", default=30)
    trusted = models.BooleanField("可信来源", default=False, help_text="可信来源的文章直接发布，其他进入待审核。")
    enabled = models.BooleanField("启用", default=True)

    etag = models.CharField(max_length=200, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_run_at = models.DateTimeField("上次采集", null=True, blank=True, editable=False)
    next_run_at = models.DateTimeField("下次采集", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "采集来源"
        verbose_name_plural = "采集来源"
        ordering = ["id"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.kind == self.Kind.FILE:
            from .discover import import_path
            from .fetch import FetchError

            try:
                if not import_path(self.url).exists():
                    errors["url"] = f"找不到本地文件或目录：{self.url}"
            except FetchError as error:
                errors["url"] = error.reason
        elif not re.match(r"^https?://[^/\s]+", self.url or ""):
            errors["url"] = "请填写以 http:// 或 https:// 开头的网址。"
        try:
            rules = parse_channel_rules(self.channel_rules)
        except ValueError as exc:
            errors["channel_rules"] = str(exc)
        else:
            slugs = {slug for _, slug in rules}
            missing = slugs - set(Channel.objects.filter(slug__in=slugs).values_list("slug", flat=True))
            if missing:
                errors["channel_rules"] = f"没有这些栏目别名：{'、'.join(sorted(missing))}"
        if self.link_pattern:
            try:
                re.compile(self.link_pattern)
            except re.error as exc:
                errors["link_pattern"] = f"正则表达式有误：{exc}"
        if errors:
            raise ValidationError(errors)

    def rules(self):
        try:
            return parse_channel_rules(self.channel_rules)
        except ValueError:
            return []

    def is_due(self, now=None):
        now = now or timezone.now()
        return self.enabled and (self.next_run_at is None or self.next_run_at <= now)

    def schedule_next(self, now):
        self.last_run_at = now
        self.next_run_at = now + timedelta(minutes=max(self.interval, 1))


class CollectRun(models.Model):
    """One pass over a source."""

    class Status(models.TextChoices):
        RUNNING = "running", "进行中"
        DONE = "done", "完成"
        UNCHANGED = "unchanged", "无更新"
        FAILED = "failed", "失败"

    source = models.ForeignKey(Source, verbose_name="来源", on_delete=models.CASCADE, related_name="runs")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.RUNNING)
    trigger = models.CharField("触发方式", max_length=20, default="manual")
    started_at = models.DateTimeField("开始时间", default=timezone.now)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    found = models.PositiveIntegerField("发现条数", default=0)
    new = models.PositiveIntegerField("新增", default=0)
    duplicate = models.PositiveIntegerField("重复", default=0)
    skipped = models.PositiveIntegerField("跳过", default=0)
    failed = models.PositiveIntegerField("失败", default=0)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = "采集记录"
        verbose_name_plural = "采集记录"
        ordering = ["-started_at", "-id"]

    TRIGGER_LABELS = {"cli": "命令行", "worker": "定时", "admin": "后台", "manual": "手动"}

    def __str__(self):
        # In the site's time zone, like every date beside it in the admin.
        return f"{self.source} {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"

    def get_trigger_display(self):
        return self.TRIGGER_LABELS.get(self.trigger, self.trigger)

    def summary(self):
        return f"新增 {self.new}，重复 {self.duplicate}，跳过 {self.skipped}，失败 {self.failed}"


class CollectedItem(models.Model):
    """The outcome of one page in a run: new, duplicate, skipped or failed, with the reason."""

    class Outcome(models.TextChoices):
        NEW = "new", "新增"
        DUPLICATE = "duplicate", "重复"
        SKIPPED = "skipped", "跳过"
        FAILED = "failed", "失败"

    run = models.ForeignKey(CollectRun, verbose_name="采集记录", on_delete=models.CASCADE, related_name="items")
    url = models.CharField("网址", max_length=500)
    canonical_url = models.CharField("规范网址", max_length=500, blank=True, db_index=True)
    title = models.CharField("标题", max_length=200, blank=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, db_index=True)
    reason = models.CharField("说明", max_length=300, blank=True)
    http_status = models.PositiveSmallIntegerField("HTTP 状态", null=True, blank=True)
    article = models.ForeignKey(
        Article,
        verbose_name="文章",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="新增的文章，或重复时已有的文章。",
    )
    similarity = models.FloatField("相似度", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "采集条目"
        verbose_name_plural = "采集条目"
        ordering = ["id"]

    def __str__(self):
        return f"{self.get_outcome_display()} {self.url}"


class ArticleSource(models.Model):
    """Another site that carried the same story ("also reported by"), found by dedupe."""

    article = models.ForeignKey(Article, verbose_name="文章", on_delete=models.CASCADE, related_name="also_sources")
    source = models.ForeignKey(
        Source, verbose_name="采集来源", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField("来源名称", max_length=100)
    url = models.URLField("原文链接", max_length=500, blank=True)
    canonical_url = models.CharField("规范网址", max_length=500, blank=True, db_index=True)
    title = models.CharField("原标题", max_length=200, blank=True)
    author = models.CharField("原作者", max_length=100, blank=True)
    similarity = models.FloatField("相似度", null=True, blank=True)
    collected_at = models.DateTimeField("采集时间", default=timezone.now)

    class Meta:
        verbose_name = "同时报道"
        verbose_name_plural = "同时报道"
        ordering = ["collected_at", "id"]

    def __str__(self):
        return f"{self.name}：{self.title or self.url}"


class Fingerprint(models.Model):
    """An article's canonical URL and MinHash signature, for duplicate detection."""

    article = models.OneToOneField(Article, primary_key=True, on_delete=models.CASCADE, related_name="fingerprint")
    canonical_url = models.CharField(max_length=500, blank=True, db_index=True)
    signature = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "文章指纹"
        verbose_name_plural = "文章指纹"
