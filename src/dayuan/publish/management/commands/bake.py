import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

KINDS = ("site", "list", "feed", "article")


class Command(BaseCommand):
    help = "生成静态页面：把所有公开页面（或给出的网址）写到 DAYUAN_HOME/public（并行，可续做）。"

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="*", help="只生成这些网址路径，如 /gsyl/jinzhong/4597.html")
        parser.add_argument("--jobs", "-j", type=int, default=0, help="并行进程数（默认每个 CPU 核一个）")
        parser.add_argument(
            "--only",
            choices=KINDS,
            action="append",
            help="只生成这类页面（可重复）：site 站点页，list 列表，feed 订阅，article 文章",
        )
        parser.add_argument("--restart", action="store_true", help="不续做上次未完成的生成，从头开始")
        parser.add_argument(
            "--kept-related",
            action="store_true",
            help="文章页沿用上次生成时保存的相关文章，不重新计算（站点级改动后的重新生成即如此，更快）",
        )
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")
        parser.add_argument(
            "--no-static", action="store_true", help="跳过 collectstatic（页面引用收集后带哈希的静态文件）"
        )

    def handle(self, *args, urls, jobs, only, restart, kept_related, no_progress, no_static, **options):
        from dayuan.publish.full import bake_all, describe

        if not no_static:
            call_command("collectstatic", interactive=False, verbosity=0)
        started = time.monotonic()
        missing = []
        if urls:
            bad = [url for url in urls if not url.startswith("/")]
            if bad:
                raise CommandError(f"网址须以 / 开头：{' '.join(bad)}")
            counts, missing = bake_given(urls)
        else:
            counts = bake_all(
                jobs=jobs or None, progress=not no_progress, restart=restart, kinds=only, kept_related=kept_related
            )
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"{describe(counts)}，用时 {elapsed:.1f} 秒"))
        if urls and missing:
            raise CommandError(f"这些网址没有页面（不存在或不能生成）：{' '.join(missing)}")
        if counts.get("failed"):
            raise CommandError(f"{counts['failed']} 页生成失败，详见日志；修复后再次运行 dayuan bake 会接着做。")


def bake_given(urls):
    """Counts for the given URL paths, and those that have no page to bake (404 with no old file)."""
    from dayuan.publish import baking

    counts, missing = {}, []
    for url in dict.fromkeys(urls):
        for outcome, number in baking.bake_paths([url]).items():
            counts[outcome] = counts.get(outcome, 0) + number
            if outcome == "skipped":
                missing.append(url)
    return counts, missing
