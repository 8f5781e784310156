from django.core.management.base import BaseCommand, CommandError

from dayuan.backup.archive import ArchiveError
from dayuan.backup.restore import RestoreError, restore_archive


class Command(BaseCommand):
    help = "从备份文件恢复站点到空的 DAYUAN_HOME 或空数据库（SQLite 的备份也可恢复到 PostgreSQL）。"

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="dayuan backup 写出的备份文件")
        parser.add_argument(
            "--force", action="store_true", help="目标站点已有数据时也恢复：清空其数据表和媒体目录后载入备份。"
        )

    def handle(self, *args, file, force=False, **options):
        verbosity = options["verbosity"]
        try:
            manifest = restore_archive(file, force=force, log=self.stderr.write if verbosity >= 1 else lambda m: None)
        except (ArchiveError, RestoreError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成：备份于 {manifest['created_at']}。运行 dayuan serve 即可访问，页面会在后台重新生成。"
            )
        )
