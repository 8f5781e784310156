from django.core.management.base import BaseCommand, CommandError

from dayuan.directory.csvio import CSVImportError, import_csv


class Command(BaseCommand):
    help = "从 CSV 导入便民服务导航条目（全部成功或全部不导入；按地区和名称匹配）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="列与 services-export 输出相同的 CSV 文件")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as source:
                text = source.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"无法读取 {file}：{error}（需要 UTF-8 编码的 CSV）") from None
        try:
            created, updated = import_csv(text)
        except CSVImportError as error:
            raise CommandError("导入失败，未做任何修改：\n" + "\n".join(error.errors)) from None
        self.stdout.write(self.style.SUCCESS(f"导入完成：新增 {created} 条，更新 {updated} 条。"))
