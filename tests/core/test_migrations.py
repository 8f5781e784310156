"""SiteSettings and ContentVersion moved from portal to core: a database made before the move
keeps its rows, and the admin's content types (permissions, log entries) move with them."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dayuan.core.models import ContentVersion, SiteSettings

BEFORE_THE_MOVE = [("portal", "0002_content_version"), ("core", None)]


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_its_rows():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state([("portal", "0002_content_version")]).apps
    old.get_model("portal", "SiteSettings").objects.create(pk=1, title="旧站点标题", domain="old.example.com")
    old.get_model("portal", "ContentVersion").objects.create(pk=1, number=4242)
    # An old database's content type (and the permissions on it) named the portal app.
    ContentType.objects.filter(app_label="core").update(app_label="portal")
    content_type = ContentType.objects.get(app_label="portal", model="sitesettings")
    assert "portal_sitesettings" in connection.introspection.table_names()

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    settings = SiteSettings.objects.get(pk=1)
    assert (settings.title, settings.domain) == ("旧站点标题", "old.example.com")
    assert ContentVersion.objects.get(pk=1).number == 4242
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(SiteSettings).pk == content_type.pk
    assert not ContentType.objects.filter(app_label="portal", model__in=["sitesettings", "contentversion"]).exists()
    assert content_type.permission_set.filter(codename="change_sitesettings").exists()


@pytest.mark.django_db
def test_the_models_keep_their_tables():
    assert SiteSettings._meta.db_table == "portal_sitesettings"
    assert ContentVersion._meta.db_table == "portal_contentversion"
    SiteSettings.load()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM portal_sitesettings")
        assert cursor.fetchone() == (1,)
