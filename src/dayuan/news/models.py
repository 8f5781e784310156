from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from dayuan.core.memo import memoized
from dayuan.core.reversing import cached_reverse
from dayuan.text.html import sanitize_html

from .tagnames import safe_tag_name, validate_tag_name

# First path segments that belong to the site itself and so can't be channel slugs.
RESERVED_SLUGS = frozenset(
    "admin api about captcha media static region tag tags search services feeds feed rss "
    "sitemap.xml robots.txt complaints complaint comments engage collect publish page "
    "preview accounts favicon.ico".split()
)


def validate_channel_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(f"“{value}”是系统保留地址，不能用作栏目别名。")


class Region(models.Model):
    """An administrative division: province → prefecture-level city → county level."""

    PROVINCE, CITY, COUNTY = 1, 2, 3
    LEVELS = [(PROVINCE, "省级"), (CITY, "地级"), (COUNTY, "县级")]

    code = models.CharField("行政区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=30)
    short_name = models.CharField("简称", max_length=20, db_index=True)
    slug = models.SlugField("拼音别名", max_length=40, unique=True)
    level = models.PositiveSmallIntegerField("级别", choices=LEVELS)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = "地区"
        verbose_name_plural = "地区"
        ordering = ["code"]

    def __str__(self):
        return self.name

    @classmethod
    def city_id_for(cls, pk, parent_id, level):
        """The id of the prefecture-level city a region is in (its own for a city), None for a province."""
        return parent_id if level == cls.COUNTY else (pk if level == cls.CITY else None)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # A region moved to another city (or level) takes its articles' city along.
        city = self.city_id_for(self.pk, self.parent_id, self.level)
        Article.objects.filter(region_id=self.pk).exclude(city_id=city).update(city_id=city)

    def get_absolute_url(self):
        return cached_reverse("news:region", [self.slug])

    @property
    def city(self):
        """The prefecture-level city this region is in (itself for a city)."""
        if self.level != self.COUNTY:
            return self
        if not Region.parent.is_cached(self):
            parent_id = self.parent_id
            self.parent = memoized(("region", parent_id), lambda: Region.objects.get(pk=parent_id))
        return self.parent

    def descendant_ids(self):
        return memoized(("region-descendants", self.pk), self._descendant_ids)

    def _descendant_ids(self):
        if self.level == self.COUNTY:
            return [self.pk]
        if self.level == self.CITY:
            return [self.pk, *self.children.values_list("pk", flat=True)]
        return list(Region.objects.values_list("pk", flat=True))


class Channel(models.Model):
    """A section of the site (栏目), in a tree."""

    name = models.CharField("名称", max_length=30)
    slug = models.SlugField(
        "拼音别名",
        max_length=40,
        unique=True,
        validators=[validate_channel_slug],
        help_text="用于网址，如 各市一览 → gsyl。",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级栏目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.CharField("简介", max_length=200, blank=True)
    position = models.PositiveIntegerField("排序", default=0)
    in_nav = models.BooleanField("显示在导航", default=True)

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ["position", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("news:channel", [self.slug])

    def descendant_ids(self):
        return memoized(("channel-descendants", self.pk), self._descendant_ids)

    def _descendant_ids(self):
        ids, frontier = [self.pk], [self.pk]
        while frontier:
            frontier = list(Channel.objects.filter(parent__in=frontier).values_list("pk", flat=True))
            ids.extend(frontier)
        return ids


class Flag(models.Model):
    """A headline flag (重点关注, 头条, 推荐, 幻灯 ...) that places an article on the site."""

    name = models.CharField("名称", max_length=20, unique=True)
    slug = models.SlugField("别名", max_length=30, unique=True)
    show_in_title = models.BooleanField("标题前显示为【】前缀", default=True)
    position = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "头条标记"
        verbose_name_plural = "头条标记"
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    name = models.CharField("名称", max_length=32, unique=True, validators=[validate_tag_name])
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "标签"
        verbose_name_plural = "标签"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = safe_tag_name(self.name)[:32]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("news:tag", [self.name])


def city_of(region_id):
    """The prefecture-level city of a region (itself for a city), None for a province."""
    if region_id is None:
        return None
    cities = memoized(
        "region-cities",
        lambda: {row[0]: Region.city_id_for(*row) for row in Region.objects.values_list("pk", "parent_id", "level")},
    )
    if region_id not in cities:  # a region added since the map was made
        return Region.city_id_for(*Region.objects.values_list("pk", "parent_id", "level").get(pk=region_id))
    return cities[region_id]


def in_region_q(region, prefix=""):
    """Articles in `region` or below it, as a filter (`prefix` to reach the article from another model).

    One equality each, so the (…, status, published_at) indexes give the newest first
    without sorting a whole city's articles (an IN over a city's counties can't)."""
    if region.level == Region.COUNTY:
        return Q(**{f"{prefix}region_id": region.pk})
    if region.level == Region.CITY:
        return Q(**{f"{prefix}city_id": region.pk})
    if sole_province(region):
        return Q()
    return Q(**{f"{prefix}region_id__in": region.descendant_ids()})


def sole_province(region):
    """True when `region` is the site's one province: then every article is in it."""
    provinces = memoized(
        "provinces", lambda: list(Region.objects.filter(level=Region.PROVINCE).values_list("pk", flat=True))
    )
    return provinces == [region.pk]


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def in_region(self, region):
        return self.filter(in_region_q(region))

    def in_channel(self, channel):
        return self.filter(channel_id__in=channel.descendant_ids())

    def flagged(self):
        return self.filter(Q(flag__isnull=False) | Q(flags__isnull=False)).distinct()

    def for_listing(self):
        """What a list item shows: no body (the biggest column by far)."""
        return self.select_related("channel", "region", "flag").defer("body").order_by("-published_at", "-id")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        REVIEW = "review", "待审核"
        SCHEDULED = "scheduled", "定时发布"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤稿"

    class Statement(models.TextChoices):
        ORIGINAL = "original", "原创"
        AUTHORIZED = "authorized", "作者授权"
        REPRINTED = "reprinted", "转载"

    title = models.CharField("标题", max_length=200)
    flag = models.ForeignKey(
        Flag,
        verbose_name="标题前缀",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prefixed_articles",
        help_text="显示在标题前的【】标记，如 重点关注。",
    )
    flags = models.ManyToManyField(
        Flag,
        verbose_name="推荐位",
        blank=True,
        related_name="placed_articles",
        help_text="头条、推荐、幻灯等首页位置。",
    )
    editor = models.CharField("编辑", max_length=50, blank=True, default="网络编辑")
    author = models.CharField("作者", max_length=50, blank=True)
    channel = models.ForeignKey(Channel, verbose_name="栏目", on_delete=models.PROTECT, related_name="articles")
    region = models.ForeignKey(Region, verbose_name="地区", on_delete=models.PROTECT, related_name="articles")
    # The region's prefecture-level city (none for a province-level article), kept by save():
    # city lists and blocks read one index range instead of merging a dozen counties'.
    city = models.ForeignKey(
        Region, verbose_name="所在市", on_delete=models.PROTECT, related_name="+", null=True, blank=True, editable=False
    )
    summary = models.TextField("摘要", blank=True)
    body = models.TextField("正文", help_text="HTML，保存时自动清理不安全的标签和属性。")
    cover = models.ImageField("封面图", upload_to="covers/%Y/%m/", blank=True)
    tags = models.ManyToManyField(
        Tag,
        verbose_name="标签",
        blank=True,
        related_name="articles",
        through="ArticleTag",
    )
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    statement = models.CharField("版权声明", max_length=12, choices=Statement.choices, default=Statement.ORIGINAL)
    source_name = models.CharField("来源", max_length=100, blank=True)
    source_url = models.URLField("原文链接", max_length=500, blank=True)
    collected_at = models.DateTimeField("采集时间", null=True, blank=True)

    like_count = models.PositiveIntegerField("点赞数", default=0)
    view_count = models.PositiveIntegerField("浏览数", default=0)
    comment_count = models.PositiveIntegerField("评论数", default=0, help_text="已通过审核的评论数。")
    # The related articles the page showed when it was last baked, best first: a page rendered
    # cold (its file gone) and a site-wide re-bake show them again instead of scoring anew.
    related_ids = models.JSONField("相关文章", null=True, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"
        ordering = ["-published_at", "-id"]
        # Ascending: read backwards they give published_at DESC, id DESC (the rowid comes last in
        # every SQLite index), the lists' order, so no sorter runs and deep pages skip cheaply.
        indexes = [
            models.Index(fields=["status", "published_at"], name="article_status_pub"),
            models.Index(fields=["channel", "status", "published_at"], name="article_channel_pub"),
            models.Index(fields=["region", "status", "published_at"], name="article_region_pub"),
            models.Index(fields=["city", "status", "published_at"], name="article_city_pub"),
            models.Index(fields=["flag", "status", "published_at"], name="article_flag_pub"),
            models.Index(fields=["channel", "city", "status", "published_at"], name="article_channel_city_pub"),
            # Whether an article found by id (a tag's, a related candidate) is public, and the
            # columns a related candidate is scored on, without reading its row: in SQLite the
            # row holds the body before these columns, so the table read walks the body's
            # overflow pages (a tag list at 100,000 articles: 10 -> 4 ms; 3,000 related
            # candidates at 10,000: 22 -> 5.4 ms).
            models.Index(fields=["id", "status", "published_at", "region", "city", "title"], name="article_public_row"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        self.city_id = city_of(self.region_id)
        if kwargs.get("update_fields") is not None and "region" in kwargs["update_fields"]:
            kwargs["update_fields"] = [*kwargs["update_fields"], "city"]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.address(self.channel.slug, self.region.slug, self.pk)

    @staticmethod
    def address(channel_slug, region_slug, pk):
        """The canonical /<channel>/<region>/<id>.html, also for rows read without the model.

        Reversed once per channel and region (a few hundred pairs), not per article: a bake of
        a big site otherwise keeps every article's address in the reverse cache of each worker."""
        head = cached_reverse("news:article", [channel_slug, region_slug, 0])
        return f"{head[: -len('0.html')]}{pk}.html"

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.published_at and self.published_at <= timezone.now()

    @property
    def title_prefix(self):
        return self.prefix_of(self.flag.name, self.flag.show_in_title) if self.flag_id else ""

    @staticmethod
    def prefix_of(flag_name, show_in_title):
        """The 【重点关注】 a flag puts before the title, when it is one that shows there."""
        return flag_name if flag_name and show_in_title else ""

    @property
    def ordered_tags(self):
        """Tags in the order the editor (or the extractor) ranked them (from prefetch_related("tag_links__tag") when done)."""
        if "tag_links" in getattr(self, "_prefetched_objects_cache", {}):
            return [link.tag for link in sorted(self.tag_links.all(), key=lambda link: (link.position, link.pk))]
        return [link.tag for link in self.tag_links.select_related("tag").order_by("position", "id")]

    def set_tags(self, names):
        """Replace the tags with these names, in this order (created when new)."""
        names = list(dict.fromkeys(safe_tag_name(name)[:32] for name in names if name and safe_tag_name(name)))
        getattr(self, "_prefetched_objects_cache", {}).pop("tag_links", None)
        self.tag_links.all().delete()
        for position, name in enumerate(names):
            tag, _ = Tag.objects.get_or_create(name=name)
            ArticleTag.objects.create(article=self, tag=tag, position=position)


class ArticleTag(models.Model):
    """An article's tag, with its rank: the meta line shows tags in this order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tag_links")
    # Indexed with the article below: a tag's list reads its articles from the index alone.
    tag = models.ForeignKey(
        Tag, verbose_name="标签", on_delete=models.CASCADE, related_name="article_links", db_index=False
    )
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "文章标签"
        verbose_name_plural = "文章标签"
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "tag"], name="unique_article_tag")]
        # A tag's articles without reading each link's row (a tag of 1,500 articles at 100,000:
        # its count 7.0 -> 3.7 ms, its newest twenty 6.7 -> 4.9 ms).
        indexes = [models.Index(fields=["tag", "article"], name="articletag_tag_article")]

    def __str__(self):
        return self.tag.name
