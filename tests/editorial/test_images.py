"""Upload checks by content: type, size, pixels, decompression bombs, SVG; EXIF stripped."""

import io
import json
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from dayuan.editorial.models import ImageAsset

from .conftest import jpeg_bytes

pytestmark = pytest.mark.django_db
UPLOAD = "/admin/news/article/upload-image/"


def upload(client, name, data, content_type="image/jpeg"):
    response = client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, content_type=content_type)})
    return response.status_code, json.loads(response.content)


def png_bomb(width=30000, height=30000):
    """A tiny PNG whose header claims a huge picture (a decompression bomb)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 16)  # only the start; never decoded
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def test_good_jpeg_is_stored_without_exif_with_thumbnails(login, users, media_root):
    status, data = upload(login(users["editor"]), "photo.jpg", jpeg_bytes())
    assert status == 200, data
    asset = ImageAsset.objects.get()
    assert data["location"] == asset.file.url and (asset.width, asset.height) == (1200, 800)
    with Image.open(asset.file.path) as stored:
        assert not stored.getexif()
    assert set(asset.variants) == {"320", "640", "1024"}
    with Image.open(media_root / asset.variants["320"]) as thumb:
        assert thumb.size == (320, 213) and thumb.format == "WEBP"


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("fake.jpg", b"MZ\x90\x00 this is an exe renamed to jpg" * 10, "不是有效的图片"),
        (
            "evil.svg",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "SVG",
        ),
        ("evil.jpg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "SVG"),
        ("bomb.png", png_bomb(), "像素过多"),
    ],
)
def test_bad_uploads_are_refused_in_chinese(login, users, media_root, name, data, message):
    status, body = upload(login(users["editor"]), name, data)
    assert status == 400 and message in body["error"]
    assert not ImageAsset.objects.exists()


def test_fifty_megabyte_image_is_refused(login, users, media_root):
    big = jpeg_bytes((64, 64), exif=False) + b"\x00" * (50 * 1024 * 1024)
    status, body = upload(login(users["editor"]), "big.jpg", big)
    assert status == 400 and "太大" in body["error"]


def test_upload_needs_permission(login, users, media_root):
    status, body = upload(login(users["nobody"]), "photo.jpg", jpeg_bytes())
    assert status == 403 and "权限" in body["error"]


def test_bad_cover_is_refused_and_form_kept(login, users, media_root):
    from .test_admin import ADD, form

    client = login(users["editor"])
    data = form(title="带封面的稿子")
    data["cover"] = SimpleUploadedFile("cover.jpg", b"not an image at all", content_type="image/jpeg")
    page = client.post(ADD, data).content.decode()
    assert "请上传一张有效的图片" in page or "不是有效的图片" in page
    assert "带封面的稿子" in page


def test_cover_gets_srcset_in_lists(login, users, media_root, client):
    from dayuan.editorial import services
    from dayuan.news.models import Article

    from .test_admin import ADD, form

    editor = login(users["editor"])
    data = form(title="带封面的稿子")
    data["cover"] = SimpleUploadedFile("cover.jpg", jpeg_bytes(), content_type="image/jpeg")
    assert editor.post(ADD, data).status_code == 302
    article = Article.objects.get(title="带封面的稿子")
    with Image.open(article.cover.path) as stored:
        assert not stored.getexif()
    services.publish(article, by=users["reviewer"])
    page = client.get("/region/taiyuan/").content.decode()
    assert 'class="cover"' in page and "w320.webp 320w" in page and "1200w" in page


def test_editor_image_in_body_gets_srcset(login, users, media_root):
    from dayuan.news.models import Article

    from .test_admin import ADD, form

    client = login(users["editor"])
    status, data = upload(client, "photo.jpg", jpeg_bytes())
    assert status == 200
    client.post(ADD, form(body=f'<p>图文</p><p><img src="{data["location"]}" alt="图"></p>'))
    body = Article.objects.get(title="编辑写的新稿").body
    assert "srcset=" in body and "w640.webp 640w" in body


def test_png_with_transparency_and_gif_are_accepted(login, users, media_root):
    client = login(users["editor"])
    for fmt, name in (("PNG", "a.png"), ("GIF", "a.gif")):
        out = io.BytesIO()
        Image.new("RGBA" if fmt == "PNG" else "P", (400, 300)).save(out, format=fmt)
        status, body = upload(client, name, out.getvalue(), "image/" + fmt.lower())
        assert status == 200, body


def jpeg_with_segments():
    """A JPEG carrying a COM comment, an XMP APP1, an ICC APP2 and an IPTC APP13 segment."""
    plain = jpeg_bytes((64, 48), exif=True)

    def segment(marker, payload):
        return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload

    extra = (
        segment(0xFE, b"secret comment: reporter phone 13800000000")
        + segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>secret-xmp</x:xmpmeta>")
        + segment(0xED, b"Photoshop 3.0\x008BIM secret-iptc")
    )
    return plain[:2] + extra + plain[2:]


def test_every_jpeg_metadata_segment_is_stripped(login, users, media_root):
    from dayuan.collect.media import store_image

    data = jpeg_with_segments()
    assert b"secret comment" in data and Image.open(io.BytesIO(data)).info.get("comment")
    status, body = upload(login(users["editor"]), "photo.jpg", data)
    assert status == 200, body
    collected = store_image(data, "c.jpg")
    for asset in (ImageAsset.objects.first(), collected):
        stored = (media_root / asset.file.name).read_bytes()
        assert b"secret" not in stored
        markers = set()
        position = 2
        while position < len(stored) and stored[position] == 0xFF and stored[position + 1] != 0xDA:
            markers.add(stored[position + 1])
            position += 2 + struct.unpack(">H", stored[position + 2 : position + 4])[0]
        assert not markers & ({0xFE, 0xE1, 0xE2, 0xED} | set(range(0xE1, 0xF0))), sorted(hex(m) for m in markers)
