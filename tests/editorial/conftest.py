import io

import pytest
from PIL import Image


@pytest.fixture
def roles(base_data):
    from dayuan.editorial.roles import create_roles

    return create_roles()


@pytest.fixture
def users(roles, django_user_model):
    editor_group, reviewer_group, admin_group = roles
    made = {}
    for name, group in (("editor", editor_group), ("reviewer", reviewer_group), ("chief", admin_group)):
        user = django_user_model.objects.create_user(name, password="pw-" + name, is_staff=True)
        user.groups.add(group)
        made[name] = user
    made["nobody"] = django_user_model.objects.create_user("nobody", password="pw-nobody", is_staff=True)
    return made


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def make_article(base_data):
    from dayuan.news.models import Article, Channel, Region

    def make(**fields):
        data = {
            "title": "测试文章",
            "body": "<p>第一段</p>",
            "channel": Channel.objects.get(slug="gsyl"),
            "region": Region.objects.get(slug="taiyuan"),
        }
        data.update(fields)
        return Article.objects.create(**data)

    return make


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def jpeg_bytes(size=(1200, 800), exif=True):
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCamera"  # Make
        data[0x0131] = "GPS-ish software"  # Software
        kwargs["exif"] = data.tobytes()
    image.save(out, format="JPEG", **kwargs)
    return out.getvalue()
