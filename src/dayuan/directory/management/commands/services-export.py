from django.core.management.base import BaseCommand

from dayuan.directory.csvio import export_csv
from dayuan.directory.models import ServiceEntry


class Command(BaseCommand):
    help = "Export the public-service directory as CSV (to a file, or standard output)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="CSV file to write; standard output when omitted.")

    def handle(self, *args, file=None, **options):
        if file:
            with open(file, "w", encoding="utf-8-sig", newline="") as out:
                export_csv(ServiceEntry.objects.all(), out)
            self.stderr.write(f"已导出 {ServiceEntry.objects.count()} 条到 {file}")
        else:
            export_csv(ServiceEntry.objects.all(), self.stdout)
