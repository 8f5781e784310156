"""Download a collected article's images into the media store and point the body at them.

Each image is fetched with the run's fetcher (same politeness, robots and size
cap rules, with its own smaller cap), must be served as an image and open in
Pillow as JPEG, PNG, GIF or WebP within a pixel limit (a decompression bomb is
refused), and is stored once under its content hash. An image that fails is
dropped from the body rather than hot-linked to the other site.
"""

import hashlib
import io
from html import escape
from urllib.parse import urljoin

import lxml.html
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from .fetch import FetchError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
DEFAULT_MAX_IMAGE_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000
DEFAULT_MAX_IMAGES = 20


class ImageRejected(Exception):
    pass


def check_image(data):
    """The file extension for image bytes, or ImageRejected with a Chinese reason."""
    max_pixels = getattr(settings, "COLLECT_MAX_IMAGE_PIXELS", DEFAULT_MAX_PIXELS)
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format
            width, height = image.size
            image.verify()
    except Exception as exc:  # Pillow raises many kinds for a broken file
        raise ImageRejected(f"不是有效的图片：{type(exc).__name__}") from None
    if fmt not in ALLOWED_FORMATS:
        raise ImageRejected(f"不支持的图片格式：{fmt}")
    if width * height > max_pixels:
        raise ImageRejected(f"图片尺寸过大：{width}×{height}")
    return ALLOWED_FORMATS[fmt]


def store_image(data, ext):
    digest = hashlib.sha1(data).hexdigest()
    name = f"collect/{digest[:2]}/{digest}.{ext}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    return default_storage.url(name)


def download(fetcher, url):
    """Fetch and store one image; returns its media URL."""
    max_bytes = getattr(settings, "COLLECT_MAX_IMAGE_BYTES", DEFAULT_MAX_IMAGE_BYTES)
    page = fetcher.get(url, max_bytes=max_bytes)
    ctype = page.content_type.split(";")[0].strip().lower()
    if ctype and not ctype.startswith("image/") and ctype != "application/octet-stream":
        raise ImageRejected(f"不是图片（{ctype}）")
    return store_image(page.content, check_image(page.content))


def localize_images(html, base_url, fetcher):
    """(html with images stored locally, [(url, error)] for those dropped)."""
    if not html or "<img" not in html:
        return html, []
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    max_images = getattr(settings, "COLLECT_MAX_IMAGES", DEFAULT_MAX_IMAGES)
    stored, failures = {}, []
    for img in list(fragment.iter("img")):
        src = (img.get("src") or img.get("data-src") or img.get("data-original") or "").strip()
        url = urljoin(base_url or "", src) if src else ""
        if url.startswith("//"):
            url = "https:" + url
        if url not in stored:
            try:
                if not url.startswith(("http://", "https://")):
                    raise ImageRejected("图片地址无效")
                if len(stored) >= max_images:
                    raise ImageRejected("图片数量超过上限")
                stored[url] = download(fetcher, url)
            except (FetchError, ImageRejected) as exc:
                stored[url] = None
                failures.append((url, getattr(exc, "reason", str(exc))))
        if stored[url]:
            for attr in ("data-src", "data-original", "srcset"):
                img.attrib.pop(attr, None)
            img.set("src", stored[url])
        else:
            img.drop_tree()
    inner = escape(fragment.text or "", quote=False) + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in fragment
    )
    return inner, failures
