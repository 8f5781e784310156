import dayuan.news.tagnames
from django.db import migrations, models


def make_tag_names_url_safe(apps, schema_editor):
    """Rename tags whose names can't be a URL segment; merge into an existing tag of the new name."""
    from dayuan.news.tagnames import safe_tag_name

    Tag = apps.get_model("news", "Tag")
    ArticleTag = apps.get_model("news", "ArticleTag")
    for tag in Tag.objects.all().iterator():
        name = safe_tag_name(tag.name)[:32] or f"标签{tag.pk}"
        if name == tag.name:
            continue
        existing = Tag.objects.filter(name=name).exclude(pk=tag.pk).first()
        if existing is None:
            Tag.objects.filter(pk=tag.pk).update(name=name)
            continue
        tagged = set(ArticleTag.objects.filter(tag=existing).values_list("article_id", flat=True))
        ArticleTag.objects.filter(tag=tag).exclude(article_id__in=tagged).update(tag=existing)
        tag.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_article_city"),
    ]

    operations = [
        migrations.AlterField(
            model_name="tag",
            name="name",
            field=models.CharField(
                max_length=32, unique=True, validators=[dayuan.news.tagnames.validate_tag_name], verbose_name="名称"
            ),
        ),
        migrations.RunPython(make_tag_names_url_safe, migrations.RunPython.noop),
    ]
