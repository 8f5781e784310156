"""SiteSettings and ContentVersion move here from portal, keeping their tables.

Only Django's idea of which app owns the models changes: the tables were created by
portal's first two migrations (which this one follows) and are not touched.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("portal", "0002_content_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SiteSettings",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "title",
                            models.CharField(default="大院网-大院资讯网", max_length=100, verbose_name="网站标题"),
                        ),
                        ("short_name", models.CharField(default="大院网", max_length=30, verbose_name="简称")),
                        ("name", models.CharField(default="大院资讯网", max_length=60, verbose_name="网站名称")),
                        ("footer_name", models.CharField(default="大院新闻网", max_length=60, verbose_name="页脚名称")),
                        (
                            "domain",
                            models.CharField(
                                default="127.0.0.1:8000",
                                help_text="用于生成文章的“本文地址”等完整网址，如 www.example.com",
                                max_length=100,
                                verbose_name="域名",
                            ),
                        ),
                        ("use_https", models.BooleanField(default=False, verbose_name="使用 HTTPS")),
                        (
                            "description",
                            models.CharField(
                                blank=True,
                                default="本地新闻与公共服务信息门户",
                                max_length=200,
                                verbose_name="网站描述",
                            ),
                        ),
                        (
                            "keywords",
                            models.CharField(blank=True, default="", max_length=200, verbose_name="网站关键词"),
                        ),
                        (
                            "about_title",
                            models.CharField(default="关于大院新闻网", max_length=60, verbose_name="关于标题"),
                        ),
                        (
                            "about",
                            models.TextField(
                                default="大院网是公共的资讯平台，公开、绿色、守法，服务本地网民，并提供本地公共服务导航，一站式进入本地各大政府服务平台。",
                                verbose_name="关于",
                            ),
                        ),
                        (
                            "copyright",
                            models.CharField(default="Copyright ©大院新闻网", max_length=200, verbose_name="版权行"),
                        ),
                        ("disclaimer_en", models.TextField(blank=True, default="", verbose_name="英文免责声明")),
                        ("disclaimer_zh", models.TextField(blank=True, default="", verbose_name="中文免责声明")),
                        (
                            "statement_heading",
                            models.CharField(default="版权声明", max_length=30, verbose_name="文章声明标题"),
                        ),
                        (
                            "statement_original",
                            models.TextField(
                                default="本文为本站原创，版权归本站所有。\n转载请注明出处并保留本文地址。",
                                help_text="每行一句。",
                                verbose_name="原创声明",
                            ),
                        ),
                        (
                            "statement_authorized",
                            models.TextField(
                                default="本文仅代表作者观点，不代表本站立场。\n本文系作者授权发表，未经许可，不得转载。",
                                help_text="每行一句。",
                                verbose_name="授权声明",
                            ),
                        ),
                        (
                            "statement_reprinted",
                            models.TextField(
                                default="本文转载自网络，仅代表原作者观点，不代表本站立场。\n如有侵权，请联系站长处理。",
                                help_text="每行一句。来源与原文链接会自动附在声明下方。",
                                verbose_name="转载声明",
                            ),
                        ),
                        (
                            "address_label",
                            models.CharField(default="本文地址:", max_length=30, verbose_name="本文地址标签"),
                        ),
                        (
                            "comments_heading",
                            models.CharField(default="留言与评论", max_length=30, verbose_name="评论区标题"),
                        ),
                        (
                            "captcha_label",
                            models.CharField(default="验证码:", max_length=30, verbose_name="验证码标签"),
                        ),
                        ("comments_moderated", models.BooleanField(default=True, verbose_name="评论先审后发")),
                        (
                            "icp_number",
                            models.CharField(blank=True, default="", max_length=60, verbose_name="ICP 备案号"),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                    ],
                    options={
                        "db_table": "portal_sitesettings",
                        "verbose_name": "站点设置",
                        "verbose_name_plural": "站点设置",
                    },
                ),
                migrations.CreateModel(
                    name="ContentVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("number", models.BigIntegerField(default=0)),
                    ],
                    options={
                        "db_table": "portal_contentversion",
                        "verbose_name": "内容版本",
                        "verbose_name_plural": "内容版本",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
