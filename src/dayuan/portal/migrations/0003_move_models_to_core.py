"""SiteSettings and ContentVersion now belong to the core app (core.0001 takes them over).

The tables stay as they are; the content types move too, so admin permissions and
log entries that point at these models keep pointing at them.
"""

from django.db import migrations

MOVED = ("sitesettings", "contentversion")


def move_content_types(apps, schema_editor, source="portal", target="core"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="core", target="portal")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_content_version"),
        ("core", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="SiteSettings"),
                migrations.DeleteModel(name="ContentVersion"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
