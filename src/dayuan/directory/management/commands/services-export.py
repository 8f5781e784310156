from django.core.management.base import BaseCommand

from dayuan.directory.csvio import export_csv
from dayuan.directory.models import ServiceEntry


class Command(BaseCommand):
    help = "把便民服务导航导出为 CSV（写入文件或标准输出）。"

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="要写入的 CSV 文件；不写则输出到标准输出")

    def handle(self, *args, file=None, **options):
        if file:
            with open(file, "w", encoding="utf-8-sig", newline="") as out:
                export_csv(ServiceEntry.objects.all(), out)
            self.stderr.write(f"已导出 {ServiceEntry.objects.count()} 条到 {file}")
        else:
            export_csv(ServiceEntry.objects.all(), self.stdout)
