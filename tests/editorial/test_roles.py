import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_init_creates_the_three_roles(db):
    call_command("init", verbosity=0)
    call_command("init", verbosity=0)  # idempotent
    editor, reviewer, admin = (Group.objects.get(name=n) for n in ("编辑", "审核", "管理员"))
    perms = lambda g: set(g.permissions.values_list("content_type__app_label", "codename"))  # noqa: E731
    assert ("editorial", "submit_article") in perms(editor)
    assert ("editorial", "publish_article") not in perms(editor)
    assert ("news", "delete_article") not in perms(editor)
    assert ("editorial", "publish_article") in perms(reviewer)
    assert perms(editor) < perms(reviewer) < perms(admin)
    assert ("news", "delete_article") in perms(admin)
