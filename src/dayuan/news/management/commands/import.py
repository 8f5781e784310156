import re

from django.core.management.base import BaseCommand, CommandError

from dayuan.news.htmlimport import import_page
from dayuan.news.importing import ImportFailed


class Command(BaseCommand):
    help = "导入新闻页面（网页 HTML 或浏览器另存为的文本，按内容识别），新建或更新对应文章；成功时输出文章网址。"

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="保存的网页（HTML）或另存为文本的页面文件")
        parser.add_argument(
            "--id",
            dest="article_id",
            metavar="N",
            help="文章编号：新建时使用此编号，已有则更新（保留原站网址中的编号）",
        )
        parser.add_argument(
            "--channel", metavar="SLUG", help="栏目别名，如 gsyl；文本页面默认取“本文地址”中的栏目，网页必须指定"
        )
        parser.add_argument(
            "--region",
            metavar="SLUG",
            help="地区别名或名称，如 jinzhong；默认取页面信息行上的地区（网页：正文提到的地区）",
        )
        parser.add_argument("--publish", action="store_true", help="按页面上的时间发布；不加时新文章存为草稿")

    def handle(self, *args, path, article_id=None, channel=None, region=None, publish=False, **options):
        if article_id is not None:
            if not re.fullmatch(r"[1-9][0-9]{0,17}", article_id.strip()):
                raise CommandError(f"--id 必须是正整数：{article_id}")
            article_id = int(article_id)
        try:
            result = import_page(path, article_id=article_id, channel_slug=channel, region_slug=region, publish=publish)
        except ImportFailed as error:
            raise CommandError(" ".join(str(error).split())) from None
        if options["verbosity"] >= 2:
            self.stderr.write(f"{'新建' if result.created else '更新'}文章 {result.article.pk}：{result.article.title}")
        self.stdout.write(result.url)
