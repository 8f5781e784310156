from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from dayuan.core.home import make_home
from dayuan.core.models import SiteSettings
from dayuan.core.siteconfig import SiteFileError, load_site_file
from dayuan.directory.basedata import load_initial_services
from dayuan.editorial.roles import create_roles
from dayuan.news.basedata import load_base_data


class Command(BaseCommand):
    help = "建立或升级数据库，载入基础数据（地区、栏目、推荐属性）；可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="同时载入演示文章")
        parser.add_argument("--site", metavar="FILE", help="从 TOML 文件（格式同 site.toml）载入站点文字")

    def handle(self, *args, demo=False, site=None, **options):
        verbosity = options["verbosity"]
        if site and not Path(site).is_file():
            raise CommandError(f"找不到站点配置文件：{site}")
        make_home()
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
        # Static files are collected here so that `dayuan serve` starts at once.
        call_command("collectstatic", interactive=False, verbosity=0)
        regions = load_base_data()
        load_initial_services()
        create_roles()
        SiteSettings.load()
        if site:
            try:
                changed = load_site_file(site)
            except SiteFileError as error:
                raise CommandError(str(error)) from None
            labels = "、".join(str(SiteSettings._meta.get_field(name).verbose_name) for name in changed)
            self.stdout.write(f"站点文字：从 {site} 更新了 {len(changed)} 项（{labels or '无'}）")
        if demo:
            from dayuan.portal.demo import load_demo

            created = load_demo()
            self.stdout.write(f"演示文章：新增 {created} 篇")
        self.stdout.write(self.style.SUCCESS(f"数据库已就绪：{regions} 个地区；数据文件夹 {settings.DAYUAN_HOME}"))
