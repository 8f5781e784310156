"""Generate a bench site: N published articles in DAYUAN_HOME (SQLite), and the same N posts as
Markdown for Hugo.

    DAYUAN_HOME=/tmp/bench-home python bench/publish_site.py 10000 /tmp/bench-hugo
"""

import os
import random
import sys
import time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dayuan.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from dayuan.news.models import Article, ArticleTag, Channel, Region, Tag, city_of  # noqa: E402
from dayuan.publish.signals import paused  # noqa: E402

WORDS = "经济 发展 民生 改革 项目 城市 乡村 文化 旅游 交通 教育 医疗 产业 创新 环境 治理 服务 群众 企业 投资".split()
PARAGRAPH = (
    "本报讯 记者从有关部门获悉，近日当地围绕高质量发展目标，持续推进重点项目建设，优化营商环境，"
    "着力解决群众急难愁盼问题，各项工作取得积极进展。"
)


def body(rng):
    parts = []
    for section in range(3):
        parts.append(f"<h2>第{section + 1}部分 {rng.choice(WORDS)}{rng.choice(WORDS)}</h2>")
        parts += [f"<p>{PARAGRAPH * rng.randint(2, 4)}</p>" for _ in range(5)]
    return "".join(parts)


def generate(count, hugo_dir=None, seed=7):
    rng = random.Random(seed)
    call_command("init", verbosity=0)
    channels = list(Channel.objects.all())
    regions = list(Region.objects.exclude(level=Region.PROVINCE))
    tags = [Tag.objects.get_or_create(name=f"{a}{b}")[0] for a in WORDS for b in WORDS[:10]]
    now = timezone.now()
    started = time.monotonic()
    with paused():
        batch = []
        for i in range(count):
            batch.append(
                Article(
                    title=f"{rng.choice(regions).short_name}{rng.choice(WORDS)}{rng.choice(WORDS)}工作取得新进展（{i}）",
                    channel=rng.choice(channels),
                    region=rng.choice(regions),
                    body=body(rng),
                    summary=PARAGRAPH,
                    status=Article.Status.PUBLISHED,
                    published_at=now - timedelta(minutes=10 * (count - i)),
                )
            )
        for article in batch:  # bulk_create skips save(), which keeps the city
            article.city_id = city_of(article.region_id)
        Article.objects.bulk_create(batch, batch_size=1000)
        ids = list(Article.objects.values_list("pk", flat=True))
        links = [
            ArticleTag(article_id=pk, tag=tag, position=n) for pk in ids for n, tag in enumerate(rng.sample(tags, 3))
        ]
        ArticleTag.objects.bulk_create(links, batch_size=5000)
    print(f"{count} articles in {time.monotonic() - started:.1f}s")
    # Related articles on every article page come from the search index, as on a real site.
    started = time.monotonic()
    call_command("reindex", "--no-progress", verbosity=0)
    print(f"search index in {time.monotonic() - started:.1f}s")
    if hugo_dir:
        write_hugo(hugo_dir, Article.objects.select_related("channel", "region").prefetch_related("tags"))


def write_hugo(directory, articles):
    """The same articles as a Hugo site: one Markdown file each, sections = channels, tags = tags."""
    os.makedirs(f"{directory}/layouts/_default", exist_ok=True)
    with open(f"{directory}/config.toml", "w") as f:
        f.write(
            'baseURL = "http://127.0.0.1/"\nlanguageCode = "zh-cn"\ntitle = "大院网"\n'
            'disableKinds = ["RSS"]\n[pagination]\npagerSize = 20\n'
        )
    layout = (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }} - {{ .Site.Title }}'
        '</title></head><body><header><a href="/">{{ .Site.Title }}</a><nav>{{ range .Site.Sections }}'
        '<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav></header><main>%s</main>'
        "<footer>Copyright ©大院新闻网</footer></body></html>"
    )
    with open(f"{directory}/layouts/_default/single.html", "w") as f:
        f.write(
            layout
            % (
                '<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02 15:04:05" }} '
                '{{ range .Params.tags }}<a href="/tags/{{ . | urlize }}/">{{ . }}</a> {{ end }}</p>'
                "{{ .Content }}</article>"
            )
        )
    with open(f"{directory}/layouts/_default/list.html", "w") as f:
        f.write(
            layout
            % (
                '<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">'
                '{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>'
            )
        )
    for article in articles.iterator(chunk_size=2000):
        folder = f"{directory}/content/{article.channel.slug}"
        os.makedirs(folder, exist_ok=True)
        tags = ", ".join(f'"{t.name}"' for t in article.tags.all())
        text = article.body.replace("<h2>", "\n## ").replace("</h2>", "\n").replace("<p>", "\n").replace("</p>", "\n")
        with open(f"{folder}/{article.pk}.md", "w") as f:
            f.write(
                f'---\ntitle: "{article.title}"\ndate: {article.published_at.isoformat()}\n'
                f'tags: [{tags}]\nregions: ["{article.region.slug}"]\n---\n{text}\n'
            )


if __name__ == "__main__":
    generate(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None)
