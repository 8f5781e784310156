"""The substring index (character pairs beside the words): new index storage, rebuilt from the articles.

SQLite's FTS5 table gains the pair columns (an FTS5 table can't be altered, so
it is created anew); PostgreSQL's vector gains the pair lexemes. Both are
refilled here from the published articles, so an upgraded site keeps finding
what it found before.
"""

from django.db import migrations

BATCH = 500


def rebuild_index(apps, schema_editor):
    from dayuan.search import index
    from dayuan.search.backends import backend_class_for_vendor

    backend = backend_class_for_vendor(schema_editor.connection.vendor)(
        params={"DATABASE": schema_editor.connection.alias}
    )
    backend.uninstall(schema_editor)
    backend.install(schema_editor)
    # Historical models: only the columns this migration knows are read.
    Article = apps.get_model("news", "Article")
    ArticleTag = apps.get_model("news", "ArticleTag")
    published = Article.objects.using(backend.using).filter(status="published").order_by("pk")
    last_id = 0
    while batch := list(published.filter(pk__gt=last_id).only("pk", "title", "summary", "body")[:BATCH]):
        tags = {}
        for article_id, name in (
            ArticleTag.objects.using(backend.using)
            .filter(article__in=batch)
            .order_by("position", "id")
            .values_list("article_id", "tag__name")
        ):
            tags.setdefault(article_id, []).append(name)
        backend.add_many([index.document_for(article, tags.get(article.pk, [])) for article in batch])
        last_id = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_article_city"),
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(rebuild_index, migrations.RunPython.noop),
    ]
