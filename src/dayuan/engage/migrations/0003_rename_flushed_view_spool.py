from django.db import migrations


class Migration(migrations.Migration):
    # The row records a flushed spool file, not a time bucket: the old name misled.
    dependencies = [("engage", "0002_flushed_view_bucket")]

    operations = [migrations.RenameModel("FlushedViewBucket", "FlushedViewSpool")]
