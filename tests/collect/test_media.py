"""Image checks and rewriting for collected articles."""

import io

import pytest
from PIL import Image

from dayuan.collect.fetch import Fetcher
from dayuan.collect.media import ImageRejected, localize_images, store_image

from .site import png_bytes

pytestmark = pytest.mark.django_db


def test_store_image_accepts_png():
    asset = store_image(png_bytes(), "a.png")
    assert asset.file.name.endswith(".png") and (asset.width, asset.height) == (64, 40)


def test_store_image_rejects_text():
    """Bytes that are not an image are refused with a reason."""
    with pytest.raises(ImageRejected, match="不是有效的图片"):
        store_image("<html>不是图片</html>".encode())


def test_store_image_rejects_too_many_pixels(settings):
    """A picture over the pixel limit (a decompression bomb) is refused."""
    settings.EDITORIAL_MAX_IMAGE_PIXELS = 1000
    with pytest.raises(ImageRejected, match="像素过多"):
        store_image(png_bytes())


def test_store_image_rejects_other_formats():
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "BMP")
    with pytest.raises(ImageRejected, match="不支持"):
        store_image(out.getvalue())


def test_localize_rewrites_relative_and_drops_failures(fixture_site, settings, tmp_path):
    """Relative images are fetched and pointed at the media store; a page served as an image is dropped."""
    html = '<p>正文</p><p><img src="/uploads/allimg/240516/1-1.png" alt="图"></p><p><img data-src="/news/42.html"></p>'
    with Fetcher(delay=0, retries=0) as fetcher:
        out, failures = localize_images(html, fixture_site.url("/a/gsxw/2024/0516/101.html"), fetcher)
    assert f'src="{settings.MEDIA_URL}editorial/' in out and 'alt="图"' in out
    assert "42.html" not in out and out.startswith("<p>正文</p>")
    assert len(failures) == 1 and "不是图片" in failures[0][1]
    assert list((tmp_path / "media" / "editorial").rglob("*.png"))
