"""The newsroom's roles as Django groups, created (and kept up to date) by `dayuan init`."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

EDITOR, REVIEWER, ADMIN = "编辑", "审核", "管理员"

READ_BASE = ["news.view_channel", "news.view_region", "news.view_flag", "news.view_tag"]
EDITOR_PERMS = READ_BASE + [
    "news.view_article",
    "news.add_article",
    "news.change_article",
    "news.add_tag",
    "news.view_articletag",
    "news.add_articletag",
    "news.change_articletag",
    "news.delete_articletag",
    "editorial.submit_article",
    "editorial.upload_image",
    "editorial.view_articlerevision",
    "editorial.view_imageasset",
]
REVIEWER_PERMS = EDITOR_PERMS + ["editorial.publish_article", "editorial.view_auditlog"]


def _permissions(names):
    wanted = {tuple(name.split(".")) for name in names}
    found = [
        p for p in Permission.objects.select_related("content_type") if (p.content_type.app_label, p.codename) in wanted
    ]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        raise LookupError(f"Permissions missing (run migrate first): {sorted(missing)}")
    return found


@transaction.atomic
def create_roles():
    """Create the three groups and give each exactly its permissions; returns the groups."""
    if not Permission.objects.filter(content_type__app_label="editorial", codename="publish_article").exists():
        from django.apps import apps
        from django.contrib.auth.management import create_permissions

        for config in apps.get_app_configs():  # normally made by migrate's signal; make sure of them
            create_permissions(config, verbosity=0)
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.set(_permissions(EDITOR_PERMS))
    reviewer, _ = Group.objects.get_or_create(name=REVIEWER)
    reviewer.permissions.set(_permissions(REVIEWER_PERMS))
    admin, _ = Group.objects.get_or_create(name=ADMIN)
    admin.permissions.set(Permission.objects.all())
    return editor, reviewer, admin
