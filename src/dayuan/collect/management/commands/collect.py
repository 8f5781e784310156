"""`dayuan collect add|list|run|show`: manage collection sources from the shell."""

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dayuan.collect.models import Source
from dayuan.collect.services import run_due, run_source
from dayuan.news.models import Channel, Region
from dayuan.text import gazetteer


class Command(BaseCommand):
    help = "采集来源：add 添加，list 列出，run 立即采集，show 查看来源与最近一次采集结果。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{add,list,run,show}")

        add = sub.add_parser("add", help="添加采集来源")
        add.add_argument("url", help="订阅、站点地图、列表页或文章网址；本地文件或目录的路径")
        add.add_argument("--name", required=True, help="来源名称，显示在转载声明里")
        add.add_argument(
            "--kind",
            choices=[k for k, _ in Source.Kind.choices],
            default="feed",
            help="类型：feed 订阅，sitemap 站点地图，list 列表页，url 单个网址，file 本地文件",
        )
        add.add_argument("--channel", required=True, help="默认栏目别名，如 gsyl")
        add.add_argument("--region", required=True, help="默认地区：拼音别名或名称，如 jinzhong 或 晋中")
        add.add_argument("--interval", type=int, default=60, help="采集间隔（分钟），默认 60")
        add.add_argument("--max-items", type=int, default=30, help="每次最多采集条数，默认 30")
        add.add_argument("--trusted", action="store_true", help="可信来源：文章直接发布（默认进入待审核）")
        add.add_argument(
            "--rule",
            action="append",
            default=[],
            metavar="关键词=>栏目",
            help="栏目映射规则，可重复，如 --rule '旅游|景区 => whly'",
        )
        add.add_argument("--link-pattern", default="", help="列表页文章链接的正则表达式（可选）")
        add.add_argument("--disabled", action="store_true", help="添加后先不启用")

        sub.add_parser("list", help="列出采集来源")

        run = sub.add_parser("run", help="立即采集")
        run.add_argument("ids", nargs="*", type=int, help="来源编号（不写则用 --due 或 --all）")
        run.add_argument("--all", action="store_true", help="采集所有启用的来源")
        run.add_argument("--due", action="store_true", help="只采集到期的来源（同后台任务）")
        run.add_argument("--no-progress", action="store_true", help="不显示进度条")

        show = sub.add_parser("show", help="查看来源与最近一次采集的每条结果")
        show.add_argument("id", type=int, help="来源编号")
        show.add_argument("--run", type=int, help="采集记录编号（默认最近一次）")

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    # ------------------------------------------------------------------

    def do_add(self, url, name, kind, channel, region, interval, max_items, trusted, rule, link_pattern, disabled, **_):
        channel_obj = Channel.objects.filter(slug=channel).first()
        if channel_obj is None:
            raise CommandError(
                f"没有别名为“{channel}”的栏目。可用：{'、'.join(Channel.objects.values_list('slug', flat=True))}"
            )
        region_obj = Region.objects.filter(slug=region).first()
        if region_obj is None:
            place = gazetteer.lookup(region)
            region_obj = Region.objects.filter(code=place.code).first() if place else None
        if region_obj is None:
            raise CommandError(f"找不到地区“{region}”：请写拼音别名（如 jinzhong）或名称（如 晋中）。")
        source = Source(
            name=name,
            kind=kind,
            url=url,
            channel=channel_obj,
            region=region_obj,
            interval=interval,
            max_items=max_items,
            trusted=trusted,
            channel_rules="\n".join(rule),
            link_pattern=link_pattern,
            enabled=not disabled,
        )
        try:
            source.full_clean()
        except ValidationError as exc:
            raise CommandError("；".join(m for msgs in exc.message_dict.values() for m in msgs)) from None
        source.save()
        self.stdout.write(f"已添加采集来源 #{source.pk}：{source.name}（{source.get_kind_display()}）")

    def do_list(self, **_):
        sources = Source.objects.select_related("channel", "region")
        if not sources:
            self.stdout.write("还没有采集来源。用 dayuan collect add 添加。")
            return
        for s in sources:
            last = s.runs.first()
            state = "启用" if s.enabled else "停用"
            trust = "可信" if s.trusted else "需审核"
            summary = (
                f"上次：{timezone.localtime(last.started_at):%Y-%m-%d %H:%M} {last.get_status_display()}，{last.summary()}"
                if last
                else "尚未采集"
            )
            self.stdout.write(
                f"#{s.pk} {s.name} [{s.get_kind_display()}] {s.url}\n"
                f"    {s.channel.name}/{s.region.short_name} 每 {s.interval} 分钟 {state} {trust}；{summary}"
            )

    def do_run(self, ids, all, due, no_progress, **_):
        progress = None if no_progress else self._progress
        if due:
            runs = run_due(trigger="cli")
        else:
            if ids:
                sources = list(Source.objects.filter(pk__in=ids))
                missing = set(ids) - {s.pk for s in sources}
                if missing:
                    raise CommandError(f"没有这些来源编号：{', '.join(map(str, sorted(missing)))}")
            elif all:
                sources = list(Source.objects.filter(enabled=True))
            else:
                raise CommandError("请给出来源编号，或用 --all / --due。")
            runs = [run_source(s, trigger="cli", progress=progress) for s in sources]
        for run in runs:
            line = (
                f"#{run.source_id} {run.source.name}：{run.get_status_display()}，发现 {run.found} 条，{run.summary()}"
            )
            if run.error:
                line += f"；{run.error}"
            self.stdout.write(line)
        failed = [run for run in runs if run.status == run.Status.FAILED]
        if failed:
            raise CommandError(f"{len(failed)} 个来源采集失败：{'、'.join(run.source.name for run in failed)}。")

    def _progress(self, total):
        from tqdm import tqdm

        # tqdm hides itself when stderr is not a terminal (disable=None).
        return tqdm(total=total, unit="篇", desc="采集", file=sys.stderr, disable=None, leave=False)

    def do_show(self, id, run=None, **_):
        source = Source.objects.filter(pk=id).select_related("channel", "region").first()
        if source is None:
            raise CommandError(f"没有编号为 {id} 的采集来源。")
        self.stdout.write(
            f"#{source.pk} {source.name}\n类型：{source.get_kind_display()}\n网址：{source.url}\n"
            f"栏目：{source.channel.name}（{source.channel.slug}）  地区：{source.region.name}\n"
            f"间隔：{source.interval} 分钟  可信：{'是' if source.trusted else '否'}  启用：{'是' if source.enabled else '否'}"
        )
        if source.channel_rules.strip():
            self.stdout.write("栏目映射规则：\n  " + "\n  ".join(source.channel_rules.strip().splitlines()))
        runs = source.runs.all()
        chosen = runs.filter(pk=run).first() if run else runs.first()
        if chosen is None:
            self.stdout.write("尚未采集。" if not run else f"没有编号为 {run} 的采集记录。")
            return
        self.stdout.write(
            f"\n采集记录 #{chosen.pk}（{timezone.localtime(chosen.started_at):%Y-%m-%d %H:%M:%S}，"
            f"{chosen.get_status_display()}）：发现 {chosen.found} 条，{chosen.summary()}"
        )
        if chosen.error:
            self.stdout.write(f"错误：{chosen.error}")
        for item in chosen.items.select_related("article"):
            target = f" → 文章 #{item.article_id}" if item.article_id else ""
            reason = f"（{item.reason}）" if item.reason else ""
            self.stdout.write(
                f"  [{item.get_outcome_display()}] {item.title or item.url}{target}{reason}\n      {item.url}"
            )
