from django.core.cache import cache
from django.db import models, transaction

SITE_SETTINGS_CACHE_KEY = "portal:site-settings"


class SiteSettings(models.Model):
    """The site-level texts and switches: one row, edited in the admin."""

    title = models.CharField("网站标题", max_length=100, default="大院网-大院资讯网")
    short_name = models.CharField("简称", max_length=30, default="大院网")
    name = models.CharField("网站名称", max_length=60, default="大院资讯网")
    footer_name = models.CharField("页脚名称", max_length=60, default="大院新闻网")
    domain = models.CharField(
        "域名",
        max_length=100,
        default="127.0.0.1:8000",
        help_text="用于生成文章的“本文地址”等完整网址，如 www.example.com",
    )
    use_https = models.BooleanField("使用 HTTPS", default=False)
    description = models.CharField("网站描述", max_length=200, blank=True, default="本地新闻与公共服务信息门户")
    keywords = models.CharField("网站关键词", max_length=200, blank=True, default="")
    about_title = models.CharField("关于标题", max_length=60, default="关于大院新闻网")
    about = models.TextField(
        "关于",
        default="大院网是公共的资讯平台，公开、绿色、守法，服务本地网民，并提供本地公共服务导航，一站式进入本地各大政府服务平台。",
    )
    copyright = models.CharField("版权行", max_length=200, default="Copyright ©大院新闻网")
    disclaimer_en = models.TextField("英文免责声明", blank=True, default="")
    disclaimer_zh = models.TextField("中文免责声明", blank=True, default="")
    statement_heading = models.CharField("文章声明标题", max_length=30, default="版权声明")
    statement_original = models.TextField(
        "原创声明",
        default="本文为本站原创，版权归本站所有。\n转载请注明出处并保留本文地址。",
        help_text="每行一句。",
    )
    statement_authorized = models.TextField(
        "授权声明",
        default="本文仅代表作者观点，不代表本站立场。\n本文系作者授权发表，未经许可，不得转载。",
        help_text="每行一句。",
    )
    statement_reprinted = models.TextField(
        "转载声明",
        default="本文转载自网络，仅代表原作者观点，不代表本站立场。\n如有侵权，请联系站长处理。",
        help_text="每行一句。来源与原文链接会自动附在声明下方。",
    )
    address_label = models.CharField("本文地址标签", max_length=30, default="本文地址:")
    comments_heading = models.CharField("评论区标题", max_length=30, default="留言与评论")
    captcha_label = models.CharField("验证码标签", max_length=30, default="验证码:")
    comments_moderated = models.BooleanField("评论先审后发", default=True)
    icp_number = models.CharField(
        "ICP 备案号",
        max_length=60,
        blank=True,
        default="",
        help_text="如：晋ICP备12345678号-1；填写后显示在页脚，链接到工信部备案系统",
    )
    police_record = models.CharField(
        "公安备案号",
        max_length=60,
        blank=True,
        default="",
        help_text="如：晋公网安备 14010502000001号；填写后显示在页脚",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    @property
    def police_record_code(self):
        """The digits of the 公安备案号, which the national record site looks up."""
        return "".join(ch for ch in self.police_record if ch.isdigit())

    class Meta:
        db_table = "portal_sitesettings"  # the table predates the core app (moved without data loss)
        verbose_name = "站点设置"
        verbose_name_plural = "站点设置"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        from .memo import bump

        self.pk = 1
        with transaction.atomic():
            super().save(*args, **kwargs)
            bump()  # every page shows the settings
        cache.delete(SITE_SETTINGS_CACHE_KEY)

    @classmethod
    def load(cls):
        """The settings row, cached; created with defaults on first use."""
        from .memo import memoized

        return memoized("site-settings", cls._load)

    @classmethod
    def _load(cls):
        settings = cache.get(SITE_SETTINGS_CACHE_KEY)
        if settings is None:
            settings, _ = cls.objects.get_or_create(pk=1)
            cache.set(SITE_SETTINGS_CACHE_KEY, settings, 300)
        return settings

    @property
    def base_url(self):
        return f"{'https' if self.use_https else 'http'}://{self.domain}"

    def statement_lines(self, kind):
        text = {
            "original": self.statement_original,
            "authorized": self.statement_authorized,
            "reprinted": self.statement_reprinted,
        }.get(kind, "")
        return [line.strip() for line in text.splitlines() if line.strip()]


class ContentVersion(models.Model):
    """One row, changed by every change to public content: the key of what pages share (core.memo)."""

    number = models.BigIntegerField(default=0)

    class Meta:
        db_table = "portal_contentversion"
        verbose_name = "内容版本"
        verbose_name_plural = "内容版本"
