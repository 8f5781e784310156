"""dayuan reindex: rebuild the search index from the articles, resumably."""

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from dayuan.news.models import Article, ArticleTag
from dayuan.search import index
from dayuan.search.backends import get_search_backend
from dayuan.search.models import ReindexProgress


class Command(BaseCommand):
    help = "重建全文搜索索引（中断后再次运行会从上次停下的地方继续）。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="每批索引的文章数，每批提交一次（默认 500）。")
        parser.add_argument("--restart", action="store_true", help="忽略上次未完成的进度，清空索引后从头开始。")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条。")

    def handle(self, *args, batch_size, restart, no_progress, **options):
        backend = get_search_backend()
        name = type(backend).__name__
        progress = ReindexProgress.objects.filter(backend=name).first()
        if restart or progress is None:
            with transaction.atomic():
                backend.reset_index()
                ReindexProgress.objects.filter(backend=name).delete()
                progress = ReindexProgress.objects.create(backend=name, total=Article.objects.count())
        else:
            self.stdout.write(f"从文章编号 {progress.last_id} 之后继续。")
        articles = Article.objects.filter(status=Article.Status.PUBLISHED)
        remaining = articles.filter(pk__gt=progress.last_id)
        done_before = articles.filter(pk__lte=progress.last_id).count()
        bar = tqdm(
            total=done_before + remaining.count(),
            initial=done_before,
            unit="篇",
            desc="重建索引",
            disable=no_progress,
            file=self.stderr._out,
        )
        last_id = progress.last_id
        while True:
            batch = list(remaining.filter(pk__gt=last_id).order_by("pk")[:batch_size])
            if not batch:
                break
            tags = {}
            for article_id, tag_name in (
                ArticleTag.objects.filter(article__in=batch)
                .order_by("position", "id")
                .values_list("article_id", "tag__name")
            ):
                tags.setdefault(article_id, []).append(tag_name)
            documents = [index.document_for(a, tags.get(a.pk, [])) for a in batch]
            last_id = batch[-1].pk
            with transaction.atomic():
                backend.add_many(documents)
                ReindexProgress.objects.filter(pk=progress.pk).update(last_id=last_id)
            bar.update(len(batch))
        bar.close()
        backend.optimize()
        ReindexProgress.objects.filter(pk=progress.pk).delete()
        self.stdout.write(self.style.SUCCESS(f"索引完成：共 {backend.count()} 篇文章。"))
