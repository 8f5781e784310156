# Joins two branches of work that each added a 0003 migration.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_articletag_label"),
        ("news", "0003_tag_name_in_urls"),
    ]

    operations = []
