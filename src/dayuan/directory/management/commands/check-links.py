from django.core.management.base import BaseCommand

from dayuan.directory.checker import check_entries
from dayuan.directory.models import ServiceEntry


class Command(BaseCommand):
    help = "检查便民服务导航的每个链接并记录结果（从不删除条目）。"

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=None, help="每个网站的等待秒数")
        parser.add_argument("--all", action="store_true", help="也检查不对读者显示的条目")

    def handle(self, *args, timeout=None, all=False, **options):
        entries = ServiceEntry.objects.all() if all else ServiceEntry.objects.visible()
        checked, failing = check_entries(list(entries.select_related("region")), timeout=timeout)
        for entry in ServiceEntry.objects.filter(is_failing=True):
            self.stdout.write(
                f"链接异常：{entry.name} {entry.url}（连续失败 {entry.consecutive_failures} 次：{entry.last_error}）"
            )
        self.stdout.write(self.style.SUCCESS(f"已检查 {checked} 个链接，{failing} 个标记为异常。"))
