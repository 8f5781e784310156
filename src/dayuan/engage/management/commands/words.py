import sys

from django.core.management.base import BaseCommand, CommandError

from dayuan.engage import wordfilter
from dayuan.engage.models import SensitiveWord


class Command(BaseCommand):
    help = "敏感词表：import 从文本文件导入，export 导出，check 检查一段文字。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import", help="从 UTF-8 文件导入：每行一个词，可写成“词,处理方式”")
        imp.add_argument("file", help="词表文件路径（- 表示标准输入）")
        imp.add_argument(
            "--action",
            default="review",
            choices=["block", "review", "mask"],
            help="未写处理方式的行按此处理（默认 review 送审）",
        )
        sub.add_parser("export", help="按“词,处理方式”逐行输出词表")
        chk = sub.add_parser("check", help="显示过滤器对一段文字的处理结果")
        chk.add_argument("text", help="要检查的文字")

    def handle(self, *args, subcommand, **options):
        getattr(self, f"do_{subcommand}")(**options)

    def do_import(self, file, action="review", **options):
        try:
            if file == "-":
                text = sys.stdin.read()
            else:
                with open(file, "rb") as handle:
                    raw = handle.read()
                try:
                    text = raw.decode("utf-8-sig")
                except UnicodeDecodeError:
                    text = raw.decode("gb18030")
        except OSError as error:
            raise CommandError(f"无法读取文件 {file}：{error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"无法识别 {file} 的编码，请保存为 UTF-8。") from None
        entries, errors = wordfilter.parse_word_lines(text.splitlines(), action)
        for _, message in errors:
            self.stderr.write(message)
        created, updated = wordfilter.import_words(entries)
        self.stdout.write(f"导入完成：新增 {created} 个，更新 {updated} 个，跳过 {len(errors)} 行。")

    def do_export(self, **options):
        for word, action in SensitiveWord.objects.values_list("word", "action"):
            self.stdout.write(f"{word},{action}")

    def do_check(self, text, **options):
        result = wordfilter.check(text)
        self.stdout.write(f"处理方式：{result.action or '通过'}")
        if result.words:
            self.stdout.write("命中：" + "、".join(result.words))
        self.stdout.write(f"结果：{result.text}")
