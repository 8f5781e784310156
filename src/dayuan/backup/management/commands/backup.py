from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dayuan.backup.archive import ArchiveError, read_archive
from dayuan.backup.snapshot import default_archive_path, take_backup


class Command(BaseCommand):
    help = (
        "备份整个站点（数据库快照、媒体文件、站点设置和清单）到一个归档文件，网站无需停止；"
        "--verify 校验一个已有的备份文件。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            metavar="FILE",
            help="备份文件（.tar、.tar.gz、.tar.xz 或 .tar.bz2）；默认 $DAYUAN_HOME/backups/dayuan-日期-时间.tar.gz",
        )
        parser.add_argument("--verify", action="store_true", help="只校验 FILE 的校验和与清单，不做备份。")

    def handle(self, *args, file=None, verify=False, **options):
        if verify:
            return self.verify(file)
        path = Path(file) if file else default_archive_path()
        if path.exists():
            raise CommandError(f"文件已存在，不会覆盖：{path}")
        take_backup(path, log=self.log)
        self.stdout.write(str(path))

    def verify(self, file):
        if not file:
            raise CommandError("请指定要校验的备份文件：dayuan backup --verify FILE")
        try:
            manifest = read_archive(file)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        rows = sum(entry["rows"] for entry in manifest["models"])
        self.stdout.write(
            self.style.SUCCESS(
                f"备份文件完好：{len(manifest['files'])} 个文件校验和一致，{rows} 行数据，"
                f"{manifest['media_files']} 个媒体文件；备份于 {manifest['created_at']}，"
                f"数据库 {manifest['database']['vendor']} {manifest['database']['version']}，"
                f"大院 {manifest['versions']['dayuan']}，Django {manifest['versions']['django']}。"
            )
        )

    def log(self, message):
        if self.verbosity >= 1:
            self.stderr.write(message)

    def execute(self, *args, **options):
        self.verbosity = options.get("verbosity", 1)
        return super().execute(*args, **options)
