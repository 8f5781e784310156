import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

KINDS = ("site", "list", "feed", "article")


class Command(BaseCommand):
    help = "Bake every public page to DAYUAN_HOME/public (parallel, resumable), or only the given URLs."

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="*", help="Only these URL paths, e.g. /gsyl/jinzhong/4597.html")
        parser.add_argument("--jobs", "-j", type=int, default=0, help="Worker processes (default: one per core).")
        parser.add_argument("--only", choices=KINDS, action="append",
                            help="Only this kind of page (repeatable): site, list, feed, article.")
        parser.add_argument("--restart", action="store_true",
                            help="Ignore an unfinished earlier bake instead of resuming it.")
        parser.add_argument("--no-progress", action="store_true", help="Don't show the progress bar.")
        parser.add_argument("--no-static", action="store_true",
                            help="Skip collectstatic (the pages link to the collected, hashed files).")

    def handle(self, *args, urls, jobs, only, restart, no_progress, no_static, **options):
        from dayuan.publish import baking
        from dayuan.publish.full import bake_all

        if not no_static:
            call_command("collectstatic", interactive=False, verbosity=0)
        started = time.monotonic()
        if urls:
            bad = [url for url in urls if not url.startswith("/")]
            if bad:
                raise CommandError(f"网址须以 / 开头：{' '.join(bad)}")
            counts = baking.bake_paths(urls)
        else:
            counts = bake_all(jobs=jobs or None, progress=not no_progress, restart=restart, kinds=only)
        elapsed = time.monotonic() - started
        done = sum(v for k, v in counts.items() if k in ("written", "unchanged"))
        self.stdout.write(self.style.SUCCESS(
            f"完成：{done} 页（新写入 {counts.get('written', 0)}，未变 {counts.get('unchanged', 0)}，"
            f"移除 {counts.get('removed', 0)}，续做跳过 {counts.get('resumed', 0)}，"
            f"失败 {counts.get('failed', 0)}），用时 {elapsed:.1f} 秒"
        ))
        if counts.get("failed"):
            raise CommandError(f"{counts['failed']} 页生成失败，详见日志；修复后再次运行 dayuan bake 会接着做。")
