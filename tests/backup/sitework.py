"""A site's life for the backup tests, run as its own process against DAYUAN_HOME/DAYUAN_DATABASE_URL.

python -m tests.backup.sitework seed
python -m tests.backup.sitework write STOP_FILE PROGRESS_FILE   # until STOP_FILE exists
python -m tests.backup.sitework dump OUT.json                   # every row, by model and pk
python -m tests.backup.sitework search WORDS                    # titles the search finds
"""

import io
import json
import os
import random
import sys
import time
from pathlib import Path

WRITER_LIMIT = 2000  # items; the writer also stops after WRITER_SECONDS
WRITER_SECONDS = 240


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dayuan.settings")
    for name in ("DAYUAN_COMMENT_RATE", "DAYUAN_COMMENT_ARTICLE_RATE"):
        os.environ[name] = "0"
    import django

    django.setup()


def png(seed, size=(64, 48)):
    """A real image (noise, so every upload differs) as an upload."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    rng = random.Random(seed)
    image = Image.frombytes("RGB", size, bytes(rng.randrange(256) for _ in range(size[0] * size[1] * 3)))
    data = io.BytesIO()
    image.save(data, "PNG")
    return SimpleUploadedFile(f"图片-{seed}.png", data.getvalue(), content_type="image/png")


def new_article(title, number):
    from django.utils import timezone

    from dayuan.news.models import Article, Channel, Region

    return Article.objects.create(
        title=title,
        channel=Channel.objects.get(slug="gsyl"),
        region=Region.objects.get(slug="taiyuan"),
        body=f"<p>{title}的正文，第{number}段。</p>",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )


def write_item(number, prefix):
    """One article with two revisions and a comment (an image every third), in one transaction."""
    from django.core.files.base import ContentFile
    from django.db import transaction

    from dayuan.editorial.images import save_upload
    from dayuan.engage.services import post_comment

    with transaction.atomic():
        article = new_article(f"{prefix}第{number}篇", number)
        article.body += "<p>编辑修改后的第二版。</p>"
        article.save()
        post_comment(article, content=f"{prefix}第{number}篇的评论", nickname="读者", ip_hash=f"ip-{prefix}-{number}")
        if number % 3 == 0:
            asset = save_upload(png(number))
            article.cover.save(f"cover-{number}.png", ContentFile(png(-number).read()))
            article.body += f'<p><img src="{asset.file.url}" alt="图{number}"></p>'
            article.save()
    return article


def seed():
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("editor", "editor@example.com", "a-long-password-1", is_staff=True)
    for number in range(1, 7):
        write_item(number, "种子文章")


def write(stop_file, progress_file):
    stop, progress = Path(stop_file), Path(progress_file)
    started = time.monotonic()
    for number in range(1, WRITER_LIMIT + 1):
        if stop.exists() or time.monotonic() - started > WRITER_SECONDS:
            break
        write_item(number, "并发写入")
        partial = progress.with_name(progress.name + ".part")
        partial.write_text(str(number))
        partial.replace(progress)  # the test reads it concurrently: never half-written


def dump(out):
    from django.core import serializers

    from dayuan.backup.dump import dumped_models

    rows = {}
    for model in dumped_models():
        objects = model._base_manager.order_by("pk")
        data = serializers.serialize("python", objects, use_natural_foreign_keys=True)
        many = [field.name for field in model._meta.many_to_many]
        for item in data:  # link order is whatever the database returns
            item["fields"].update(
                {name: sorted(map(str, item["fields"][name])) for name in many if name in item["fields"]}
            )
        rows[model._meta.label_lower] = {str(item["pk"]): item["fields"] for item in data}
    Path(out).write_text(json.dumps(rows, default=str, ensure_ascii=False, sort_keys=True))


def search(words):
    """Print the titles the search index finds (it was rebuilt, not copied, on restore)."""
    from dayuan.search.services import search as run_search

    for result in run_search(f'"{words}"').results:
        print(result.article.title)


if __name__ == "__main__":
    setup()
    command, *args = sys.argv[1:]
    {"seed": seed, "write": write, "dump": dump, "search": search}[command](*args)
